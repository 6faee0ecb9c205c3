import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { practicesAtPlace, PracticeCards } from '../practices/index.js';
import { overdueCommitmentsOf, OverdueCommitmentsSection } from '../roadmaps/index.js';
import { PartnershipCards, partnershipsOfPlace } from '../partnerships/index.js';
import { EventCards, eventsOfPlace } from '../events/index.js';
import { can } from '../../platform/auth/permissions.js';
import { placeTies } from './places.domain.js';
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
    if (place.mergedInto !== null) return reply.redirect(`/places/${place.mergedInto}`, 301);
    const practices = await practicesAtPlace(db, request.actor, place.id);
    const ctx = await pageContext(request, db);
    const ties = placeTies(place);
    const actions = { edit: can(request.actor, 'edit', 'published', ties), history: can(request.actor, 'history', 'published', ties) };
    const overdue = OverdueCommitmentsSection({ ctx, commitments: await overdueCommitmentsOf(db, request.actor, { placeId: place.id }) });
    const partnerships = await partnershipsOfPlace(db, request.actor, place.id);
    const events = await eventsOfPlace(db, request.actor, place.id);
    const cooperation = {
      partnerships: partnerships.length > 0 ? PartnershipCards({ ctx, partnerships }) : null,
      events: events.length > 0 ? EventCards({ ctx, events }) : null,
    };
    return sendPage(reply, PlacePage({ ctx, place, practices: PracticeCards({ ctx, practices }), actions, overdue, cooperation }));
  });
};
