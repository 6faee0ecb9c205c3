import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of matches (issue 5). */
export const matchesApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
