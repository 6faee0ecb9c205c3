import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import { errorResponses } from '../api/api.schemas.js';
import { presentPractice, presentPracticeItem } from './practices.presenter.js';
import { PracticeDetail, PracticeListQuery, PracticePage } from './practices.schemas.js';
import { getPractice, listPractices } from './practices.service.js';

/** JSON routes of the catalogue. */
export const practicesApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/practices', {
    schema: {
      tags: ['practices'],
      summary: 'List practices, filtered and paged',
      querystring: PracticeListQuery,
      response: { 200: PracticePage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, ...filters } = request.query;
    const list = await listPractices(db, request.actor, filters, { limit, offset });
    return { items: list.items.map(presentPracticeItem), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/practices/:id', {
    schema: {
      tags: ['practices'],
      summary: 'One practice with places, partners, results, criteria and lineage',
      params: Type.Object({ id: Type.String() }),
      response: { 200: PracticeDetail, ...errorResponses },
    },
  }, async (request) => presentPractice(await getPractice(db, request.actor, request.params.id)));
};
