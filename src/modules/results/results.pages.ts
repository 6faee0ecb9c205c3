import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of results (issue 5). */
export const resultsPages: FastifyPluginAsync<{ db: Db }> = async () => {};
