import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** JSON routes of events (issue 5). */
export const eventsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async () => {};
