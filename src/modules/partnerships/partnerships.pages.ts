import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of partnerships (issue 5). */
export const partnershipsPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
