import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of needs (issue 5). */
export const needsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
