import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of matches (issue 5). */
export const matchesApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
