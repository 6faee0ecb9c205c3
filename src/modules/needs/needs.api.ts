import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of needs (issue 5). */
export const needsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
