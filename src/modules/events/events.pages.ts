import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isPontesError, PontesError } from '../../errors.js';
import { canCreate } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, versionsOfRecord, type CooperationModuleOptions } from '../lifecycle/index.js';
import { HistoryPage } from '../versions/index.js';
import { idLines, readEventForm, type EventForm } from './events.form.js';
import {
  createEventFromForm, createLearning, eventFacets, eventForEdit, eventPage, eventsOfPartnership, eventToForm, learningToPractice, listEvents, ownOrganisations, updateEventFromForm,
} from './events.service.js';
import { eventStore } from './events.store.js';
import { EventFormPage, EventListPage, EventPageView, PartnershipEventsSection, type FormError, type LearningFormState } from './events.views.js';
import { registerPartnershipSection } from '../partnerships/index.js';

const PAGE_SIZE = 20;

/** A refused save as a form shows it: validation reasons, or the version someone else saved. */
function formFailure(error: unknown): { errors: FormError[]; conflict: number | null; status: number } | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  return null;
}

const formVersion = (form: EventForm) => {
  const version = Number(form.version);
  return Number.isInteger(version) && version > 0 ? version : undefined;
};

/** HTML pages of events: the list, one event (with its learnings), the forms that write them. */
export const eventsPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db }) => {
  // The partnership page lists the events that belong to it (partnerships does not know events).
  registerPartnershipSection({
    id: 'events', order: 10,
    render: async ({ db: database, actor, partnership, ctx }) => PartnershipEventsSection({ ctx, events: await eventsOfPartnership(database, actor, partnership.id) }),
  });
  app.get('/events', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const filters = { kind: query.kind ?? '', place_id: query.place_id ?? '', year: query.year ?? '' };
    const offset = Number(query.offset ?? 0);
    const [upcoming, past, facets] = await Promise.all([
      listEvents(db, request.actor, { ...filters, when: 'upcoming' }, { limit: 100 }),
      listEvents(db, request.actor, { ...filters, when: 'past' }, { limit: PAGE_SIZE, offset: Number.isInteger(offset) ? offset : 0 }),
      eventFacets(db, request.actor),
    ]);
    const params = new URLSearchParams(Object.entries({ ...filters, offset: query.offset ?? '' }).filter(([, v]) => v !== ''));
    return sendPage(reply, EventListPage({ ctx: await pageContext(request, db), upcoming: upcoming.items, past, filters, facets, params, canCreate: canCreate(request.actor) }));
  });

  const newForm = async (request: FastifyRequest, reply: FastifyReply, form: EventForm, failure: { errors: FormError[]; status: number } | null) => {
    const ctx = await pageContext(request, db);
    return sendPage(reply, EventFormPage({
      ctx, action: '/events/new', heading: ctx.t('events.newTitle'), form, version: null, errors: failure?.errors ?? [], conflict: null,
      organisations: await ownOrganisations(db, request.actor), cancel: '/events',
    }), failure?.status ?? 200);
  };

  app.get('/events/new', { schema: { hide: true } }, async (request, reply) => {
    if (!canCreate(request.actor)) throw new PontesError(request.actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: 'sign in to record events' });
    return newForm(request, reply, { language: request.lang, kind: 'peer_learning_event', time_zone: 'UTC' }, null);
  });

  app.post('/events/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readEventForm(request.body);
    try {
      const event = await createEventFromForm(db, request.actor, form);
      return reply.redirect(`/events/${event.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return newForm(request, reply, form, failure);
    }
  });

  const showEvent = async (request: FastifyRequest, reply: FastifyReply, id: string, learningForm: LearningFormState | null, status = 200) => {
    const page = await eventPage(db, request.actor, id);
    return sendPage(reply, EventPageView({ ctx: await pageContext(request, db), ...page, learningForm }), status);
  };

  app.get<{ Params: { id: string } }>('/events/:id', { schema: { hide: true } }, async (request, reply) => showEvent(request, reply, request.params.id, null));

  const editForm = async (request: FastifyRequest, reply: FastifyReply, id: string, form: EventForm | null, failure: { errors: FormError[]; conflict: number | null; status: number } | null, typedVersion?: number) => {
    const { event } = await eventForEdit(db, request.actor, id);
    const ctx = await pageContext(request, db);
    return sendPage(reply, EventFormPage({
      ctx, action: `/events/${event.id}/edit`, heading: ctx.t('events.editTitle', { title: event.title }), form: form ?? eventToForm(event),
      version: failure?.conflict ?? typedVersion ?? event.version, errors: failure?.errors ?? [], conflict: failure?.conflict ?? null,
      organisations: await ownOrganisations(db, request.actor), cancel: `/events/${event.id}`,
    }), failure?.status ?? 200);
  };

  app.get<{ Params: { id: string } }>('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => editForm(request, reply, request.params.id, null, null));

  app.post<{ Params: { id: string } }>('/events/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readEventForm(request.body);
    try {
      const event = await updateEventFromForm(db, request.actor, request.params.id, form, formVersion(form));
      return reply.redirect(`/events/${event.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // The form stays as typed; after a conflict it carries the current version.
      return editForm(request, reply, request.params.id, form, failure, formVersion(form));
    }
  });

  app.get<{ Params: { id: string } }>('/events/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const versions = await versionsOfRecord(db, request.actor, eventStore, request.params.id);
    const head = (await eventStore.head(db, request.params.id))!;
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: head.title, back: `/events/${head.id}`, versions }));
  });

  app.post<{ Params: { id: string } }>('/events/:id/learnings', { schema: { hide: true } }, async (request, reply) => {
    const form = readEventForm(request.body);
    try {
      const learning = await createLearning(db, request.actor, request.params.id, {
        learned: form.learned ?? '', will_adapt: form.will_adapt ?? '', place_id: form.place_id ?? null, organisation_id: form.organisation_id ?? null,
        adapted_from_practice_id: idLines(form.adapted_from)[0] ?? null,
      });
      return reply.redirect(`/events/${learning.eventId}#learning-${learning.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return showEvent(request, reply, request.params.id, { form, errors: failure.errors }, failure.status);
    }
  });

  app.post<{ Params: { id: string; learningId: string } }>('/events/:id/learnings/:learningId/practice', { schema: { hide: true } }, async (request, reply) => {
    const { practice } = await learningToPractice(db, request.actor, request.params.id, request.params.learningId);
    return reply.redirect(`/practices/${practice.id}/edit`, 303);
  });

  lifecyclePages(app, { db, collection: 'events', store: eventStore });
};
