import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of partnerships (issue 5). */
export const partnershipsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
