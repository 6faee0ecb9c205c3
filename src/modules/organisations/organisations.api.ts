import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import { errorResponses } from '../api/api.schemas.js';
import type { Organisation } from './organisations.domain.js';
import { OrganisationListQuery, OrganisationPage, OrganisationSchema } from './organisations.schemas.js';
import { getOrganisation, listOrganisations } from './organisations.service.js';

const MAX_LIMIT = 100;

export function presentOrganisation(organisation: Organisation) {
  const { countryCode, ...rest } = organisation;
  return { ...rest, url: `/organisations/${organisation.id}`, country: countryCode };
}

export const organisationsApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/organisations', {
    schema: { tags: ['organisations'], summary: 'List organisations', querystring: OrganisationListQuery, response: { 200: OrganisationPage, ...errorResponses } },
  }, async (request) => {
    const limit = Math.min(request.query.limit ?? 20, MAX_LIMIT);
    const offset = request.query.offset ?? 0;
    const result = await listOrganisations(db, { ...request.query, limit, offset });
    return { items: result.items.map(presentOrganisation), total: result.total, limit, offset };
  });

  app.get('/organisations/:id', {
    schema: { tags: ['organisations'], summary: 'One organisation', params: Type.Object({ id: Type.String() }), response: { 200: OrganisationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const organisation = await getOrganisation(db, request.params.id);
    if (organisation.mergedInto !== null) return reply.redirect(`/api/v1/organisations/${organisation.mergedInto}`, 301);
    reply.header('etag', `"${organisation.version}"`);
    return presentOrganisation(organisation);
  });
};
