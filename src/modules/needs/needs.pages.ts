import type { FastifyPluginAsync } from 'fastify';
import type { CooperationModuleOptions } from '../lifecycle/index.js';

/** HTML routes of needs (issue 5). */
export const needsPages: FastifyPluginAsync<CooperationModuleOptions> = async () => {};
