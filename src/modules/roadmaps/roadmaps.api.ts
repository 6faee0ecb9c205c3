import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';

/** JSON routes of roadmaps (issue 5). */
export const roadmapsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async () => {};
