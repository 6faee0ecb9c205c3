import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canCreate, isCurator } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { pageContext } from '../../views/page-context.js';
import type { Organisation } from '../organisations/index.js';
import type { Place, PlaceKind } from '../places/index.js';
import { HistoryPage } from '../versions/index.js';
import {
  createOrganisation, createPlace, mergeOrganisations, mergePlaces, organisationForEdit, placeForEdit, recordVersions, reviewQueue, updateOrganisation, updatePlace,
  type OrganisationFields, type PlaceFields,
} from './curation.service.js';
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

/** A place form's fields as the service takes them; numbers that are not numbers go to `errors`. */
function placeFields(form: RecordForm, errors: FormError[], kind: PlaceKind): PlaceFields {
  return {
    name: form.name ?? '', kind: (form.kind ?? kind) as PlaceKind, altNames: (form.altNames ?? '').split(/\r?\n/),
    population: numberField(form, 'population', errors, true), populationYear: numberField(form, 'populationYear', errors, true),
    latitude: numberField(form, 'latitude', errors, false), longitude: numberField(form, 'longitude', errors, false),
  };
}

const organisationFields = (form: RecordForm): OrganisationFields => ({
  name: form.name ?? '', kind: form.kind === '' || form.kind === undefined ? null : form.kind, country: form.country ?? null,
  website: form.website ?? null, iatiOrgId: form.iatiOrgId ?? null,
});

/** The new-record forms are for those who may add records (as createPlace/createOrganisation decide). */
function mayAdd(actor: Actor, what: string): void {
  if (!canCreate(actor)) throw new PontesError(actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: `sign in to add ${what}` });
}

/** The survivor of a merge: its id, or its page's address pasted whole. */
const survivorId = (raw: string) => raw.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';

function failure(error: unknown): { errors: FormError[]; conflict: number | null; status: number } | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') return { errors: (error.errors as FormError[] | undefined) ?? [{ reason: error.message }], conflict: null, status: 400 };
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  return null;
}

/**
 * Forms that add and edit places and organisations, their histories, and the curators' review
 * queue with its merge forms. Each form calls the service the API calls, which checks permissions.
 */
export const curationPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const newPlaceForm = async (request: FastifyRequest, reply: FastifyReply, form: RecordForm, errors: FormError[]) =>
    sendPage(reply, PlaceFormPage({ ctx: await pageContext(request, db), place: null, form, version: null, errors, conflict: null, curator: isCurator(request.actor) }), errors.length > 0 ? 400 : 200);
  const newOrganisationForm = async (request: FastifyRequest, reply: FastifyReply, form: RecordForm, errors: FormError[]) =>
    sendPage(reply, OrganisationFormPage({ ctx: await pageContext(request, db), organisation: null, form, version: null, errors, conflict: null, curator: isCurator(request.actor) }), errors.length > 0 ? 400 : 200);

  app.get('/places/new', { schema: { hide: true } }, async (request, reply) => {
    mayAdd(request.actor, 'places');
    return newPlaceForm(request, reply, { kind: 'municipality' }, []);
  });

  app.post('/places/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const errors: FormError[] = [];
    const fields = placeFields(form, errors, 'municipality');
    if (errors.length > 0) {
      mayAdd(request.actor, 'places');
      return newPlaceForm(request, reply, form, errors);
    }
    try {
      const place = await createPlace(db, request.actor, { ...fields, countryCode: (form.country ?? '').trim() });
      return reply.redirect(`/places/${place.id}`, 303);
    } catch (error) {
      const failed = failure(error);
      if (failed === null) throw error;
      return newPlaceForm(request, reply, form, failed.errors);
    }
  });

  app.get('/organisations/new', { schema: { hide: true } }, async (request, reply) => {
    mayAdd(request.actor, 'organisations');
    return newOrganisationForm(request, reply, {}, []);
  });

  app.post('/organisations/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const organisation = await createOrganisation(db, request.actor, { ...organisationFields(form), name: form.name ?? '' });
      return reply.redirect(`/organisations/${organisation.id}`, 303);
    } catch (error) {
      const failed = failure(error);
      if (failed === null) throw error;
      return newOrganisationForm(request, reply, form, failed.errors);
    }
  });

  app.get<{ Params: { id: string } }>('/places/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const place = await placeForEdit(db, request.actor, request.params.id);
    return sendPage(reply, PlaceFormPage({ ctx: await pageContext(request, db), place, form: placeForm(place), version: place.version, errors: [], conflict: null, curator: isCurator(request.actor) }));
  });

  app.post<{ Params: { id: string } }>('/places/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    const place = await placeForEdit(db, request.actor, request.params.id);
    const errors: FormError[] = [];
    const fields = { ...placeFields(form, errors, place.kind), ...(isCurator(request.actor) ? { needsReview: form.reviewed !== 'true' } : {}) };
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
        ...organisationFields(form), ...(isCurator(request.actor) ? { needsReview: form.reviewed !== 'true' } : {}),
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

  // "Merge into…" (the review queue's rows): the record goes into the survivor; both are checked by the service.
  for (const recordType of ['place', 'organisation'] as const) {
    app.post<{ Params: { id: string } }>(`/${recordType}s/:id/merge`, { schema: { hide: true } }, async (request, reply) => {
      const form = readForm(request.body);
      const into = survivorId(form.into ?? '');
      try {
        const survivor = recordType === 'place' ? await mergePlaces(db, request.actor, request.params.id, into) : await mergeOrganisations(db, request.actor, request.params.id, into);
        return reply.redirect(`/${recordType}s/${survivor.id}`, 303);
      } catch (error) {
        if (!isPontesError(error) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'NOT_FOUND')) throw error;
        const ctx = await pageContext(request, db);
        let errors: FormError[];
        if (error.code === 'NOT_FOUND') {
          // The merged record is checked first: if it is the one missing, its 404 stands; else the survivor names nothing.
          await (recordType === 'place' ? placeForEdit : organisationForEdit)(db, request.actor, request.params.id);
          errors = [{ field: 'into', reason: ctx.t('review.merge.noSuch') }];
        } else {
          errors = failure(error)!.errors;
        }
        const queue = await reviewQueue(db, request.actor);
        return sendPage(reply, ReviewPage({ ctx, ...queue, merge: { recordType, id: request.params.id, into: form.into ?? '', errors } }), 400);
      }
    });
  }
};
