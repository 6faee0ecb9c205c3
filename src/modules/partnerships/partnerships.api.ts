import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { IdParams, lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import { presentPartnership, presentPartnershipItem } from './partnerships.presenter.js';
import { PartnershipListQuery, PartnershipPage, PartnershipSchema, PartnershipWriteBody } from './partnerships.schemas.js';
import { createPartnership, getPartnership, listPartnerships, updatePartnership } from './partnerships.service.js';
import { partnershipStore } from './partnerships.store.js';

const TAG = 'partnerships';

/**
 * The body as sent, before the schema's validation coerced anything (a null list becomes [""]
 * under coerceTypes): the service checks it field by field, with one set of reasons for the API,
 * the forms and the demo loader. The schema documents it (PartnershipWriteBody).
 */
const sent = new WeakMap<FastifyRequest, unknown>();
const keepSentBody = async (request: FastifyRequest) => {
  sent.set(request, structuredClone(request.body));
};
const raw = (request: FastifyRequest): Record<string, unknown> => {
  const body = sent.get(request);
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
};

/** JSON routes of partnerships (issue 5): list, read, create (also from a match), edit, and the lifecycle's moves. */
export const partnershipsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db }) => {
  app.get('/partnerships', {
    schema: {
      tags: [TAG],
      summary: 'List partnerships, filtered and paged',
      description: 'What the caller may read: published partnerships; for a member also those they created, their organisations own, or with a party (place or organisation) they are focal point of; every live one for curators. Unknown filter values answer 400.',
      querystring: PartnershipListQuery,
      response: { 200: PartnershipPage, ...errorResponses },
    },
  }, async (request) => {
    const list = await listPartnerships(db, request.actor, request.query);
    return { items: list.items.map(presentPartnershipItem), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/partnerships/:id', {
    schema: {
      tags: [TAG],
      summary: 'One partnership: parties (with names and countries), derived modality and its reason, topics, dates, documents, contributions with totals per currency',
      description: 'Answers an ETag: the version, to send back as If-Match with an edit. 404 for a partnership the caller may not read.',
      params: IdParams,
      response: { 200: PartnershipSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const partnership = await getPartnership(db, request.actor, request.params.id);
    reply.header('etag', `"${partnership.version}"`);
    return presentPartnership(partnership);
  });

  app.post('/partnerships', {
    schema: {
      tags: [TAG],
      summary: 'Create a partnership (a draft of yours, status idea), from scratch or from an accepted match',
      description: 'The modality is derived from the parties (docs/adr/0006), never sent. With match_id, the match (accepted, readable by you) fills in what the body leaves out — parties (the need\'s place or organisation as beneficiary, the counterpart as provider), topics, title, the practice — and becomes partnership_created in the same transaction. 400 names every bad field (parties that do not exist by index, an end before the start, a non-http(s) link, an unknown currency, a negative amount) and nothing is written; 409 when the match is not accepted.',
      body: PartnershipWriteBody,
      response: { 201: PartnershipSchema, ...writeResponses },
    },
    attachValidation: true,
    preValidation: keepSentBody,
  }, async (request, reply) => {
    const partnership = await createPartnership(db, request.actor, raw(request));
    reply.status(201).header('location', `/api/v1/partnerships/${partnership.id}`).header('etag', `"${partnership.version}"`);
    return presentPartnership(partnership);
  });

  app.patch('/partnerships/:id', {
    schema: {
      tags: [TAG],
      summary: 'Edit a partnership (optimistic concurrency)',
      description: 'Send the version you edited as If-Match: "<version>" or as `version`; without it 428, stale 409 VERSION_CONFLICT (nothing changed). Fields given replace the stored ones (parties, documents and contributions as whole lists); null empties a field that may be empty. The modality is derived again. 404 when you may not read it; 401/403 when you may read but not edit it.',
      params: IdParams,
      body: PartnershipWriteBody,
      response: { 200: PartnershipSchema, ...writeResponses },
    },
    attachValidation: true,
    preValidation: keepSentBody,
  }, async (request, reply) => {
    const { version, ...fields } = raw(request);
    const bodyVersion = typeof version === 'number' && Number.isInteger(version) ? version : undefined;
    const partnership = await updatePartnership(db, request.actor, request.params.id, fields, { version: editedVersion(request, bodyVersion) });
    reply.header('etag', `"${partnership.version}"`);
    return presentPartnership(partnership);
  });

  await app.register(lifecycleApi, {
    db, collection: 'partnerships', tag: TAG, store: partnershipStore, schema: PartnershipSchema,
    present: async (database, actor, id) => presentPartnership(await getPartnership(database, actor, id)),
  });
};
