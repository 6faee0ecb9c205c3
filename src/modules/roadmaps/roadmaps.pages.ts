import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of roadmaps (issue 5). */
export const roadmapsPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
