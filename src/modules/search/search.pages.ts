import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { FILTER_NAMES } from '../practices/index.js';
import { search } from './search.service.js';
import { thesaurus } from './search.thesaurus.js';
import { SearchPage } from './search.views.js';

const PAGE_SIZE = 20;

export const searchPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/search', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const type = query.type;
    const filters = Object.fromEntries(FILTER_NAMES.filter((name) => query[name] !== undefined).map((name) => [name, query[name]]));
    const result = await search(db, request.actor, { q: query.q, type, filters, limit: PAGE_SIZE, offset });
    const params = new URLSearchParams();
    for (const name of ['q', 'type', ...FILTER_NAMES, 'offset']) if (query[name] !== undefined) params.set(name, query[name]);
    const lang = request.lang as 'en';
    const conceptLabels = result.concepts.map(({ id, matched }) => {
      const concept = thesaurus().concepts.find((c) => c.id === id);
      const others = (concept?.terms[lang] ?? concept?.terms.en ?? []).filter((term) => term.toLowerCase() !== matched).slice(0, 3);
      return others.length > 0 ? `${matched} (${others.join(', ')})` : matched;
    });
    const ctx = await pageContext(request, db);
    return sendPage(reply, SearchPage({ ctx, result, type: ['practice', 'place', 'organisation'].includes(type ?? '') ? type : undefined, params, conceptLabels }));
  });
};
