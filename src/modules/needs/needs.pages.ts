import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of needs (issue 5). */
export const needsPages: FastifyPluginAsync<{ db: Db }> = async () => {};
