import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, canCreate, isCurator } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, stateOf, versionsOfRecord, type CooperationModuleOptions } from '../lifecycle/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { getPlacesByIds } from '../places/index.js';
import { getPractice, practiceSummaries } from '../practices/index.js';
import { HistoryPage } from '../versions/index.js';
import { COLLECTION_OF, NEED_FACETS, NEED_KINDS, type NeedKind, type NeedOffer } from './needs.domain.js';
import { formToInput, formVersion, itemToForm, readNeedForm, type NeedForm } from './needs.form.js';
import { proposalsFor } from './needs.proposals.js';
import { createNeedOffer, listNeedOffers, loadNeedOffer, needOfferWithActions, updateNeedOffer } from './needs.service.js';
import { storeOf } from './needs.store.js';
import { NeedFormPage, NeedListPage, NeedPage, type FormError, type PosterChoices, type PosterNames } from './needs.views.js';

const PAGE_SIZE = 20;
/** How far ahead a new need's expiry is proposed on the form. */
const DEFAULT_DAYS = 180;

/** Names of the places and organisations of these records. */
export async function posterNames(db: Db, items: Pick<NeedOffer, 'placeId' | 'organisationId'>[]): Promise<PosterNames> {
  const placeIds = [...new Set(items.map((i) => i.placeId).filter((id): id is string => id !== null))];
  const organisationIds = [...new Set(items.map((i) => i.organisationId).filter((id): id is string => id !== null))];
  const [places, organisations] = await Promise.all([getPlacesByIds(db, placeIds), getOrganisationsByIds(db, organisationIds)]);
  return {
    places: new Map(places.map((p) => [p.id, { name: p.name, countryCode: p.countryCode }])),
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
  };
}

/**
 * Whom the actor may post for: their focal places, their organisations (member or focal point),
 * plus what the record already names; curators and admins name any by id.
 */
export async function posterChoices(db: Db, actor: Actor, current: NeedForm = {}): Promise<PosterChoices> {
  if (isCurator(actor)) return { places: [], organisations: [], anyId: true };
  const member = actor.kind === 'member' ? actor : null;
  const own = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? [value] : []);
  const placeIds = [...new Set([...(member?.focalPlaceIds ?? []), ...own(current.place_id)])];
  const organisationIds = [...new Set([...(member?.organisationIds ?? []), ...(member?.focalOrganisationIds ?? []), ...own(current.organisation_id)])];
  const [places, organisations] = await Promise.all([getPlacesByIds(db, placeIds), getOrganisationsByIds(db, organisationIds)]);
  return { places: places.map((p) => ({ id: p.id, name: p.name })), organisations: organisations.map((o) => ({ id: o.id, name: o.name })), anyId: false };
}

/** A refused save as the form shows it: validation reasons, or the version someone else saved. */
export function formFailure(error: unknown): { errors: FormError[]; conflict: number | null; status: number } | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  return null;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function refuseAnonymous(actor: Actor, kind: NeedKind): void {
  if (!canCreate(actor)) throw new PontesError(actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: `sign in to post a ${kind}` });
}

/**
 * A new need's form: empty, or (?practice=<id>, "we want to learn from this") prefilled from the
 * practice: its topics, the member's place or organisation, the member's name as contact.
 */
export async function newNeedForm(db: Db, request: FastifyRequest, kind: NeedKind, practiceId: string | undefined): Promise<{ form: NeedForm; practice: { id: string; title: string } | null }> {
  const actor = request.actor;
  const member = actor.kind === 'member' ? actor : null;
  const form: NeedForm = {
    language: request.lang, expires_on: inDays(DEFAULT_DAYS), contact_name: request.auth?.member?.name ?? '',
    place_id: member?.focalPlaceIds[0] ?? '', organisation_id: member !== null && member.focalPlaceIds.length === 0 ? (member.focalOrganisationIds[0] ?? member.organisationIds[0] ?? '') : '',
  };
  if (kind !== 'need' || practiceId === undefined || practiceId === '') return { form, practice: null };
  const practice = await getPractice(db, actor, practiceId);
  form.title = request.t('needs.form.learnTitle', { title: practice.title }).slice(0, 300);
  form.practice_id = practice.id;
  for (const facet of NEED_FACETS) {
    form[facet] = facet === 'critical_areas' ? practice.criticalAreas : facet === 'target_groups' ? practice.targetGroups : practice[facet];
  }
  return { form, practice: { id: practice.id, title: practice.title } };
}

/** HTML pages of needs and offers: lists, one record with its proposals, and the forms that write them. */
export const needsPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db }) => {
  for (const kind of NEED_KINDS) {
    const collection = COLLECTION_OF[kind];
    const store = storeOf(kind);

    app.get(`/${collection}`, { schema: { hide: true } }, async (request, reply) => {
      const query = flatQuery(request.query);
      const offset = Number(query.offset ?? 0);
      const includeExpired = query.include_expired === 'true';
      const list = await listNeedOffers(db, request.actor, kind, query, { limit: PAGE_SIZE, offset: Number.isFinite(offset) ? offset : 0 });
      const params = new URLSearchParams();
      for (const name of ['sector', 'place_id', 'organisation_id', 'include_expired', 'offset']) {
        const value = query[name];
        if (value !== undefined) params.set(name, value);
      }
      const ctx = await pageContext(request, db);
      return sendPage(reply, NeedListPage({
        ctx, kind, list, names: await posterNames(db, list.items), query: { sector: query.sector ?? '', includeExpired }, params, canPost: canCreate(request.actor),
      }));
    });

    const newForm = async (
      request: FastifyRequest, reply: FastifyReply, form: NeedForm, practice: { id: string; title: string } | null,
      failure: { errors: FormError[]; conflict: number | null; status: number } | null,
    ) => {
      const ctx = await pageContext(request, db);
      const learning = practice !== null;
      return sendPage(reply, NeedFormPage({
        ctx, kind, form, version: null, errors: failure?.errors ?? [], conflict: null, posters: await posterChoices(db, request.actor, form), practice,
        // Learning from a practice: the need and its match are made together by the matches module.
        action: learning ? '/matches/learn' : `/${collection}/new`,
        heading: learning ? ctx.t('needs.form.learnHeading', { title: practice.title }) : ctx.t(`needs.new.${kind}`),
        lead: learning ? ctx.t('needs.form.learnLead') : undefined,
        submitLabel: learning ? ctx.t('needs.form.submitLearn') : undefined,
        cancelHref: learning ? `/practices/${practice.id}` : `/${collection}`,
      }), failure?.status ?? 200);
    };

    app.get<{ Querystring: { practice?: string } }>(`/${collection}/new`, { schema: { hide: true } }, async (request, reply) => {
      refuseAnonymous(request.actor, kind);
      const practiceId = typeof request.query.practice === 'string' ? request.query.practice : undefined;
      const { form, practice } = await newNeedForm(db, request, kind, practiceId);
      return newForm(request, reply, form, practice, null);
    });

    app.post(`/${collection}/new`, { schema: { hide: true } }, async (request, reply) => {
      const form = readNeedForm(request.body);
      try {
        const item = await createNeedOffer(db, request.actor, kind, formToInput(form));
        return reply.redirect(`/${collection}/${item.id}`, 303);
      } catch (error) {
        const failure = formFailure(error);
        if (failure === null) throw error;
        return newForm(request, reply, form, null, failure);
      }
    });

    app.get<{ Params: { id: string } }>(`/${collection}/:id`, { schema: { hide: true } }, async (request, reply) => {
      const { item, head, actions, timeline } = await needOfferWithActions(db, request.actor, kind, request.params.id);
      const practice = item.practiceId !== null ? ((await practiceSummaries(db, request.actor, [item.practiceId]))[0] ?? null) : null;
      // Proposals for a live need (not an expired or deleted one).
      const proposals = kind === 'need' && !item.deleted && !item.expired ? await proposalsFor(db, request.actor, item) : null;
      return sendPage(reply, NeedPage({
        ctx: await pageContext(request, db), item, names: await posterNames(db, [item]), practice: practice === null ? null : { id: practice.id, title: practice.title },
        head, actions, timeline, proposals, canPropose: can(request.actor, 'status', stateOf(head), head.ties),
      }));
    });

    const editForm = async (
      request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, item: NeedOffer, form: NeedForm, version: number,
      failure: { errors: FormError[]; conflict: number | null; status: number } | null,
    ) => {
      const ctx = await pageContext(request, db);
      return sendPage(reply, NeedFormPage({
        ctx, kind, action: `/${collection}/${item.id}/edit`, heading: ctx.t('needs.editTitle', { title: item.title }), form, version,
        errors: failure?.errors ?? [], conflict: failure?.conflict ?? null, posters: await posterChoices(db, request.actor, form), cancelHref: `/${collection}/${item.id}`,
      }), failure?.status ?? 200);
    };

    app.get<{ Params: { id: string } }>(`/${collection}/:id/edit`, { schema: { hide: true } }, async (request, reply) => {
      const { item, actions } = await needOfferWithActions(db, request.actor, kind, request.params.id);
      if (!actions.edit) throw new PontesError(request.actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN', { detail: `you may not edit this ${kind}` });
      return editForm(request, reply, item, itemToForm(item), item.version, null);
    });

    app.post<{ Params: { id: string } }>(`/${collection}/:id/edit`, { schema: { hide: true } }, async (request, reply) => {
      const form = readNeedForm(request.body);
      const version = formVersion(form);
      try {
        const item = await updateNeedOffer(db, request.actor, kind, request.params.id, formToInput(form), version);
        return reply.redirect(`/${collection}/${item.id}`, 303);
      } catch (error) {
        const failure = formFailure(error);
        if (failure === null) throw error;
        // The form stays as typed; after a conflict it carries the current version, so saving again overwrites knowingly.
        const item = (await loadNeedOffer(db, request.params.id))!;
        return editForm(request, reply, item, form, failure.conflict ?? version ?? item.version, failure);
      }
    });

    app.get<{ Params: { id: string } }>(`/${collection}/:id/history`, { schema: { hide: true } }, async (request, reply) => {
      const versions = await versionsOfRecord(db, request.actor, store, request.params.id);
      const item = (await loadNeedOffer(db, request.params.id))!;
      return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: item.title, back: `/${collection}/${item.id}`, versions }));
    });

    lifecyclePages(app, { db, collection, store });
  }
};

