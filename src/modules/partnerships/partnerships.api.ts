import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of partnerships (issue 5). */
export const partnershipsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
