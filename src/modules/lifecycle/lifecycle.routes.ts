import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../database.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { RecordState } from '../../platform/auth/permissions.js';
import { editedVersion } from '../../platform/http/edited-version.js';
import { writeResponses } from '../api/api.schemas.js';
import { RecordVersionList } from '../versions/index.js';
import type { StateChange } from './lifecycle.domain.js';
import { IdParams, PublicationChangeBody, StatusChangeBody, Timeline } from './lifecycle.schemas.js';
import { changePublication, changeStatus, PUBLICATION_TARGETS, timelineOf, versionsOfRecord, type CooperationStore } from './lifecycle.service.js';

/** A timeline entry on the wire (snake_case like every API object). */
export function presentStateChange(change: StateChange) {
  return { field: change.field, from: change.from, to: change.to, note: change.note, at: change.at, by: { member_id: change.by.memberId, name: change.by.name } };
}

/** What app.ts gives each cooperation module's page and API plugins. */
export interface CooperationModuleOptions {
  db: Db;
  config: Config;
  /** For notifications (a match proposed, a commitment overdue): SMTP, or .eml files in the outbox. */
  mailer: Mailer;
}

export interface LifecycleRoutes {
  db: Db;
  /** The URL segment: `partnerships` gives /api/v1/partnerships/{id}/status. */
  collection: string;
  /** The OpenAPI tag. */
  tag: string;
  store: CooperationStore;
  /** The record's API object after a move (the same as its GET). */
  present(db: Db, actor: Actor, id: string): Promise<unknown>;
  /** The schema of that object, for the OpenAPI document. */
  schema: TSchema;
  /**
   * Whether the record has a publication of its own (default true). A commitment has not: it
   * is published with its roadmap, so no …/publication route is registered for it.
   */
  publication?: boolean;
}

/**
 * The JSON routes every cooperation record shares: its lifecycle move (if it has a lifecycle),
 * its publication move, its timeline and its versions. Registered by each module under /api/v1.
 */
export const lifecycleApi: FastifyPluginAsyncTypebox<LifecycleRoutes> = async (app, { db, collection, tag, store, present, schema, publication = true }) => {
  const noun = store.lifecycle?.noun ?? store.type;
  const afterMove = async (request: FastifyRequest, reply: FastifyReply, id: string) => {
    const head = await store.head(db, id);
    if (head !== undefined) reply.header('etag', `"${head.version}"`);
    return present(db, request.actor, id);
  };
  if (store.lifecycle !== undefined) {
    const lifecycle = store.lifecycle;
    app.post(`/${collection}/:id/status`, {
      schema: {
        tags: [tag],
        summary: `Move a ${noun} through its lifecycle`,
        description: `Moves: ${Object.entries(lifecycle.moves).map(([from, to]) => `${from} → ${(to as string[]).join(' / ') || '(final)'}`).join('; ')}. 404 when you may not read it; 409 TRANSITION_NOT_ALLOWED for any other move (including to the status it is in); 401/403 when the move is not yours to make; 409 VERSION_CONFLICT when the version sent is stale. Every move is kept in the timeline (GET …/history).`,
        params: IdParams,
        body: StatusChangeBody,
        headers: { type: 'object', properties: { 'if-match': { type: 'string' } } },
        response: { 200: schema, ...writeResponses },
      },
    }, async (request, reply) => {
      await changeStatus(db, request.actor, store, request.params.id, { status: request.body.status, note: request.body.note, version: editedVersion(request, request.body.version) });
      return afterMove(request, reply, request.params.id);
    });
  }
  if (publication) app.post(`/${collection}/:id/publication`, {
    schema: {
      tags: [tag],
      summary: `Move a ${noun} through the review workflow (its publication, not its lifecycle status)`,
      description: 'draft → submitted → in_review → published, back to draft with a note, archived; deleted and restored by admins. The same rules as practices (docs/permissions.md).',
      params: IdParams,
      body: PublicationChangeBody,
      headers: { type: 'object', properties: { 'if-match': { type: 'string' } } },
      response: { 200: schema, ...writeResponses },
    },
  }, async (request, reply) => {
    await changePublication(db, request.actor, store, request.params.id, {
      publication: request.body.publication as RecordState, note: request.body.note, version: editedVersion(request, request.body.version),
    });
    return afterMove(request, reply, request.params.id);
  });
  app.get(`/${collection}/:id/history`, {
    schema: { tags: [tag], summary: `The timeline of a ${noun}: every status and publication change (who, when, from → to, note)`, params: IdParams, response: { 200: Timeline, ...writeResponses } },
  }, async (request) => ({ items: (await timelineOf(db, request.actor, store, request.params.id)).map(presentStateChange) }));
  app.get(`/${collection}/:id/versions`, {
    schema: { tags: [tag], summary: `Every saved version of a ${noun}, oldest first`, description: 'For those who work on it (owners, focal points, curators, admins).', params: IdParams, response: { 200: RecordVersionList, ...writeResponses } },
  }, async (request) => ({ items: await versionsOfRecord(db, request.actor, store, request.params.id) }));
};

/** A form field as one string ('' when absent or repeated oddly). */
function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * The page routes of the same moves: forms on the record's page post here and come back to it
 * (303). Registered by each module beside its pages.
 */
export function lifecyclePages(app: FastifyInstance, { db, collection, store, back }: { db: Db; collection: string; store: CooperationStore; back?: (id: string) => string }): void {
  const page = back ?? ((id: string) => `/${collection}/${id}`);
  const version = (body: unknown) => {
    const value = Number(field(body, 'version'));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  if (store.lifecycle !== undefined) {
    app.post<{ Params: { id: string } }>(`/${collection}/:id/status`, { schema: { hide: true } }, async (request, reply) => {
      const status = field(request.body, 'status');
      if (status === '') throw new PontesError('VALIDATION_FAILED', { detail: 'say which status to move to' });
      await changeStatus(db, request.actor, store, request.params.id, { status, note: field(request.body, 'note').slice(0, 5000), version: version(request.body) });
      return reply.redirect(page(request.params.id), 303);
    });
  }
  app.post<{ Params: { id: string } }>(`/${collection}/:id/publication`, { schema: { hide: true } }, async (request, reply) => {
    const publication = field(request.body, 'publication');
    if (!(PUBLICATION_TARGETS as readonly string[]).includes(publication)) throw new PontesError('VALIDATION_FAILED', { detail: 'unknown publication state' });
    await changePublication(db, request.actor, store, request.params.id, { publication: publication as RecordState, note: field(request.body, 'note').slice(0, 5000), version: version(request.body) });
    return reply.redirect(page(request.params.id), 303);
  });
}
