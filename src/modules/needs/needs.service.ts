import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { actorMemberId, OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { isCurator, visibilityOf } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import {
  allowedActions, checkCanCreate, editableHead, invalid, readableHead, recordCreation, recordEdit, refused, stale, timelineOf, type RecordHead, type StateChange,
} from '../lifecycle/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { getPlacesByIds } from '../places/index.js';
import { practiceSummaries } from '../practices/index.js';
import { isCode } from '../vocabularies/index.js';
import { NEED_FACETS, todayUtc, type NeedFacet, type NeedKind, type NeedOffer } from './needs.domain.js';
import { presentNeedOffer } from './needs.presenter.js';
import * as repo from './needs.repository.js';
import type { NeedOfferWrite } from './needs.repository.js';
import { storeOf, toNeedOffer } from './needs.store.js';

/** The body of POST /needs and /offers (and, partly, of PATCH): snake_case, as the API takes it. */
export interface NeedOfferInput {
  title?: string | null;
  description?: string | null;
  language?: string | null;
  place_id?: string | null;
  organisation_id?: string | null;
  pillars?: string[] | null;
  critical_areas?: string[] | null;
  challenges?: string[] | null;
  sectors?: string[] | null;
  target_groups?: string[] | null;
  contact_name?: string | null;
  contact_email?: string | null;
  expires_on?: string | null;
  practice_id?: string | null;
}

const FACET_COLUMN: Record<NeedFacet, 'pillars' | 'criticalAreas' | 'challenges' | 'sectors' | 'targetGroups'> = {
  pillars: 'pillars', critical_areas: 'criticalAreas', challenges: 'challenges', sectors: 'sectors', target_groups: 'targetGroups',
};

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

type FieldError = { field?: string; reason: string; value?: unknown };

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function optionalText(errors: FieldError[], input: Record<string, unknown>, field: string, max: number): string | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field, reason: 'must be text' });
    return null;
  }
  const trimmed = value.replace(/\r\n?/g, '\n').trim();
  if (trimmed.length > max) errors.push({ field, reason: `must be at most ${max} characters` });
  return trimmed === '' ? null : trimmed;
}

function optionalId(errors: FieldError[], input: Record<string, unknown>, field: string): string | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isUuid(value)) {
    errors.push({ field, reason: 'must be a record id (UUID)', value });
    return null;
  }
  return value.toLowerCase();
}

/**
 * Checks a need or an offer as it would be stored (a creation's body, or an edit merged over the
 * stored record): every bad field named at once (400), then whether the actor may post for the
 * place and the organisation named (403). `previous` is the stored record of an edit.
 */
async function checkedWrite(db: Db, actor: Actor, input: Record<string, unknown>, previous: NeedOffer | null, options: { allowPast?: boolean } = {}): Promise<NeedOfferWrite> {
  const errors: FieldError[] = [];
  const title = optionalText(errors, input, 'title', 300);
  if (title === null && !errors.some((e) => e.field === 'title')) errors.push({ field: 'title', reason: 'is required' });
  const description = optionalText(errors, input, 'description', 20_000) ?? '';
  const language = optionalText(errors, input, 'language', 3) ?? 'en';
  if (!/^[a-z]{2,3}$/.test(language)) errors.push({ field: 'language', reason: 'must be an ISO 639 code such as en, fr, es or pt', value: language });
  const placeId = optionalId(errors, input, 'place_id');
  const organisationId = optionalId(errors, input, 'organisation_id');
  if (placeId === null && organisationId === null && !errors.some((e) => e.field === 'place_id' || e.field === 'organisation_id')) {
    errors.push({ field: 'place_id', reason: 'is required unless organisation_id is given: say which place or organisation posts it' });
  }
  const [places, organisations] = await Promise.all([
    placeId !== null ? getPlacesByIds(db, [placeId]) : Promise.resolve([]),
    organisationId !== null ? getOrganisationsByIds(db, [organisationId]) : Promise.resolve([]),
  ]);
  if (placeId !== null && places.length === 0) errors.push({ field: 'place_id', reason: 'names no place', value: placeId });
  if (organisationId !== null && organisations.length === 0) errors.push({ field: 'organisation_id', reason: 'names no organisation', value: organisationId });
  const codes = {} as Record<NeedFacet, string[]>;
  for (const facet of NEED_FACETS) {
    const value = input[facet];
    codes[facet] = [];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.some((code) => typeof code !== 'string')) {
      errors.push({ field: facet, reason: 'must be a list of codes' });
      continue;
    }
    for (const code of value as string[]) {
      if (!isCode(facet, code)) errors.push({ field: facet, reason: `has an unknown code (see schemas/vocabularies.json: ${facet})`, value: code });
      else if (!codes[facet].includes(code)) codes[facet].push(code);
    }
  }
  const contactName = optionalText(errors, input, 'contact_name', 200);
  if (contactName === null && !errors.some((e) => e.field === 'contact_name')) errors.push({ field: 'contact_name', reason: 'is required: who should peers write to?' });
  const contactEmail = optionalText(errors, input, 'contact_email', 254);
  if (contactEmail === null && !errors.some((e) => e.field === 'contact_email')) errors.push({ field: 'contact_email', reason: 'is required' });
  else if (contactEmail !== null && !EMAIL.test(contactEmail)) errors.push({ field: 'contact_email', reason: 'must be an email address', value: contactEmail });
  const expiresOn = optionalText(errors, input, 'expires_on', 10);
  if (expiresOn === null && !errors.some((e) => e.field === 'expires_on')) errors.push({ field: 'expires_on', reason: 'is required (YYYY-MM-DD)' });
  else if (expiresOn !== null && !isDay(expiresOn)) errors.push({ field: 'expires_on', reason: 'must be a date (YYYY-MM-DD)', value: expiresOn });
  // A new expiry day must not be past (an edit that leaves an expired one as it was may stand).
  else if (expiresOn !== null && expiresOn < todayUtc() && expiresOn !== previous?.expiresOn && options.allowPast !== true) errors.push({ field: 'expires_on', reason: `must not be in the past (today is ${todayUtc()})`, value: expiresOn });
  const practiceId = optionalId(errors, input, 'practice_id');
  if (practiceId !== null && practiceId !== previous?.practiceId && (await practiceSummaries(db, actor, [practiceId])).length === 0) {
    errors.push({ field: 'practice_id', reason: 'names no practice you can see', value: practiceId });
  }
  if (errors.length > 0) throw invalid(errors);
  // The poster: a place or an organisation the member speaks for, unless a curator posts for it.
  if (!isCurator(actor)) {
    const member = actor.kind === 'member' ? actor : null;
    if (placeId !== null && placeId !== previous?.placeId && !(member?.focalPlaceIds.includes(placeId) ?? false)) {
      throw refused(actor, 'post for this place: you are not its focal point');
    }
    if (organisationId !== null && organisationId !== previous?.organisationId && !(member !== null && (member.focalOrganisationIds.includes(organisationId) || member.organisationIds.includes(organisationId)))) {
      throw refused(actor, 'post for this organisation: you are neither its member nor its focal point');
    }
  }
  return {
    title: title!, description, language, placeId, organisationId,
    pillars: codes.pillars, criticalAreas: codes.critical_areas, challenges: codes.challenges, sectors: codes.sectors, targetGroups: codes.target_groups,
    contactName, contactEmail, expiresOn: expiresOn!, practiceId,
    // The posting organisation owns it: its members work on the draft with the poster.
    ownerOrganisationId: organisationId,
  };
}

/** A need or an offer checked and ready to write (checkNeedOffer), for a creation in someone else's transaction. */
export interface CheckedNeedOffer {
  kind: NeedKind;
  write: NeedOfferWrite;
}

/** Checks a new need or offer (401/403 may not create, 400 every bad field, 403 poster not theirs); nothing written. */
export async function checkNeedOffer(db: Db, actor: Actor, kind: NeedKind, input: NeedOfferInput, options: { allowPast?: boolean } = {}): Promise<CheckedNeedOffer> {
  checkCanCreate(actor, kind);
  return { kind, write: await checkedWrite(db, actor, input as Record<string, unknown>, null, options) };
}

/** Writes a checked need or offer in the caller's transaction, with its creation's traces; its id. */
export async function insertNeedOffer(trx: Db, actor: Actor, checked: CheckedNeedOffer, options: { demo?: boolean } = {}): Promise<string> {
  const id = await repo.insertNeedOffer(trx, { ...checked.write, kind: checked.kind, createdBy: actorMemberId(actor), ...(options.demo !== undefined ? { demo: options.demo } : {}) });
  await recordCreation(trx, actor, storeOf(checked.kind), id);
  return id;
}

/** The stored record, no permission check (callers made one). */
export async function loadNeedOffer(db: Db, id: string): Promise<NeedOffer | undefined> {
  const row = isUuid(id) ? await repo.getNeedOfferRow(db, id) : undefined;
  return row === undefined ? undefined : toNeedOffer(row, todayUtc());
}

/** Several stored records by id, no permission check. */
export async function loadNeedOffers(db: Db, ids: readonly string[]): Promise<NeedOffer[]> {
  const today = todayUtc();
  return (await repo.getNeedOfferRows(db, ids.filter(isUuid))).map((row) => toNeedOffer(row, today));
}

/**
 * A new need or offer (a draft), posted for a place or an organisation the member speaks for;
 * its creation is in its timeline, versions and the audit log. `demo` marks the handbook's
 * story, whose needs may have expired long ago (a past expires_on is allowed for it only).
 */
export async function createNeedOffer(db: Db, actor: Actor, kind: NeedKind, input: NeedOfferInput, options: { demo?: boolean } = {}): Promise<NeedOffer> {
  const checked = await checkNeedOffer(db, actor, kind, input, { allowPast: options.demo === true });
  const id = await db.transaction().execute((trx) => insertNeedOffer(trx, actor, checked, options));
  return (await loadNeedOffer(db, id))!;
}

/** A new need (POST /api/v1/needs): the body as the API takes it; the created need. */
export function createNeed(db: Db, actor: Actor, input: NeedOfferInput, options: { demo?: boolean } = {}): Promise<NeedOffer> {
  return createNeedOffer(db, actor, 'need', input, options);
}

/** A new offer (POST /api/v1/offers). */
export function createOffer(db: Db, actor: Actor, input: NeedOfferInput, options: { demo?: boolean } = {}): Promise<NeedOffer> {
  return createNeedOffer(db, actor, 'offer', input, options);
}

/** One need or offer the actor may read; 404 otherwise (an offer's id is no need). */
export async function getNeedOffer(db: Db, actor: Actor, kind: NeedKind, id: string): Promise<NeedOffer> {
  await readableHead(db, actor, storeOf(kind), id);
  return (await loadNeedOffer(db, id))!;
}

export function getNeed(db: Db, actor: Actor, id: string): Promise<NeedOffer> {
  return getNeedOffer(db, actor, 'need', id);
}

export function getOffer(db: Db, actor: Actor, id: string): Promise<NeedOffer> {
  return getNeedOffer(db, actor, 'offer', id);
}

/** The record with what the actor may do to it and its timeline (the item page). */
export async function needOfferWithActions(db: Db, actor: Actor, kind: NeedKind, id: string): Promise<{ item: NeedOffer; head: RecordHead; actions: ReturnType<typeof allowedActions>; timeline: StateChange[] }> {
  const store = storeOf(kind);
  const head = await readableHead(db, actor, store, id);
  const [item, timeline] = await Promise.all([loadNeedOffer(db, id), timelineOf(db, actor, store, id)]);
  return { item: item!, head, actions: allowedActions(actor, store, head), timeline };
}

/**
 * Saves an edit: the fields given replace the stored ones (null clears an optional one), from
 * the version the client edited (428 without, 409 stale, nothing changed). 404 unreadable,
 * 401/403 not the actor's to edit in this state; 400 for any bad field of the result.
 */
export async function updateNeedOffer(db: Db, actor: Actor, kind: NeedKind, id: string, input: NeedOfferInput, version: number | undefined): Promise<NeedOffer> {
  const store = storeOf(kind);
  const head = await editableHead(db, actor, store, id, version);
  const current = (await loadNeedOffer(db, id))!;
  const merged: Record<string, unknown> = { ...presentNeedOffer(current, { contact: true }) };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  const write = await checkedWrite(db, actor, merged, current);
  const before = { version: head.version, data: await store.snapshot(db, id) };
  await db.transaction().execute(async (trx) => {
    const saved = await repo.updateNeedOffer(trx, id, head.version, write);
    if (saved === undefined) throw stale(kind, head.version + 1, head.version);
    await recordEdit(trx, actor, store, id, before);
  });
  return (await loadNeedOffer(db, id))!;
}

export interface NeedOfferQuery {
  place_id?: string | undefined;
  organisation_id?: string | undefined;
  sector?: string | undefined;
  include_expired?: boolean | string | undefined;
}

function unknownValue(filter: string, value: string): PontesError {
  return new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown value "${value.slice(0, 100)}" for filter ${filter}`, params: { filter, value: value.slice(0, 100) } });
}

/** Needs or offers the actor may see, filtered and paged, newest first; expired ones only when asked. */
export async function listNeedOffers(
  db: Db, actor: Actor, kind: NeedKind, query: NeedOfferQuery, paging: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<{ items: NeedOffer[]; total: number; limit: number; offset: number }> {
  const placeId = query.place_id === undefined || query.place_id === '' ? undefined : query.place_id;
  const organisationId = query.organisation_id === undefined || query.organisation_id === '' ? undefined : query.organisation_id;
  const sector = query.sector === undefined || query.sector === '' ? undefined : query.sector;
  if (placeId !== undefined && !isUuid(placeId)) throw unknownValue('place_id', placeId);
  if (organisationId !== undefined && !isUuid(organisationId)) throw unknownValue('organisation_id', organisationId);
  if (sector !== undefined && !isCode('sectors', sector)) throw unknownValue('sector', sector);
  const includeExpired = query.include_expired === true || query.include_expired === 'true' || query.include_expired === '1';
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const today = todayUtc();
  const { rows, total } = await repo.listNeedOffers(db, { kind, visibility: visibilityOf(actor), placeId, organisationId, sector, includeExpired, today }, limit, offset);
  return { items: rows.map((row) => toNeedOffer(row, today)), total, limit, offset };
}

export function listNeeds(db: Db, actor: Actor, query: NeedOfferQuery = {}, paging: { limit?: number; offset?: number } = {}) {
  return listNeedOffers(db, actor, 'need', query, paging);
}

export function listOffers(db: Db, actor: Actor, query: NeedOfferQuery = {}, paging: { limit?: number; offset?: number } = {}) {
  return listNeedOffers(db, actor, 'offer', query, paging);
}

/** The published offers that have not expired (weighed against a need), newest first. */
export async function liveOffers(db: Db, max: number): Promise<NeedOffer[]> {
  const today = todayUtc();
  const rows = await repo.allNeedOffers(db, { kind: 'offer', visibility: visibilityOf(OPERATOR), includeExpired: false, today, publishedOnly: true }, max);
  return rows.map((row) => toNeedOffer(row, today));
}

/** The vocabulary codes of a record by facet name (API names), for forms and matching. */
export function codesOfFacet(item: Pick<NeedOffer, 'pillars' | 'criticalAreas' | 'challenges' | 'sectors' | 'targetGroups'>, facet: NeedFacet): string[] {
  return item[FACET_COLUMN[facet]];
}
