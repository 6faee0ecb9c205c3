import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of events (issue 5). */
export const eventsPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
