import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canCreate } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, versionsOfRecord, type CooperationModuleOptions } from '../lifecycle/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { HistoryPage } from '../versions/index.js';
import { formToBody, partnershipToForm, partyRows, readForm, rowCount, SPARE_ROWS, MAX_ROWS, type PartnershipForm } from './partnerships.form.js';
import {
  checkPartnershipBody, createPartnership, currencyList, findParty, listPartnerships, partnershipForEdit, partnershipPlaces, partnershipWithActions, updatePartnership, type PartnershipQuery,
} from './partnerships.service.js';
import { renderPartnershipSections } from './partnerships.slots.js';
import { partnershipStore } from './partnerships.store.js';
import { PartnershipFormPage, PartnershipListPage, PartnershipPage, type FormError } from './partnerships.views.js';

const PAGE_SIZE = 20;
const FILTERS = ['status', 'modality', 'type', 'place_id', 'organisation_id', 'publication'] as const;

async function ownOrganisations(db: Db, actor: Actor) {
  const ids = actor.kind === 'member' ? [...actor.organisationIds] : [];
  return (await getOrganisationsByIds(db, ids)).map((o) => ({ id: o.id, name: o.name }));
}

type Failure = { errors: FormError[]; conflict: number | null; status: number };

/** A refused save as the form shows it: validation reasons, or the version someone else saved. */
function formFailure(error: unknown): Failure | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  if (error.code === 'CONFLICT' || error.code === 'TRANSITION_NOT_ALLOWED') return { errors: [{ reason: error.message }], conflict: null, status: 409 };
  return null;
}

/**
 * The body a posted form describes, its parties found by name and country (or kept by id): a
 * party row naming nothing is reported like any other bad field, after the service has had its
 * say on the rest (so the form lists every problem at once).
 */
async function bodyOfForm(db: Db, form: PartnershipForm, edit: boolean): Promise<{ body: Record<string, unknown>; errors: FormError[] }> {
  const rows = partyRows(form);
  const errors: FormError[] = [];
  const parties: Record<string, string>[] = [];
  const partyIndex = new Map<number, number>();
  for (const row of rows) {
    const found = row.id !== null
      ? (row.type === 'place' ? { placeId: row.id, organisationId: null } : { placeId: null, organisationId: row.id })
      : await findParty(db, { type: row.type, name: row.name, country: row.country });
    const index = parties.length;
    partyIndex.set(row.row, index);
    if (found === null) {
      errors.push({ field: `parties[${index}]`, reason: row.type === 'place' ? `no place named “${row.name}” in the country “${row.country}” (give its two-letter code)` : `no organisation named “${row.name}”${row.country !== '' ? ` in “${row.country}”` : ''}` });
      // A stand-in that the service will not look up, so its other checks still run.
      parties.push({ role: row.role });
      continue;
    }
    parties.push({ ...(found.placeId !== null ? { place_id: found.placeId } : { organisation_id: found.organisationId! }), role: row.role });
  }
  const converted = formToBody(form, partyIndex, { edit });
  if (parties.length > 0 || edit || converted.body.match_id === undefined) converted.body.parties = parties;
  return { body: converted.body, errors: [...errors, ...converted.errors] };
}

/**
 * Refuses a form with problems of its own (a party row naming nothing, an amount that is not a
 * number), listing them with the service's reasons about the rest; nothing is written.
 */
async function refuseWithFormErrors(db: Db, actor: Actor, body: Record<string, unknown>, formErrors: FormError[], id?: string): Promise<never> {
  let serviceErrors: FormError[] = [];
  try {
    await checkPartnershipBody(db, actor, body, id);
  } catch (error) {
    if (!isPontesError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    // The service's reasons about the rows the form already reported repeat them: keep the form's.
    const reported = formErrors.flatMap((e) => (e.field === undefined ? [] : [e.field]));
    serviceErrors = ((error.errors ?? []) as FormError[]).filter((e) => e.field === undefined || !reported.some((field) => e.field === field || e.field!.startsWith(`${field}.`)));
  }
  throw new PontesError('VALIDATION_FAILED', { detail: 'the form has errors', errors: [...formErrors, ...serviceErrors] });
}

/** HTML pages of partnerships: the list, one partnership, and the forms that write them. */
export const partnershipsPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db }) => {
  app.get('/partnerships', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Number(query.offset ?? 0);
    const filters: PartnershipQuery = { limit: PAGE_SIZE, offset: Number.isFinite(offset) ? offset : 0 };
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = query[name];
      if (value !== undefined) {
        filters[name] = value;
        params.set(name, value);
      }
    }
    if (query.offset !== undefined) params.set('offset', query.offset);
    const [list, places, ctx] = await Promise.all([listPartnerships(db, request.actor, filters), partnershipPlaces(db, request.actor), pageContext(request, db)]);
    return sendPage(reply, PartnershipListPage({ ctx, list, query, places, params, canCreate: canCreate(request.actor) }));
  });

  const formPage = async (request: FastifyRequest, reply: FastifyReply, args: { action: string; heading: string; form: PartnershipForm; version: number | null; failure: Failure | null; cancel: string }) => {
    const ctx = await pageContext(request, db);
    return sendPage(reply, PartnershipFormPage({
      ctx, action: args.action, heading: ctx.t(args.heading, { title: args.form.title ?? '' }), form: args.form, version: args.version,
      errors: args.failure?.errors ?? [], conflict: args.failure?.conflict ?? null, organisations: await ownOrganisations(db, request.actor), currencies: currencyList(), cancel: args.cancel,
    }), args.failure?.status ?? 200);
  };

  /** "More rows": the same form, as typed, with room for more parties and contributions. */
  const withMoreRows = (form: PartnershipForm): PartnershipForm => ({
    ...form,
    party_rows: String(Math.min(rowCount(form, 'party') + SPARE_ROWS, MAX_ROWS)),
    contribution_rows: String(Math.min(rowCount(form, 'contribution') + SPARE_ROWS, MAX_ROWS)),
  });

  app.get('/partnerships/new', { schema: { hide: true } }, async (request, reply) => {
    if (!canCreate(request.actor)) throw new PontesError(request.actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: 'sign in to create partnerships' });
    const matchId = flatQuery(request.query).match_id ?? '';
    const form: PartnershipForm = { language: request.lang, party_rows: String(2 + SPARE_ROWS), contribution_rows: String(1 + SPARE_ROWS), ...(matchId !== '' ? { match_id: matchId } : {}) };
    return formPage(request, reply, { action: '/partnerships/new', heading: 'partnerships.form.newTitle', form, version: null, failure: null, cancel: '/partnerships' });
  });

  app.post('/partnerships/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const page = (f: PartnershipForm, failure: Failure | null) => formPage(request, reply, { action: '/partnerships/new', heading: 'partnerships.form.newTitle', form: f, version: null, failure, cancel: '/partnerships' });
    if (form.more !== undefined) return page(withMoreRows(form), null);
    try {
      const { body, errors } = await bodyOfForm(db, form, false);
      if (errors.length > 0) await refuseWithFormErrors(db, request.actor, body, errors);
      const partnership = await createPartnership(db, request.actor, body);
      return reply.redirect(`/partnerships/${partnership.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return page(form, failure);
    }
  });

  app.get<{ Params: { id: string } }>('/partnerships/:id', { schema: { hide: true } }, async (request, reply) => {
    const { partnership, actions, timeline } = await partnershipWithActions(db, request.actor, request.params.id);
    const ctx = await pageContext(request, db);
    const sections = await renderPartnershipSections({ db, actor: request.actor, partnership, ctx });
    return sendPage(reply, PartnershipPage({ ctx, partnership, actions, timeline, sections }));
  });

  app.get<{ Params: { id: string } }>('/partnerships/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const partnership = await partnershipForEdit(db, request.actor, request.params.id);
    return formPage(request, reply, {
      action: `/partnerships/${partnership.id}/edit`, heading: 'partnerships.form.editTitle', form: partnershipToForm(partnership), version: partnership.version, failure: null, cancel: `/partnerships/${partnership.id}`,
    });
  });

  app.post<{ Params: { id: string } }>('/partnerships/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const typed = Number(form.version);
    const version = Number.isInteger(typed) && typed > 0 ? typed : undefined;
    const current = await partnershipForEdit(db, request.actor, request.params.id);
    const page = (f: PartnershipForm, failure: Failure | null, shownVersion: number) => formPage(request, reply, {
      action: `/partnerships/${current.id}/edit`, heading: 'partnerships.form.editTitle', form: f, version: shownVersion, failure, cancel: `/partnerships/${current.id}`,
    });
    if (form.more !== undefined) return page(withMoreRows(form), null, version ?? current.version);
    try {
      const { body, errors } = await bodyOfForm(db, form, true);
      if (errors.length > 0) await refuseWithFormErrors(db, request.actor, body, errors, current.id);
      await updatePartnership(db, request.actor, current.id, body, { version });
      return reply.redirect(`/partnerships/${current.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // The form stays as typed; after a conflict it carries the current version, so saving again overwrites knowingly.
      return page(form, failure, failure.conflict ?? version ?? current.version);
    }
  });

  app.get<{ Params: { id: string } }>('/partnerships/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const { partnership } = await partnershipWithActions(db, request.actor, request.params.id);
    const versions = await versionsOfRecord(db, request.actor, partnershipStore, partnership.id);
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: partnership.title, back: `/partnerships/${partnership.id}`, versions }));
  });

  lifecyclePages(app, { db, collection: 'partnerships', store: partnershipStore });
};
