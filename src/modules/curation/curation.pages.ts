import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError } from '../../errors.js';
import { isCurator } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { pageContext } from '../../views/page-context.js';
import type { Organisation } from '../organisations/index.js';
import type { Place, PlaceKind } from '../places/index.js';
import { HistoryPage } from '../versions/index.js';
import { organisationForEdit, placeForEdit, recordVersions, reviewQueue, updateOrganisation, updatePlace } from './curation.service.js';
import { OrganisationFormPage, PlaceFormPage, ReviewPage, type FormError, type RecordForm } from './curation.views.js';

function readForm(body: unknown): RecordForm {
  const form: RecordForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) if (typeof value === 'string' && key !== '_csrf') form[key] = value.slice(0, 10_000);
  return form;
}

const placeForm = (p: Place): RecordForm => ({
  name: p.name, kind: p.kind, altNames: p.altNames.join('\n'), population: p.population?.toString() ?? '', populationYear: p.populationYear?.toString() ?? '',
  latitude: p.latitude?.toString() ?? '', longitude: p.longitude?.toString() ?? '', reviewed: p.needsReview ? '' : 'true',
});
const organisationForm = (o: Organisation): RecordForm => ({
  name: o.name, kind: o.kind ?? '', country: o.countryCode ?? '', website: o.website ?? '', iatiOrgId: o.iatiOrgId ?? '', reviewed: o.needsReview ? '' : 'true',
});

/** A number field: empty is null; anything else must be a number (else the form says so). */
function numberField(form: RecordForm, name: string, errors: FormError[], integer: boolean): number | null {
  const raw = (form[name] ?? '').trim().replace(/[\s,]/g, '');
  if (raw === '') return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    errors.push({ field: name, reason: 'must be a number' });
    return null;
  }
  return value;
}

function failure(error: unknown): { errors: FormError[]; conflict: number | null; status: number } | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') return { errors: (error.errors as FormError[] | undefined) ?? [{ reason: error.message }], conflict: null, status: 400 };
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  return null;
}

/** Edit forms of places and organisations, their histories, and the curators' review queue. */
export const curationPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get<{ Params: { id: string } }>('/places/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const place = await placeForEdit(db, request.actor, request.params.id);
    return sendPage(reply, PlaceFormPage({ ctx: await pageContext(request, db), place, form: placeForm(place), version: place.version, errors: [], conflict: null, curator: isCurator(request.actor) }));
  });

  app.post<{ Params: { id: string } }>('/places/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const place = await placeForEdit(db, request.actor, request.params.id);
    const errors: FormError[] = [];
    const fields = {
      name: form.name ?? '', kind: (form.kind ?? place.kind) as PlaceKind, altNames: (form.altNames ?? '').split(/\r?\n/),
      population: numberField(form, 'population', errors, true), populationYear: numberField(form, 'populationYear', errors, true),
      latitude: numberField(form, 'latitude', errors, false), longitude: numberField(form, 'longitude', errors, false),
      ...(isCurator(request.actor) ? { needsReview: form.reviewed !== 'true' } : {}),
    };
    const version = Number(form.version);
    try {
      if (errors.length > 0) throw Object.assign(new Error('invalid'), { formErrors: errors });
      await updatePlace(db, request.actor, place.id, fields, Number.isInteger(version) ? version : undefined);
      return reply.redirect(`/places/${place.id}`, 303);
    } catch (error) {
      const failed = errors.length > 0 ? { errors, conflict: null, status: 400 } : failure(error);
      if (failed === null) throw error;
      const ctx = await pageContext(request, db);
      return sendPage(reply, PlaceFormPage({ ctx, place, form, version: failed.conflict ?? version, errors: failed.errors, conflict: failed.conflict, curator: isCurator(request.actor) }), failed.status);
    }
  });

  app.get<{ Params: { id: string } }>('/organisations/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const organisation = await organisationForEdit(db, request.actor, request.params.id);
    return sendPage(reply, OrganisationFormPage({ ctx: await pageContext(request, db), organisation, form: organisationForm(organisation), version: organisation.version, errors: [], conflict: null, curator: isCurator(request.actor) }));
  });

  app.post<{ Params: { id: string } }>('/organisations/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const organisation = await organisationForEdit(db, request.actor, request.params.id);
    const version = Number(form.version);
    try {
      await updateOrganisation(db, request.actor, organisation.id, {
        name: form.name ?? '', kind: form.kind === '' || form.kind === undefined ? null : form.kind, country: form.country ?? null,
        website: form.website ?? null, iatiOrgId: form.iatiOrgId ?? null, ...(isCurator(request.actor) ? { needsReview: form.reviewed !== 'true' } : {}),
      }, Number.isInteger(version) ? version : undefined);
      return reply.redirect(`/organisations/${organisation.id}`, 303);
    } catch (error) {
      const failed = failure(error);
      if (failed === null) throw error;
      const ctx = await pageContext(request, db);
      return sendPage(reply, OrganisationFormPage({ ctx, organisation, form, version: failed.conflict ?? version, errors: failed.errors, conflict: failed.conflict, curator: isCurator(request.actor) }), failed.status);
    }
  });

  for (const recordType of ['place', 'organisation'] as const) {
    app.get<{ Params: { id: string } }>(`/${recordType}s/:id/history`, { schema: { hide: true } }, async (request, reply) => {
      const { title, versions } = await recordVersions(db, request.actor, recordType, request.params.id);
      return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title, back: `/${recordType}s/${request.params.id}`, versions }));
    });
  }

  app.get('/review', { schema: { hide: true } }, async (request, reply) => {
    const queue = await reviewQueue(db, request.actor);
    return sendPage(reply, ReviewPage({ ctx: await pageContext(request, db), ...queue }));
  });
};
