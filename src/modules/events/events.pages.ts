import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of events (issue 5). */
export const eventsPages: FastifyPluginAsync<{ db: Db }> = async () => {};
