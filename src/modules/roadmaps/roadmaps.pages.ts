import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import { OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { canCreate } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, versionsOfRecord, type CooperationModuleOptions } from '../lifecycle/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { HistoryPage } from '../versions/index.js';
import { commitmentToForm, field, formToCommitment, formToRoadmap, formVersion, readForm, roadmapToForm, type RoadmapForm } from './roadmaps.form.js';
import {
  addCommitment, addCommitmentNote, commitmentForEdit, commitmentForPage, createRoadmap, eventChoices, getCommitment, listRoadmaps, moveCommitment, ownerChoices, remindersOfCommitment,
  roadmapForEdit, roadmapForNewCommitment, roadmapForPage, updateCommitment, updateRoadmap,
} from './roadmaps.service.js';
import { commitmentStore, roadmapStore } from './roadmaps.store.js';
import { CommitmentFormPage, CommitmentPage, RoadmapFormPage, RoadmapListPage, RoadmapPage, type FormError } from './roadmaps.views.js';

const PAGE_SIZE = 20;

type Failure = { errors: FormError[]; conflict: number | null; status: number };

/** A refused save as a form shows it: validation reasons, or the version someone else saved. */
function formFailure(error: unknown): Failure | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  if (error.code === 'VERSION_REQUIRED') return { errors: [{ field: 'version', reason: error.message }], conflict: null, status: 428 };
  return null;
}

async function ownOrganisations(db: Db, actor: Actor) {
  const ids = actor.kind === 'member' ? [...actor.organisationIds] : [];
  return (await getOrganisationsByIds(db, ids)).map((o) => ({ id: o.id, name: o.name }));
}

/** HTML pages of roadmaps and commitments: list, pages, forms; every write goes through the service. */
export const roadmapsPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db }) => {
  app.get('/roadmaps', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const overdue = query.overdue === 'true';
    const list = await listRoadmaps(db, request.actor, { overdue, event_id: query.event_id }, { limit: PAGE_SIZE, offset });
    const params = new URLSearchParams();
    if (overdue) params.set('overdue', 'true');
    if (query.event_id !== undefined) params.set('event_id', query.event_id);
    const ctx = await pageContext(request, db);
    return sendPage(reply, RoadmapListPage({ ctx, items: list.items, total: list.total, limit: PAGE_SIZE, offset, params, canCreate: canCreate(request.actor) }));
  });

  // A new roadmap ------------------------------------------------------------------------------

  const roadmapForm = async (request: FastifyRequest, reply: FastifyReply, options: { action: string; heading: string; form: RoadmapForm; version: number | null; failure: Failure | null; cancel: string }) => {
    const ctx = await pageContext(request, db);
    return sendPage(reply, RoadmapFormPage({
      ctx, action: options.action, heading: options.heading, form: options.form, version: options.version, errors: options.failure?.errors ?? [], conflict: options.failure?.conflict ?? null,
      events: await eventChoices(db, request.actor), organisations: await ownOrganisations(db, request.actor), cancel: options.cancel,
    }), options.failure?.status ?? 200);
  };

  app.get('/roadmaps/new', { schema: { hide: true } }, async (request, reply) => {
    if (!canCreate(request.actor)) throw new PontesError(request.actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: 'sign in to write roadmaps' });
    const query = flatQuery(request.query);
    return roadmapForm(request, reply, { action: '/roadmaps/new', heading: request.t('roadmaps.newTitle'), form: { language: request.lang, event_id: query.event_id ?? '' }, version: null, failure: null, cancel: '/roadmaps' });
  });

  app.post('/roadmaps/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const roadmap = await createRoadmap(db, request.actor, formToRoadmap(form));
      return reply.redirect(`/roadmaps/${roadmap.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return roadmapForm(request, reply, { action: '/roadmaps/new', heading: request.t('roadmaps.newTitle'), form, version: null, failure, cancel: '/roadmaps' });
    }
  });

  // A roadmap ----------------------------------------------------------------------------------

  app.get<{ Params: { id: string } }>('/roadmaps/:id', { schema: { hide: true } }, async (request, reply) => {
    const page = await roadmapForPage(db, request.actor, request.params.id);
    return sendPage(reply, RoadmapPage({
      ctx: await pageContext(request, db), roadmap: page.roadmap, actions: page.actions, commitmentActions: page.commitmentActions,
      addCommitment: page.addCommitment, history: page.history, timeline: page.timeline,
    }));
  });

  app.get<{ Params: { id: string } }>('/roadmaps/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const roadmap = await roadmapForEdit(db, request.actor, request.params.id);
    return roadmapForm(request, reply, {
      action: `/roadmaps/${roadmap.id}/edit`, heading: request.t('roadmaps.editTitle', { title: roadmap.title }), form: roadmapToForm(roadmap), version: roadmap.version, failure: null, cancel: `/roadmaps/${roadmap.id}`,
    });
  });

  app.post<{ Params: { id: string } }>('/roadmaps/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const version = formVersion(form);
    try {
      const roadmap = await updateRoadmap(db, request.actor, request.params.id, formToRoadmap(form), version);
      return reply.redirect(`/roadmaps/${roadmap.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // The form stays as typed; after a conflict it carries the current version, so saving again overwrites knowingly.
      const roadmap = await roadmapForEdit(db, request.actor, request.params.id);
      return roadmapForm(request, reply, {
        action: `/roadmaps/${roadmap.id}/edit`, heading: request.t('roadmaps.editTitle', { title: roadmap.title }), form,
        version: failure.conflict ?? version ?? roadmap.version, failure, cancel: `/roadmaps/${roadmap.id}`,
      });
    }
  });

  app.get<{ Params: { id: string } }>('/roadmaps/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const versions = await versionsOfRecord(db, request.actor, roadmapStore, request.params.id);
    const head = (await roadmapStore.head(db, request.params.id))!;
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: head.title, back: `/roadmaps/${head.id}`, versions }));
  });

  // Its publication (the curation workflow): POST /roadmaps/{id}/publication.
  lifecyclePages(app, { db, collection: 'roadmaps', store: roadmapStore });

  // Commitments --------------------------------------------------------------------------------

  const commitmentForm = async (
    request: FastifyRequest, reply: FastifyReply,
    options: { roadmap: { id: string; title: string }; action: string; heading: string; form: RoadmapForm; version: number | null; failure: Failure | null; cancel: string },
  ) => {
    const ctx = await pageContext(request, db);
    return sendPage(reply, CommitmentFormPage({
      ctx, action: options.action, heading: options.heading, roadmap: { id: options.roadmap.id, title: options.roadmap.title }, form: options.form, version: options.version,
      errors: options.failure?.errors ?? [], conflict: options.failure?.conflict ?? null, owners: await ownerChoices(db, options.roadmap.id), cancel: options.cancel,
    }), options.failure?.status ?? 200);
  };

  app.get<{ Params: { id: string } }>('/roadmaps/:id/commitments/new', { schema: { hide: true } }, async (request, reply) => {
    const roadmap = await roadmapForNewCommitment(db, request.actor, request.params.id);
    return commitmentForm(request, reply, {
      roadmap, action: `/roadmaps/${roadmap.id}/commitments/new`, heading: request.t('roadmaps.newCommitmentTitle', { number: roadmap.commitments.length + 1 }),
      form: {}, version: null, failure: null, cancel: `/roadmaps/${roadmap.id}`,
    });
  });

  app.post<{ Params: { id: string } }>('/roadmaps/:id/commitments/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const commitment = await addCommitment(db, request.actor, request.params.id, formToCommitment(form));
      return reply.redirect(`/roadmaps/${commitment.roadmapId}#commitment-${commitment.number}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      const roadmap = await roadmapForNewCommitment(db, request.actor, request.params.id);
      return commitmentForm(request, reply, {
        roadmap, action: `/roadmaps/${roadmap.id}/commitments/new`, heading: request.t('roadmaps.newCommitmentTitle', { number: roadmap.commitments.length + 1 }),
        form, version: null, failure, cancel: `/roadmaps/${roadmap.id}`,
      });
    }
  });

  const commitmentPage = async (request: FastifyRequest, reply: FastifyReply, id: string, note?: { values: RoadmapForm; errors: FormError[]; status: number }) => {
    const page = await commitmentForPage(db, request.actor, id);
    return sendPage(reply, CommitmentPage({
      ctx: await pageContext(request, db), commitment: page.commitment, actions: page.actions, publication: page.publication, history: page.history, timeline: page.timeline,
      reminders: await remindersOfCommitment(db, request.actor, id), note,
    }), note?.status ?? 200);
  };

  app.get<{ Params: { id: string } }>('/commitments/:id', { schema: { hide: true } }, async (request, reply) => commitmentPage(request, reply, request.params.id));

  app.get<{ Params: { id: string } }>('/commitments/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const commitment = await commitmentForEdit(db, request.actor, request.params.id);
    return commitmentForm(request, reply, {
      roadmap: { id: commitment.roadmapId, title: commitment.roadmapTitle }, action: `/commitments/${commitment.id}/edit`, heading: request.t('roadmaps.editCommitmentTitle', { number: commitment.number }),
      form: commitmentToForm(commitment), version: commitment.version, failure: null, cancel: `/commitments/${commitment.id}`,
    });
  });

  app.post<{ Params: { id: string } }>('/commitments/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const version = formVersion(form);
    try {
      const commitment = await updateCommitment(db, request.actor, request.params.id, formToCommitment(form), version);
      return reply.redirect(`/commitments/${commitment.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      const commitment = await commitmentForEdit(db, request.actor, request.params.id);
      return commitmentForm(request, reply, {
        roadmap: { id: commitment.roadmapId, title: commitment.roadmapTitle }, action: `/commitments/${commitment.id}/edit`, heading: request.t('roadmaps.editCommitmentTitle', { number: commitment.number }),
        form, version: failure.conflict ?? version ?? commitment.version, failure, cancel: `/commitments/${commitment.id}`,
      });
    }
  });

  /** Where a commitment's form comes back to: its row on the roadmap, or its own page. */
  const back = async (form: RoadmapForm, id: string) => {
    if (field(form, 'back') !== 'roadmap') return `/commitments/${id}`;
    const commitment = await getCommitment(db, OPERATOR, id);
    return `/roadmaps/${commitment.roadmapId}#commitment-${commitment.number}`;
  };

  app.post<{ Params: { id: string } }>('/commitments/:id/status', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const status = field(form, 'status');
    if (status === '') throw new PontesError('VALIDATION_FAILED', { detail: 'say which status to move to' });
    const commitment = await moveCommitment(db, request.actor, request.params.id, { status, note: field(form, 'note').slice(0, 5000), version: formVersion(form) });
    return reply.redirect(await back(form, commitment.id), 303);
  });

  app.post<{ Params: { id: string } }>('/commitments/:id/notes', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const commitment = await addCommitmentNote(db, request.actor, request.params.id, { text: field(form, 'text'), noted_on: field(form, 'noted_on') });
      return reply.redirect(await back(form, commitment.id), 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // Shown on the commitment's own page, with what was typed.
      return commitmentPage(request, reply, request.params.id, { values: form, errors: failure.errors, status: failure.status });
    }
  });

  app.get<{ Params: { id: string } }>('/commitments/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const versions = await versionsOfRecord(db, request.actor, commitmentStore, request.params.id);
    const head = (await commitmentStore.head(db, request.params.id))!;
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: head.title, back: `/commitments/${head.id}`, versions }));
  });
};
