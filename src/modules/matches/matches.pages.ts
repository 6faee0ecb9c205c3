import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of matches (issue 5). */
export const matchesPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
