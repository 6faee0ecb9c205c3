import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of results (issue 5). */
export const resultsPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
