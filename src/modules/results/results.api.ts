import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of results (issue 5). */
export const resultsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
