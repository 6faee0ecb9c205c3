import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import type { Actor } from '../../platform/auth/actor.js';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { IdParams, lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import { COLLECTION_OF, NEED_KINDS, type NeedKind } from './needs.domain.js';
import { presentProposal } from './needs.explain.js';
import { presentNeedOffer, seesContact } from './needs.presenter.js';
import { proposalsFor } from './needs.proposals.js';
import { NeedOfferCreateBody, NeedOfferListQuery, NeedOfferPage, NeedOfferPatchBody, NeedOfferSchema, ProposalList } from './needs.schemas.js';
import { createNeedOffer, getNeedOffer, listNeedOffers, updateNeedOffer, type NeedOfferInput } from './needs.service.js';
import { storeOf } from './needs.store.js';

const TAG = 'needs';

async function present(db: Db, actor: Actor, kind: NeedKind, id: string) {
  return presentNeedOffer(await getNeedOffer(db, actor, kind, id), { contact: seesContact(actor) });
}

/**
 * JSON routes of needs and offers: one table, one shape, two collections (/needs and /offers),
 * each with list, item, create, edit, publication, timeline and versions; and a need's
 * proposed counterparts (/needs/{id}/proposals).
 */
export const needsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db }) => {
  for (const kind of NEED_KINDS) {
    const collection = COLLECTION_OF[kind];
    app.get(`/${collection}`, {
      schema: {
        tags: [TAG],
        summary: `List ${collection}, filtered and paged`,
        description: `The ${collection} the caller may read (published ones; for a member also their own and those of places and organisations they are focal point of; every live one for curators), newest first. Expired ones only with include_expired=true.`,
        querystring: NeedOfferListQuery,
        response: { 200: NeedOfferPage, ...errorResponses },
      },
    }, async (request) => {
      const { limit, offset, ...query } = request.query;
      const list = await listNeedOffers(db, request.actor, kind, query, { limit, offset });
      const contact = seesContact(request.actor);
      return { items: list.items.map((item) => presentNeedOffer(item, { contact })), total: list.total, limit: list.limit, offset: list.offset };
    });

    app.get(`/${collection}/:id`, {
      schema: { tags: [TAG], summary: `One ${kind}`, description: 'Answers an ETag (the version, for If-Match). 404 when the caller may not read it.', params: IdParams, response: { 200: NeedOfferSchema, ...errorResponses } },
    }, async (request, reply) => {
      const item = await getNeedOffer(db, request.actor, kind, request.params.id);
      reply.header('etag', `"${item.version}"`);
      return presentNeedOffer(item, { contact: seesContact(request.actor) });
    });

    app.post(`/${collection}`, {
      schema: {
        tags: [TAG],
        summary: `Post a ${kind} (a draft) for a place or an organisation you speak for`,
        description: 'The poster: place_id (you are its focal point) and/or organisation_id (you belong to it or are its focal point); curators and admins may post for any. Vocabulary codes are checked against schemas/vocabularies.json; expires_on must not be in the past. 400 names every bad field; 403 when the poster is not yours. Nothing is written on any refusal.',
        body: NeedOfferCreateBody,
        response: { 201: NeedOfferSchema, ...writeResponses },
      },
    }, async (request, reply) => {
      const item = await createNeedOffer(db, request.actor, kind, request.body as NeedOfferInput);
      reply.status(201).header('location', `/api/v1/${collection}/${item.id}`).header('etag', `"${item.version}"`);
      return presentNeedOffer(item, { contact: true });
    });

    app.patch(`/${collection}/:id`, {
      schema: {
        tags: [TAG],
        summary: `Edit a ${kind} (optimistic concurrency)`,
        description: 'Send the version you edited as If-Match: "<version>" or `version`; without it 428, stale 409 VERSION_CONFLICT (nothing changed). Fields given replace the stored ones; null clears an optional one. 404 unreadable; 401/403 not yours to edit in its state.',
        params: IdParams,
        body: NeedOfferPatchBody,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        response: { 200: NeedOfferSchema, ...writeResponses },
      },
    }, async (request, reply) => {
      const { version, ...fields } = request.body as NeedOfferInput & { version?: number };
      const item = await updateNeedOffer(db, request.actor, kind, request.params.id, fields, editedVersion(request, version));
      reply.header('etag', `"${item.version}"`);
      return presentNeedOffer(item, { contact: true });
    });

    await app.register(lifecycleApi, { db, collection, tag: TAG, store: storeOf(kind), present: (db2, actor, id) => present(db2, actor, kind, id), schema: NeedOfferSchema });
  }

  app.get('/needs/:id/proposals', {
    schema: {
      tags: [TAG],
      summary: 'Counterparts proposed for a need, best first, each with its reasons',
      description: 'Published offers that have not expired (shared vocabulary codes and terms), practices that answer the need ("who solved this": topic, context, evidence) and places like the need\'s ("places like mine"). For anyone who may read the need (404 otherwise). Record one with POST /api/v1/matches.',
      params: IdParams,
      response: { 200: ProposalList, ...errorResponses },
    },
  }, async (request) => {
    const need = await getNeedOffer(db, request.actor, 'need', request.params.id);
    const proposals = await proposalsFor(db, request.actor, need);
    return { items: proposals.map((p) => presentProposal(p, request.t, request.lang)) };
  });
};
