import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { IdParams, lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import { presentCommitment, presentRoadmap, presentRoadmapSummary } from './roadmaps.presenter.js';
import { CommitmentCreateBody, CommitmentPatchBody, CommitmentSchema, NoteBody, RoadmapCreateBody, RoadmapListQuery, RoadmapPage, RoadmapPatchBody, RoadmapSchema } from './roadmaps.schemas.js';
import { addCommitment, addCommitmentNote, createRoadmap, getCommitment, getRoadmap, listRoadmaps, updateCommitment, updateRoadmap } from './roadmaps.service.js';
import { commitmentStore, roadmapStore } from './roadmaps.store.js';

const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the version edited, e.g. "3"' })) });
const TAG = 'roadmaps';

/** JSON routes of roadmaps and their commitments (issue 5). */
export const roadmapsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db }) => {
  app.get('/roadmaps', {
    schema: {
      tags: [TAG],
      summary: 'List roadmaps, with their progress',
      description: 'What the caller may read: published roadmaps; for a member also those tied to them (their own, their organisations\', those of events whose host place or organisers they are focal point of); every live one for curators. Items carry the progress summary, not the commitments (GET /roadmaps/{id}).',
      querystring: RoadmapListQuery,
      response: { 200: RoadmapPage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, event_id, overdue } = request.query;
    const list = await listRoadmaps(db, request.actor, { event_id, overdue }, { limit, offset });
    return { items: list.items.map(presentRoadmapSummary), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.post('/roadmaps', {
    schema: {
      tags: [TAG],
      summary: 'Write a new roadmap (a draft, yours), with its commitments if you like',
      description: 'The event must exist and not be deleted. Commitments listed are created in the same transaction, numbered 1..n in their order. Every owner must be an existing place or organisation; evidence links are http or https; dates are YYYY-MM-DD. 400 names every bad field (e.g. commitments[2].owners[0]) and nothing is written.',
      body: RoadmapCreateBody,
      response: { 201: RoadmapSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const roadmap = await createRoadmap(db, request.actor, request.body);
    reply.status(201).header('location', `/api/v1/roadmaps/${roadmap.id}`).header('etag', `"${roadmap.version}"`);
    return presentRoadmap(roadmap);
  });

  app.get('/roadmaps/:id', {
    schema: {
      tags: [TAG],
      summary: 'One roadmap with its commitments (by number) and its progress',
      description: 'Answers an ETag (the roadmap\'s version). A commitment is overdue when its due date is before today (UTC) and it is still pending or in progress. 404 for a roadmap the caller may not read.',
      params: IdParams,
      response: { 200: RoadmapSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const roadmap = await getRoadmap(db, request.actor, request.params.id);
    reply.header('etag', `"${roadmap.version}"`);
    return presentRoadmap(roadmap);
  });

  app.patch('/roadmaps/:id', {
    schema: {
      tags: [TAG],
      summary: 'Edit a roadmap\'s own fields (optimistic concurrency)',
      description: 'Send the version edited as If-Match or `version`; without it 428, stale 409 VERSION_CONFLICT, nothing changed. Commitments are added with POST /roadmaps/{id}/commitments and edited with PATCH /commitments/{id}.',
      params: IdParams,
      body: RoadmapPatchBody,
      headers: IfMatch,
      response: { 200: RoadmapSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...patch } = request.body;
    const roadmap = await updateRoadmap(db, request.actor, request.params.id, patch, editedVersion(request, version));
    reply.header('etag', `"${roadmap.version}"`);
    return presentRoadmap(roadmap);
  });

  app.post('/roadmaps/:id/commitments', {
    schema: {
      tags: [TAG],
      summary: 'Add a commitment to a roadmap (numbered after the last one)',
      description: 'For those who may edit the roadmap. 400 names every bad field and nothing is written.',
      params: IdParams,
      body: CommitmentCreateBody,
      response: { 201: CommitmentSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const commitment = await addCommitment(db, request.actor, request.params.id, request.body);
    reply.status(201).header('location', `/api/v1/commitments/${commitment.id}`).header('etag', `"${commitment.version}"`);
    return presentCommitment(commitment);
  });

  app.get('/commitments/:id', {
    schema: {
      tags: [TAG],
      summary: 'One commitment with its owners, evidence and notes',
      description: 'Answers an ETag (the commitment\'s version). Its publication is its roadmap\'s.',
      params: IdParams,
      response: { 200: CommitmentSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const commitment = await getCommitment(db, request.actor, request.params.id);
    reply.header('etag', `"${commitment.version}"`);
    return presentCommitment(commitment);
  });

  app.patch('/commitments/:id', {
    schema: {
      tags: [TAG],
      summary: 'Edit a commitment\'s text, owners, due date or evidence (optimistic concurrency)',
      description: 'Fields given replace the stored ones. Its status moves with POST /commitments/{id}/status. If-Match or `version` required (428), stale 409.',
      params: IdParams,
      body: CommitmentPatchBody,
      headers: IfMatch,
      response: { 200: CommitmentSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...patch } = request.body;
    const commitment = await updateCommitment(db, request.actor, request.params.id, patch, editedVersion(request, version));
    reply.header('etag', `"${commitment.version}"`);
    return presentCommitment(commitment);
  });

  app.post('/commitments/:id/notes', {
    schema: {
      tags: [TAG],
      summary: 'Add a dated follow-up note to a commitment',
      description: 'For those who may move the commitment (its roadmap\'s people, its owners\' focal points, curators). Notes are never edited and do not change the commitment\'s version. Answers the commitment.',
      params: IdParams,
      body: NoteBody,
      response: { 201: CommitmentSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const commitment = await addCommitmentNote(db, request.actor, request.params.id, request.body);
    reply.status(201).header('location', `/api/v1/commitments/${commitment.id}`).header('etag', `"${commitment.version}"`);
    return presentCommitment(commitment);
  });

  await app.register(lifecycleApi, {
    db, collection: 'roadmaps', tag: TAG, store: roadmapStore, schema: RoadmapSchema,
    present: async (db, actor, id) => presentRoadmap(await getRoadmap(db, actor, id)),
  });
  await app.register(lifecycleApi, {
    db, collection: 'commitments', tag: TAG, store: commitmentStore, schema: CommitmentSchema, publication: false,
    present: async (db, actor, id) => presentCommitment(await getCommitment(db, actor, id)),
  });
};
