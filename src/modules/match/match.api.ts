import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';
import { errorResponses } from '../api/api.schemas.js';
import { countryRegistry } from '../countries/index.js';
import { presentPlaceMatches, presentPracticeMatches } from './match.presenter.js';
import { MatchQuery, PlaceMatches, PracticeMatches } from './match.schemas.js';
import { matchPlaces, matchPractices } from './match.service.js';

export const matchApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/match/practices', {
    schema: {
      tags: ['match'],
      summary: 'Who solved this: practices for a need, from places like the seeker’s, each with its reasons',
      querystring: MatchQuery,
      response: { 200: PracticeMatches, ...errorResponses },
    },
  }, async (request) => presentPracticeMatches(await matchPractices(db, request.actor, request.query), request.t, request.lang));

  app.get('/match/places', {
    schema: {
      tags: ['match'],
      summary: 'Places like mine: places with practices, most alike first, each with its reasons',
      querystring: MatchQuery,
      response: { 200: PlaceMatches, ...errorResponses },
    },
  }, async (request) => {
    const registry = await countryRegistry(db);
    return presentPlaceMatches(await matchPlaces(db, request.query), request.t, request.lang, (code) => registry.get(code)?.names.en ?? code);
  });
};
