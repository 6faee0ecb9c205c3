import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of roadmaps (issue 5). */
export const roadmapsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
