import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of matches (issue 5). */
export const matchesPages: FastifyPluginAsync<{ db: Db }> = async () => {};
