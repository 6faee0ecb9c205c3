import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../database.js';
import { errorResponses } from '../api/api.schemas.js';
import { presentSearch } from './search.presenter.js';
import { SearchQuery, SearchResponse } from './search.schemas.js';
import { search } from './search.service.js';

export const searchApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/search', {
    schema: {
      tags: ['search'],
      summary: 'Search practices, places and organisations',
      description: 'Ranked full-text search in each record\'s language, accents ignored, expanded through the domain thesaurus so that a query in one language finds records in another. Practices take the catalogue\'s filters; facet counts are over the matches.',
      querystring: SearchQuery,
      response: { 200: SearchResponse, ...errorResponses },
    },
  }, async (request) => {
    const { q, type, limit, offset, ...filters } = request.query;
    return presentSearch(await search(db, request.actor, { q, type, filters, limit, offset }));
  });
};
