import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of partnerships (issue 5). */
export const partnershipsPages: FastifyPluginAsync<{ db: Db }> = async () => {};
