import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { countryRegistry } from '../countries/index.js';
import { getPractice, listPractices, practiceFacets, FILTER_NAMES } from './practices.service.js';
import { PracticeListPage, PracticePage } from './practices.views.js';

const PAGE_SIZE = 20;

/** HTML pages of the catalogue: the filtered list and one practice. */
export const practicesPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/practices', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Number(query.offset ?? 0);
    const list = await listPractices(db, request.actor, query, { limit: PAGE_SIZE, offset: Number.isFinite(offset) ? offset : 0 });
    const facets = await practiceFacets(db, list.filters);
    const registry = await countryRegistry(db);
    const params = new URLSearchParams();
    for (const name of [...FILTER_NAMES, 'offset'] as string[]) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    const ctx = await pageContext(request, db);
    return sendPage(reply, PracticeListPage({ ctx, list, facets, choices: { regions: registry.regions() }, params }));
  });

  app.get<{ Params: { id: string } }>('/practices/:id', { schema: { hide: true } }, async (request, reply) => {
    const practice = await getPractice(db, request.actor, request.params.id);
    return sendPage(reply, PracticePage({ ctx: await pageContext(request, db), practice }));
  });
};
