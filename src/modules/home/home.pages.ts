import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { pageContext } from '../../views/page-context.js';
import { countPlacesWithPublishedPractices, listPractices, publishedFigures } from '../practices/index.js';
import { cooperationLoop } from './home.service.js';
import { CooperationPage, HomePage } from './home.views.js';

export const homePages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    // The home page's figures are of the public catalogue, whoever looks.
    const latest = await listPractices(db, request.actor, { status: 'published' }, { limit: 5 }, false);
    const figures = { ...(await publishedFigures(db)), places: await countPlacesWithPublishedPractices(db) };
    return sendPage(reply, HomePage({ ctx: await pageContext(request, db), figures, latest: latest.items, loop: await cooperationLoop(db, request.actor) }));
  });

  app.get('/cooperation', { schema: { hide: true } }, async (request, reply) => {
    return sendPage(reply, CooperationPage({ ctx: await pageContext(request, db), loop: await cooperationLoop(db, request.actor) }));
  });
};
