import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { ProblemSchema } from '../api/api.schemas.js';
import { countryRegistry } from '../countries/index.js';
import { OrganisationSchema, presentOrganisation } from '../organisations/index.js';
import { PLACE_KINDS, PlaceSchema, presentPlace } from '../places/index.js';
import { RecordVersionList } from '../versions/index.js';
import { createOrganisation, createPlace, mergeOrganisations, mergePlaces, recordVersions, updateOrganisation, updatePlace } from './curation.service.js';

const IdParams = Type.Object({ id: Type.String() });
const responses = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 428: ProblemSchema };
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const PlaceWrite = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(Type.Union(PLACE_KINDS.map((k) => Type.Literal(k)))),
    altNames: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
    population: nullable(Type.Integer({ minimum: 0 })),
    populationYear: nullable(Type.Integer({ minimum: 1800, maximum: 2200 })),
    latitude: nullable(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: nullable(Type.Number({ minimum: -180, maximum: 180 })),
    needsReview: Type.Optional(Type.Boolean({ description: 'Curators: false marks a flagged place as reviewed' })),
    country: Type.Optional(Type.String({ description: 'POST only: ISO 3166-1 alpha-2 code' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'PATCH: the version edited, if not sent as If-Match' })),
  },
  { additionalProperties: false },
);

const OrganisationWrite = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    kind: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'An organisation_kinds code' })),
    country: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    placeId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    website: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    iatiOrgId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    needsReview: Type.Optional(Type.Boolean({ description: 'Curators: false marks a flagged organisation as reviewed' })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const MergeBody = Type.Object({ into: Type.String({ description: 'The id of the record that stays' }) }, { additionalProperties: false });

/** The version a client edited: If-Match: "<version>" or `version` in the body. */
function edited(request: FastifyRequest, bodyVersion: number | undefined): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') return bodyVersion;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(String(header));
  if (match === null) throw new PontesError('VALIDATION_FAILED', { detail: 'If-Match must be the record\'s ETag, e.g. "3"' });
  return Number(match[1]);
}

/**
 * Writes to places and organisations: focal points and curators edit, members add (flagged for
 * review), curators merge duplicates. Optimistic concurrency as for practices (If-Match or
 * `version`; 409 VERSION_CONFLICT when stale; 428 without it).
 */
export const curationApi: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const countryName = async () => {
    const registry = await countryRegistry(db);
    return (code: string) => registry.get(code)?.names.en ?? code;
  };

  app.post('/places', {
    schema: { tags: ['places'], summary: 'Add a place (flagged for a curator’s review)', body: PlaceWrite, response: { 201: PlaceSchema, ...responses } },
  }, async (request, reply) => {
    const { country, version: _v, ...fields } = request.body;
    if (country === undefined) throw new PontesError('VALIDATION_FAILED', { detail: 'country is required', errors: [{ field: 'country', reason: 'is required' }] });
    const place = await createPlace(db, request.actor, { ...fields, countryCode: country });
    reply.status(201).header('location', `/api/v1/places/${place.id}`).header('etag', `"${place.version}"`);
    return presentPlace(place, await countryName());
  });

  app.patch('/places/:id', {
    schema: {
      tags: ['places'], summary: 'Edit a place (its focal points, curators)', params: IdParams, body: PlaceWrite,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }), response: { 200: PlaceSchema, ...responses },
    },
  }, async (request, reply) => {
    const { country, version, ...fields } = request.body;
    if (country !== undefined) throw new PontesError('VALIDATION_FAILED', { detail: 'the country of a place does not change; merge duplicates instead', errors: [{ field: 'country', reason: 'cannot change' }] });
    const place = await updatePlace(db, request.actor, request.params.id, fields, edited(request, version));
    reply.header('etag', `"${place.version}"`);
    return presentPlace(place, await countryName());
  });

  app.post('/places/:id/merge', {
    schema: {
      tags: ['places'], summary: 'Merge a duplicate place into another (curators)',
      description: 'Links follow the merge (practices, organisations, focal points, names); the merged place keeps merged_into and its page redirects. Both ids are checked.',
      params: IdParams, body: MergeBody, response: { 200: PlaceSchema, ...responses },
    },
  }, async (request) => presentPlace(await mergePlaces(db, request.actor, request.params.id, request.body.into), await countryName()));

  app.get('/places/:id/versions', {
    schema: { tags: ['places'], summary: 'Every saved version of a place', params: IdParams, response: { 200: RecordVersionList, ...responses } },
  }, async (request) => ({ items: (await recordVersions(db, request.actor, 'place', request.params.id)).versions }));

  app.post('/organisations', {
    schema: { tags: ['organisations'], summary: 'Add an organisation (flagged for a curator’s review)', body: OrganisationWrite, response: { 201: OrganisationSchema, ...responses } },
  }, async (request, reply) => {
    const { version: _v, name, ...fields } = request.body;
    if (name === undefined) throw new PontesError('VALIDATION_FAILED', { detail: 'name is required', errors: [{ field: 'name', reason: 'is required' }] });
    const organisation = await createOrganisation(db, request.actor, { ...fields, name });
    reply.status(201).header('location', `/api/v1/organisations/${organisation.id}`).header('etag', `"${organisation.version}"`);
    return presentOrganisation(organisation);
  });

  app.patch('/organisations/:id', {
    schema: {
      tags: ['organisations'], summary: 'Edit an organisation (its focal points, curators)', params: IdParams, body: OrganisationWrite,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }), response: { 200: OrganisationSchema, ...responses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    const organisation = await updateOrganisation(db, request.actor, request.params.id, fields, edited(request, version));
    reply.header('etag', `"${organisation.version}"`);
    return presentOrganisation(organisation);
  });

  app.post('/organisations/:id/merge', {
    schema: {
      tags: ['organisations'], summary: 'Merge a duplicate organisation into another (curators)',
      description: 'Partners of practices, owners and memberships follow; the merged one keeps merged_into and its page redirects. Both ids are checked.',
      params: IdParams, body: MergeBody, response: { 200: OrganisationSchema, ...responses },
    },
  }, async (request) => presentOrganisation(await mergeOrganisations(db, request.actor, request.params.id, request.body.into)));

  app.get('/organisations/:id/versions', {
    schema: { tags: ['organisations'], summary: 'Every saved version of an organisation', params: IdParams, response: { 200: RecordVersionList, ...responses } },
  }, async (request) => ({ items: (await recordVersions(db, request.actor, 'organisation', request.params.id)).versions }));
};
