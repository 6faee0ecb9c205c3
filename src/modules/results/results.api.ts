import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of results (issue 5). */
export const resultsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
