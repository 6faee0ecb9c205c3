import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of events (issue 5). */
export const eventsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
