import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { practicesAtPlace, PracticeCards } from '../practices/index.js';
import { getPlace, searchPlaces } from './places.service.js';
import { PlacePage, PlaceSearchPage } from './places.views.js';

const PAGE_SIZE = 25;

export const placesPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/places', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const q = (query.q ?? '').slice(0, 200);
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const result = await searchPlaces(db, { q, country: query.country, limit: PAGE_SIZE, offset });
    const params = new URLSearchParams();
    if (q !== '') params.set('q', q);
    if (query.country) params.set('country', query.country);
    const ctx = await pageContext(request, db);
    return sendPage(reply, PlaceSearchPage({ ctx, q, items: result.items, total: result.total, limit: PAGE_SIZE, offset, params }));
  });

  app.get<{ Params: { id: string } }>('/places/:id', { schema: { hide: true } }, async (request, reply) => {
    const place = await getPlace(db, request.params.id);
    const practices = await practicesAtPlace(db, request.actor, place.id);
    const ctx = await pageContext(request, db);
    return sendPage(reply, PlacePage({ ctx, place, practices: PracticeCards({ ctx, practices }) }));
  });
};
