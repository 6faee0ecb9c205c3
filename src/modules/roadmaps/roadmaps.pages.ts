import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';

/** HTML routes of roadmaps (issue 5). */
export const roadmapsPages: FastifyPluginAsync<{ db: Db }> = async () => {};
