import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import { errorResponses } from '../api/api.schemas.js';
import { countryRegistry } from '../countries/index.js';
import { presentPlace } from './places.presenter.js';
import { PlacePage, PlaceListQuery, PlaceSchema } from './places.schemas.js';
import { getPlace, searchPlaces } from './places.service.js';

const MAX_LIMIT = 100;

export const placesApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const nameOf = async () => {
    const registry = await countryRegistry(db);
    return (code: string) => registry.get(code)?.names.en ?? code;
  };
  app.get('/places', {
    schema: { tags: ['places'], summary: 'Find places by name', querystring: PlaceListQuery, response: { 200: PlacePage, ...errorResponses } },
  }, async (request) => {
    const limit = Math.min(request.query.limit ?? 20, MAX_LIMIT);
    const offset = request.query.offset ?? 0;
    const result = await searchPlaces(db, { q: request.query.q, country: request.query.country, limit, offset });
    const countryName = await nameOf();
    return { items: result.items.map((p) => presentPlace(p, countryName)), total: result.total, limit, offset };
  });

  app.get('/places/:id', {
    schema: { tags: ['places'], summary: 'One place', params: Type.Object({ id: Type.String() }), response: { 200: PlaceSchema, 301: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const place = await getPlace(db, request.params.id);
    // A merged place answers where it went (its links followed the merge).
    if (place.mergedInto !== null) return reply.redirect(`/api/v1/places/${place.mergedInto}`, 301);
    reply.header('etag', `"${place.version}"`);
    return presentPlace(place, await nameOf());
  });
};
