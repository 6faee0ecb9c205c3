import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canCreate, type RecordState } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { countryRegistry } from '../countries/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { HistoryPage } from '../versions/index.js';
import { changePracticeStatus, createPractice, practiceForEdit, practiceVersions, practiceWithActions, updatePractice, TARGET_STATES, type PracticeFields } from './practices.curation.js';
import { formToRecord, readForm, recordToForm, withoutNulls, type PracticeForm } from './practices.form.js';
import { browsePractices, FILTER_NAMES } from './practices.service.js';
import { PracticeFormPage, PracticeListPage, PracticePage, type FormError } from './practices.views.js';

const PAGE_SIZE = 20;

async function ownOrganisations(db: Db, actor: Actor) {
  const ids = actor.kind === 'member' ? [...actor.organisationIds] : [];
  return (await getOrganisationsByIds(db, ids)).map((o) => ({ id: o.id, name: o.name }));
}

/** A refused save as the form shows it: validation reasons, or the version someone else saved. */
function formFailure(error: unknown): { errors: FormError[]; conflict: number | null; status: number } | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  return null;
}

const ownerOf = (form: PracticeForm) => {
  const owner = form.owner_organisation_id;
  return typeof owner === 'string' && owner !== '' ? owner : null;
};

/** HTML pages of the catalogue: the filtered list, one practice, and the forms that write them. */
export const practicesPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/practices', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Number(query.offset ?? 0);
    // A large catalogue is counted on a sample, as the search box counts it (ADR 0011): counting
    // every facet exactly took 0.2–0.4 s per facet at 100k practices.
    const { list, facets, approximate } = await browsePractices(db, request.actor, query, { limit: PAGE_SIZE, offset: Number.isFinite(offset) ? offset : 0 });
    const registry = await countryRegistry(db);
    const params = new URLSearchParams();
    for (const name of [...FILTER_NAMES, 'offset'] as string[]) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    // The download holds what the list shows, every page of it: the same filters, no offset.
    const csvParams = new URLSearchParams();
    for (const name of [...FILTER_NAMES, 'status', 'source'] as string[]) {
      const value = query[name];
      if (value !== undefined) csvParams.set(name, value);
    }
    const csvHref = `/api/v1/practices.csv${csvParams.size > 0 ? `?${csvParams.toString()}` : ''}`;
    const ctx = await pageContext(request, db);
    return sendPage(reply, PracticeListPage({ ctx, list, facets, choices: { regions: registry.regions() }, params, csvHref, approximate }));
  });

  const newForm = async (request: FastifyRequest, reply: FastifyReply, form: PracticeForm, failure: { errors: FormError[]; conflict: number | null; status: number } | null) => {
    const ctx = await pageContext(request, db);
    return sendPage(
      reply,
      PracticeFormPage({ ctx, action: '/practices/new', heading: ctx.t('form.practice.newTitle'), form, version: null, errors: failure?.errors ?? [], conflict: null, organisations: await ownOrganisations(db, request.actor) }),
      failure?.status ?? 200,
    );
  };

  app.get('/practices/new', { schema: { hide: true } }, async (request, reply) => {
    if (!canCreate(request.actor)) throw new PontesError(request.actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: 'sign in to write practices' });
    return newForm(request, reply, { language: request.lang }, null);
  });

  app.post('/practices/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const practice = await createPractice(db, request.actor, withoutNulls(formToRecord(form)) as PracticeFields, { ownerOrganisationId: ownerOf(form) });
      return reply.redirect(`/practices/${practice.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return newForm(request, reply, form, failure);
    }
  });

  app.get<{ Params: { id: string } }>('/practices/:id', { schema: { hide: true } }, async (request, reply) => {
    const { practice, actions } = await practiceWithActions(db, request.actor, request.params.id);
    return sendPage(reply, PracticePage({ ctx: await pageContext(request, db), practice, actions }));
  });

  app.get<{ Params: { id: string } }>('/practices/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const { practice, record } = await practiceForEdit(db, request.actor, request.params.id);
    const ctx = await pageContext(request, db);
    const form = { ...recordToForm(record), owner_organisation_id: practice.ownerOrganisationId ?? '' };
    return sendPage(reply, PracticeFormPage({
      ctx, action: `/practices/${practice.id}/edit`, heading: ctx.t('form.practice.editTitle', { title: practice.title }), form, version: practice.version,
      errors: [], conflict: null, organisations: await ownOrganisations(db, request.actor), current: practice,
    }));
  });

  app.post<{ Params: { id: string } }>('/practices/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const version = Number(form.version);
    try {
      const practice = await updatePractice(db, request.actor, request.params.id, formToRecord(form) as PracticeFields, {
        ownerOrganisationId: ownerOf(form), version: Number.isInteger(version) && version > 0 ? version : undefined,
      });
      return reply.redirect(`/practices/${practice.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // The form stays as typed; after a conflict it carries the current version, so saving again overwrites knowingly.
      const { practice } = await practiceForEdit(db, request.actor, request.params.id);
      const ctx = await pageContext(request, db);
      return sendPage(reply, PracticeFormPage({
        ctx, action: `/practices/${practice.id}/edit`, heading: ctx.t('form.practice.editTitle', { title: practice.title }), form,
        version: failure.conflict ?? (Number.isInteger(version) ? version : practice.version), errors: failure.errors, conflict: failure.conflict,
        organisations: await ownOrganisations(db, request.actor), current: practice,
      }), failure.status);
    }
  });

  app.post<{ Params: { id: string } }>('/practices/:id/status', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const status = typeof form.status === 'string' ? form.status : '';
    if (!(TARGET_STATES as readonly string[]).includes(status)) throw new PontesError('VALIDATION_FAILED', { detail: 'unknown status' });
    const version = Number(form.version);
    const practice = await changePracticeStatus(db, request.actor, request.params.id, {
      status: status as RecordState, note: typeof form.note === 'string' ? form.note.slice(0, 5000) : undefined, version: Number.isInteger(version) && version > 0 ? version : undefined,
    });
    return reply.redirect(`/practices/${practice.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/practices/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const { practice, versions } = await practiceVersions(db, request.actor, request.params.id);
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: practice.title, back: `/practices/${practice.id}`, versions }));
  });
};
