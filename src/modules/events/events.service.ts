import type { Db, EventKind, Publication } from '../../database.js';
import { PontesError } from '../../errors.js';
import { actorMemberId, OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { can, canCreate, isCurator, visibilityOf } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { foldKey } from '../../platform/text.js';
import { countryRegistry } from '../countries/index.js';
import { allowedActions, checkCanCreate, editableHead, invalid, readableHead, recordCreation, recordEdit, refused, stale, stateOf, timelineOf, type StateChange } from '../lifecycle/index.js';
import { createPractice, OWN_SOURCE, practiceSummaries, type Practice, type PracticeFields } from '../practices/index.js';
import {
  CONSTITUENCIES, EVENT_KINDS, hasEnded, isKnownTimeZone, localMinute, parseEventTime, SEXES,
  type AgendaItem, type EventLearning, type EventPlace, type FieldVisit, type NamedLink, type Participants, type PeerEvent,
} from './events.domain.js';
import { formToInput, inputToForm, placeLine, type EventForm } from './events.form.js';
import { presentEvent, type CountryName } from './events.presenter.js';
import { reportProblems } from './events.report.js';
import * as repo from './events.repository.js';
import { eventStore } from './events.store.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
const NOUN = 'event';

/** An event as lists show it (no agenda, participants or links). */
export interface EventSummary {
  id: string;
  title: string;
  kind: EventKind;
  language: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  place: EventPlace | null;
  venue: string | null;
  description: string;
  organisers: { id: string; name: string; countryCode: string | null }[];
  publication: Publication;
  deleted: boolean;
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type FieldError = { field: string; reason: string; value?: unknown };

// Reading ----------------------------------------------------------------------------------------

function summaryOf(row: repo.EventRow, organisers: Map<string, EventSummary['organisers']>): EventSummary {
  return {
    id: row.id, title: row.title, kind: row.kind, language: row.language, startsAt: row.startsAt, endsAt: row.endsAt, timeZone: row.timeZone,
    place: row.placeId !== null && row.placeName !== null
      ? { id: row.placeId, name: row.placeName, countryCode: row.placeCountryCode!, latitude: row.placeLatitude, longitude: row.placeLongitude }
      : null,
    venue: row.venue, description: row.description, organisers: organisers.get(row.id) ?? [], publication: row.publication, deleted: row.deletedAt !== null,
    version: row.version, demo: row.demo, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/**
 * The event as stored, with what the actor may see of its links (partnerships and practices
 * they cannot read are left out). No permission check: callers made it. `actor` undefined:
 * every link (a version's snapshot).
 */
async function loadEvent(db: Db, actor: Actor | undefined, id: string): Promise<PeerEvent> {
  const row = await repo.eventRow(db, id);
  if (row === undefined) throw new PontesError('NOT_FOUND', { detail: `no event ${id}` });
  const [organisers, places, partnerships, practiceIds] = await Promise.all([
    repo.organisersOf(db, [id]),
    repo.participatingPlaces(db, id),
    repo.partnershipsOf(db, id, actor === undefined ? undefined : visibilityOf(actor)),
    repo.practiceIdsOf(db, id),
  ]);
  const practices: NamedLink[] = actor === undefined
    ? await repo.practiceTitles(db, practiceIds)
    : (await practiceSummaries(db, actor, practiceIds)).map((p) => ({ id: p.id, title: p.title }));
  return {
    ...summaryOf(row, organisers),
    places,
    participants: {
      bySex: { women: row.participantsWomen, men: row.participantsMen, other: row.participantsOther },
      byConstituency: {
        government: row.participantsGovernment, workers: row.participantsWorkers, employers: row.participantsEmployers,
        civil_society: row.participantsCivilSociety, other: row.participantsOtherConstituency,
      },
    },
    agenda: row.agenda,
    fieldVisits: row.fieldVisits,
    outcomes: row.outcomes,
    learningReport: row.learningReport,
    partnerships,
    practices,
    createdBy: row.createdBy,
    ownerOrganisationId: row.ownerOrganisationId,
  };
}

async function countryNames(db: Db): Promise<CountryName> {
  const registry = await countryRegistry(db);
  return (code) => registry.get(code)?.names.en ?? code;
}

/** The API object a version keeps (every link, whoever reads the history). */
export async function eventSnapshot(db: Db, id: string): Promise<Record<string, unknown>> {
  const data = presentEvent(await loadEvent(db, undefined, id), await countryNames(db));
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

/** One event, if the actor may read it (404 otherwise). */
export async function getEvent(db: Db, actor: Actor, id: string): Promise<PeerEvent> {
  await readableHead(db, actor, eventStore, id);
  return loadEvent(db, actor, id);
}

/** An event's API object for the actor (what GET /events/{id} answers). */
export async function presentEventFor(db: Db, actor: Actor, id: string) {
  return presentEvent(await getEvent(db, actor, id), await countryNames(db));
}

export interface EventQuery {
  kind?: string | undefined;
  place_id?: string | undefined;
  year?: number | string | undefined;
  when?: string | undefined;
  partnership_id?: string | undefined;
  practice_id?: string | undefined;
}

function unknownValue(field: string, value: string): PontesError {
  return new PontesError('UNKNOWN_FILTER_VALUE', { detail: `${field}: unknown value ${value.slice(0, 100)}`, params: { field, value: value.slice(0, 100) }, errors: [{ field, reason: 'unknown value', value: value.slice(0, 100) }] });
}

/** Query filters as checked repository filters: an unknown value is a 400 naming it, never an empty list. */
export function parseEventFilters(query: EventQuery): repo.EventFilters {
  const filters: repo.EventFilters = {};
  if (query.kind !== undefined && query.kind !== '') {
    const kinds = query.kind.split(',').map((k) => k.trim()).filter((k) => k !== '');
    for (const kind of kinds) if (!(EVENT_KINDS as readonly string[]).includes(kind)) throw unknownValue('kind', kind);
    filters.kinds = kinds as EventKind[];
  }
  for (const [name, key] of [['place_id', 'placeId'], ['partnership_id', 'partnershipId'], ['practice_id', 'practiceId']] as const) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    if (!isUuid(value)) throw unknownValue(name, value);
    filters[key] = value;
  }
  if (query.year !== undefined && query.year !== '') {
    const year = Number(query.year);
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw unknownValue('year', String(query.year));
    filters.year = year;
  }
  if (query.when !== undefined && query.when !== '') {
    if (query.when !== 'upcoming' && query.when !== 'past') throw unknownValue('when', query.when);
    filters.when = query.when;
  }
  return filters;
}

async function summaries(db: Db, rows: repo.EventRow[]): Promise<EventSummary[]> {
  const organisers = await repo.organisersOf(db, rows.map((r) => r.id));
  return rows.map((row) => summaryOf(row, organisers));
}

/**
 * The events the actor may see (published ones; for a member also those tied to them; every
 * live one for curators), filtered and paged: upcoming ones first, soonest first, then past
 * ones, latest first.
 */
export async function listEvents(
  db: Db, actor: Actor, query: EventQuery = {}, paging: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<{ items: EventSummary[]; total: number; limit: number; offset: number }> {
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const { rows, total } = await repo.listEventRows(db, visibilityOf(actor), parseEventFilters(query), limit, offset);
  return { items: await summaries(db, rows), total, limit, offset };
}

/** The events of a partnership the actor may see (the partnership's page). */
export async function eventsOfPartnership(db: Db, actor: Actor, partnershipId: string): Promise<EventSummary[]> {
  if (!isUuid(partnershipId)) return [];
  return (await listEvents(db, actor, { partnership_id: partnershipId }, { limit: MAX_LIMIT })).items;
}

/** The events hosted at or attended by a place that the actor may see (the place's page). */
export async function eventsOfPlace(db: Db, actor: Actor, placeId: string): Promise<EventSummary[]> {
  if (!isUuid(placeId)) return [];
  return (await listEvents(db, actor, { place_id: placeId }, { limit: MAX_LIMIT })).items;
}

/** The next events the actor may see, soonest first (the home page). */
export async function upcomingEvents(db: Db, actor: Actor, limit = 5): Promise<EventSummary[]> {
  return (await listEvents(db, actor, { when: 'upcoming' }, { limit })).items;
}

/** Upcoming events for a calendar feed (at most 500), with the actor's visibility. */
export async function eventFeed(db: Db, actor: Actor, query: Pick<EventQuery, 'kind' | 'place_id'> = {}): Promise<EventSummary[]> {
  const { rows } = await repo.listEventRows(db, visibilityOf(actor), { ...parseEventFilters(query), when: 'upcoming' }, 500, 0);
  return summaries(db, rows);
}

/** The places and years of the events the actor may see (the list page's filters). */
export function eventFacets(db: Db, actor: Actor) {
  return repo.eventFacets(db, visibilityOf(actor));
}

/** Everything the event's page shows: the event, what the actor may do, the timeline and the learnings. */
export async function eventPage(db: Db, actor: Actor, id: string): Promise<{
  event: PeerEvent; allowed: ReturnType<typeof allowedActions>; history: boolean; timeline: StateChange[]; learnings: EventLearning[];
  canLearn: boolean; learningChoices: LearningChoices;
}> {
  const head = await readableHead(db, actor, eventStore, id);
  const event = await loadEvent(db, actor, id);
  const allowed = allowedActions(actor, eventStore, head);
  return {
    event, allowed, history: can(actor, 'history', stateOf(head), head.ties),
    timeline: await timelineOf(db, actor, eventStore, id),
    learnings: await repo.learningsOf(db, id),
    canLearn: canCreate(actor) && actor.kind === 'member' && hasEnded(event),
    learningChoices: await learningChoices(db, actor),
  };
}

// Writing ----------------------------------------------------------------------------------------

/** The write body of an event: the API's snake_case fields (POST /events). */
export type EventInput = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function text(body: EventInput, field: string, errors: FieldError[], options: { required?: boolean; max: number; nullable?: boolean }): string | null {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (options.required === true) errors.push({ field, reason: 'is required' });
    return options.nullable === true ? null : '';
  }
  if (typeof value !== 'string') {
    errors.push({ field, reason: 'must be text', value });
    return null;
  }
  const trimmed = value.replace(/\r\n?/g, '\n').trim();
  if (trimmed.length > options.max) errors.push({ field, reason: `is longer than ${options.max} characters` });
  return trimmed;
}

function idList(body: EventInput, field: string, errors: FieldError[]): string[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field, reason: 'must be a list of ids' });
    return [];
  }
  const ids: string[] = [];
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !isUuid(id)) errors.push({ field: `${field}[${i}]`, reason: 'is not an id', value: id });
    else if (!ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
  });
  return ids;
}

function count(value: unknown, field: string, errors: FieldError[]): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) errors.push({ field, reason: 'must be a whole number of people', value });
  else if (!Number.isInteger(number)) errors.push({ field, reason: 'must be a whole number (no fractions of people)', value });
  else if (number < 0) errors.push({ field, reason: 'must not be negative', value });
  else if (number > 10_000_000) errors.push({ field, reason: 'is too large', value });
  else return number;
  return null;
}

function participantsOf(body: EventInput, errors: FieldError[]): Participants {
  const given = body.participants;
  const bySexIn = isRecord(given) && isRecord(given.by_sex) ? given.by_sex : {};
  const byConstituencyIn = isRecord(given) && isRecord(given.by_constituency) ? given.by_constituency : {};
  if (given !== undefined && given !== null && !isRecord(given)) errors.push({ field: 'participants', reason: 'must be an object with by_sex and by_constituency' });
  const bySex = Object.fromEntries(SEXES.map((sex) => [sex, count(bySexIn[sex], `participants.by_sex.${sex}`, errors)])) as Participants['bySex'];
  const byConstituency = Object.fromEntries(CONSTITUENCIES.map((c) => [c, count(byConstituencyIn[c], `participants.by_constituency.${c}`, errors)])) as Participants['byConstituency'];
  for (const [group, input, names] of [['by_sex', bySexIn, SEXES], ['by_constituency', byConstituencyIn, CONSTITUENCIES]] as const) {
    for (const key of Object.keys(input)) if (!(names as readonly string[]).includes(key)) errors.push({ field: `participants.${group}.${key}`, reason: `is not one of ${names.join(', ')}` });
  }
  return { bySex, byConstituency };
}

function listOf(body: EventInput, field: string, errors: FieldError[], max: number): Record<string, unknown>[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field, reason: 'must be a list' });
    return [];
  }
  if (value.length > max) errors.push({ field, reason: `has more than ${max} entries` });
  return value.slice(0, max).map((item, i) => {
    if (!isRecord(item)) errors.push({ field: `${field}[${i}]`, reason: 'must be an object' });
    return isRecord(item) ? item : {};
  });
}

function agendaOf(body: EventInput, zone: string | null, errors: FieldError[]): AgendaItem[] {
  return listOf(body, 'agenda', errors, 200).map((item, i) => {
    const title = text(item, 'title', [], { max: 300 }) ?? '';
    if (title === '') errors.push({ field: `agenda[${i}].title`, reason: 'is required' });
    if (title.length > 300) errors.push({ field: `agenda[${i}].title`, reason: 'is longer than 300 characters' });
    const description = typeof item.description === 'string' ? item.description.trim().slice(0, 5000) : '';
    const entry: AgendaItem = { title };
    if (typeof item.starts_at === 'string' && item.starts_at.trim() !== '') {
      const instant = zone === null ? undefined : parseEventTime(item.starts_at, zone);
      if (instant === undefined) {
        if (zone !== null) errors.push({ field: `agenda[${i}].starts_at`, reason: 'is not an ISO 8601 date-time', value: item.starts_at });
      } else entry.startsAt = localMinute(instant, zone!);
    }
    if (description !== '') entry.description = description;
    return entry;
  });
}

function fieldVisitsOf(body: EventInput, errors: FieldError[]): FieldVisit[] {
  return listOf(body, 'field_visits', errors, 100).map((item, i) => {
    const title = typeof item.title === 'string' ? item.title.trim() : '';
    if (title === '') errors.push({ field: `field_visits[${i}].title`, reason: 'is required' });
    if (title.length > 300) errors.push({ field: `field_visits[${i}].title`, reason: 'is longer than 300 characters' });
    const visit: FieldVisit = { title };
    if (typeof item.place === 'string' && item.place.trim() !== '') visit.place = item.place.trim().slice(0, 300);
    if (typeof item.description === 'string' && item.description.trim() !== '') visit.description = item.description.trim().slice(0, 5000);
    return visit;
  });
}

/**
 * The checked row and links a write body describes, or a 400 naming every bad field. The ids
 * it names must exist (organisers, places), partnerships must not be deleted, practices must be
 * ones the actor can see (those already linked stay linked on an edit), and the learning report
 * must hold no raw HTML and no link but http, https and mailto.
 */
async function checkedWrite(db: Db, actor: Actor, body: EventInput, already: { practiceIds: string[]; ownerOrganisationId?: string | null } = { practiceIds: [] }) {
  const errors: FieldError[] = [];
  const title = text(body, 'title', errors, { required: true, max: 300 }) ?? '';
  const kind = body.kind;
  if (kind === undefined || kind === null || kind === '') errors.push({ field: 'kind', reason: 'is required' });
  else if (typeof kind !== 'string' || !(EVENT_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', reason: `must be one of ${EVENT_KINDS.join(', ')}`, value: kind });
  const language = body.language === undefined || body.language === null || body.language === '' ? 'en' : body.language;
  if (typeof language !== 'string' || !/^[a-z]{2,3}$/.test(language)) errors.push({ field: 'language', reason: 'must be an ISO 639 code such as en, fr, es, pt', value: language });

  let zone: string | null = null;
  const zoneIn = body.time_zone;
  if (zoneIn === undefined || zoneIn === null || zoneIn === '') errors.push({ field: 'time_zone', reason: 'is required (an IANA zone such as Africa/Maputo, or UTC)' });
  else if (typeof zoneIn !== 'string' || !isKnownTimeZone(zoneIn) || !(await repo.databaseKnowsZone(db, zoneIn))) {
    errors.push({ field: 'time_zone', reason: 'is not a time zone this server knows (an IANA zone such as Africa/Maputo, or UTC)', value: zoneIn });
  } else zone = zoneIn;

  const instant = (field: 'start' | 'end') => {
    const value = body[field];
    if (value === undefined || value === null || value === '') {
      errors.push({ field, reason: 'is required (ISO 8601, e.g. 2012-11-07T09:00)' });
      return undefined;
    }
    if (typeof value !== 'string') {
      errors.push({ field, reason: 'must be an ISO 8601 date-time', value });
      return undefined;
    }
    if (zone === null) return undefined;
    const parsed = parseEventTime(value, zone, field === 'end');
    if (parsed === undefined) errors.push({ field, reason: 'is not an ISO 8601 date-time (e.g. 2012-11-07T09:00, or with an offset)', value });
    return parsed;
  };
  const startsAt = instant('start');
  const endsAt = instant('end');
  if (startsAt !== undefined && endsAt !== undefined && endsAt.getTime() < startsAt.getTime()) {
    errors.push({ field: 'end', reason: 'is before start', value: body.end });
  }

  const placeIdIn = body.place_id;
  let placeId: string | null = null;
  if (placeIdIn !== undefined && placeIdIn !== null && placeIdIn !== '') {
    if (typeof placeIdIn !== 'string' || !isUuid(placeIdIn)) errors.push({ field: 'place_id', reason: 'is not an id', value: placeIdIn });
    else placeId = placeIdIn.toLowerCase();
  }
  const venue = text(body, 'venue', errors, { max: 300, nullable: true });
  const description = text(body, 'description', errors, { max: 20000 }) ?? '';
  const outcomes = text(body, 'outcomes', errors, { max: 20000 }) ?? '';
  const learningReportIn = body.learning_report;
  let learningReport = '';
  if (learningReportIn !== undefined && learningReportIn !== null) {
    if (typeof learningReportIn !== 'string') errors.push({ field: 'learning_report', reason: 'must be text (CommonMark)' });
    else if (learningReportIn.length > 100_000) errors.push({ field: 'learning_report', reason: 'is longer than 100000 characters' });
    else {
      learningReport = learningReportIn.replace(/\r\n?/g, '\n').trim();
      for (const problem of reportProblems(learningReport)) errors.push({ field: 'learning_report', ...problem });
    }
  }
  const organiserIds = idList(body, 'organiser_ids', errors);
  const placeIds = idList(body, 'place_ids', errors);
  const partnershipIds = idList(body, 'partnership_ids', errors);
  const practiceIds = idList(body, 'practice_ids', errors);
  const participants = participantsOf(body, errors);
  const agenda = agendaOf(body, zone, errors);
  const fieldVisits = fieldVisitsOf(body, errors);

  let owner: string | null = already.ownerOrganisationId ?? null;
  if ('owner_organisation_id' in body) {
    const ownerIn = body.owner_organisation_id;
    owner = ownerIn === null || ownerIn === undefined || ownerIn === '' ? null : String(ownerIn);
    if (owner !== null && owner !== already.ownerOrganisationId) {
      const own = actor.kind === 'member' ? actor.organisationIds : [];
      if (!isUuid(owner) || (!isCurator(actor) && !own.includes(owner)) || (await repo.existingOrganisationIds(db, [owner])).size === 0) {
        errors.push({ field: 'owner_organisation_id', reason: 'must be one of your organisations', value: owner });
      }
    }
  }

  // The ids named must exist (asked only once the shapes are right).
  const missing = (field: string, ids: string[], found: Set<string>, reason: string) =>
    ids.forEach((id, i) => {
      if (!found.has(id)) errors.push({ field: `${field}[${i}]`, reason, value: id });
    });
  if (placeId !== null && (await repo.existingPlaceIds(db, [placeId])).size === 0) errors.push({ field: 'place_id', reason: 'names no place', value: placeId });
  missing('organiser_ids', organiserIds, await repo.existingOrganisationIds(db, organiserIds), 'names no organisation');
  missing('place_ids', placeIds, await repo.existingPlaceIds(db, placeIds), 'names no place');
  missing('partnership_ids', partnershipIds, await repo.livePartnershipIds(db, partnershipIds), 'names no partnership (or a deleted one)');
  const newPractices = practiceIds.filter((id) => !already.practiceIds.includes(id));
  const visible = new Set((await practiceSummaries(db, actor, newPractices)).map((p) => p.id));
  missing('practice_ids', practiceIds, new Set([...visible, ...already.practiceIds]), 'names no practice you can see');

  if (errors.length > 0) throw invalid(errors);
  const write: repo.EventWrite = {
    title, kind: kind as EventKind, language: language as string, startsAt: startsAt!, endsAt: endsAt!, timeZone: zone!, placeId, venue, description,
    participantsWomen: participants.bySex.women, participantsMen: participants.bySex.men, participantsOther: participants.bySex.other,
    participantsGovernment: participants.byConstituency.government, participantsWorkers: participants.byConstituency.workers,
    participantsEmployers: participants.byConstituency.employers, participantsCivilSociety: participants.byConstituency.civil_society,
    participantsOtherConstituency: participants.byConstituency.other,
    agenda, fieldVisits, outcomes, learningReport, ownerOrganisationId: owner,
  };
  return { write, links: { organiserIds, placeIds: placeIds.filter((id) => id !== placeId), partnershipIds, practiceIds } };
}

/**
 * A new event: a draft created by the actor (any signed-in member with a write scope, or the
 * operator), in one transaction with its links, its first timeline entry, version 1 and the
 * audit entry. `body` is the POST /events body. Bad input: 400 naming each field, nothing saved.
 */
export async function createEvent(db: Db, actor: Actor, body: EventInput, options: { demo?: boolean } = {}): Promise<PeerEvent> {
  checkCanCreate(actor, NOUN);
  const { write, links } = await checkedWrite(db, actor, body);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertEvent(trx, { ...write, createdBy: actorMemberId(actor), demo: options.demo === true });
    await repo.replaceEventLinks(trx, id, links);
    await recordCreation(trx, actor, eventStore, id);
    return id;
  });
  return loadEvent(db, actor, id);
}

/** The stored event as a write body (what PATCH merges into, and what the edit form starts from). */
export function eventToInput(event: PeerEvent): EventInput {
  const { bySex, byConstituency } = event.participants;
  return {
    title: event.title, kind: event.kind, language: event.language,
    start: localMinute(event.startsAt, event.timeZone), end: localMinute(event.endsAt, event.timeZone), time_zone: event.timeZone,
    place_id: event.place?.id ?? null, venue: event.venue, description: event.description,
    organiser_ids: event.organisers.map((o) => o.id), place_ids: event.places.map((p) => p.id),
    participants: { by_sex: { ...bySex }, by_constituency: { ...byConstituency } },
    agenda: event.agenda.map((item) => ({ ...(item.startsAt !== undefined ? { starts_at: item.startsAt } : {}), title: item.title, ...(item.description !== undefined ? { description: item.description } : {}) })),
    field_visits: event.fieldVisits.map((visit) => ({ ...visit })),
    outcomes: event.outcomes, learning_report: event.learningReport,
    partnership_ids: event.partnerships.map((p) => p.id), practice_ids: event.practices.map((p) => p.id),
    owner_organisation_id: event.ownerOrganisationId,
  };
}

/**
 * Saves an edit: the fields given replace the stored ones (null clears one), from the version
 * the client edited (428 without it, 409 when stale; nothing changed either way).
 */
export async function updateEvent(db: Db, actor: Actor, id: string, body: EventInput, version: number | undefined): Promise<PeerEvent> {
  const head = await editableHead(db, actor, eventStore, id, version);
  const current = await loadEvent(db, undefined, head.id);
  const merged: EventInput = { ...eventToInput(current) };
  for (const [key, value] of Object.entries(body)) if (key !== 'version' && value !== undefined) merged[key] = value;
  const { write, links } = await checkedWrite(db, actor, merged, { practiceIds: current.practices.map((p) => p.id), ownerOrganisationId: current.ownerOrganisationId });
  const before = await eventSnapshot(db, head.id);
  await db.transaction().execute(async (trx) => {
    const saved = await repo.updateEventContent(trx, head.id, head.version, write);
    if (saved === undefined) {
      const now = await eventStore.head(trx, head.id);
      throw stale(NOUN, now?.version ?? head.version + 1, head.version);
    }
    await repo.replaceEventLinks(trx, head.id, links);
    await recordEdit(trx, actor, eventStore, head.id, { version: head.version, data: before });
  });
  return loadEvent(db, actor, head.id);
}

/** The event an edit form starts from, if the actor may edit it now. */
export async function eventForEdit(db: Db, actor: Actor, id: string): Promise<{ event: PeerEvent; input: EventInput }> {
  const head = await readableHead(db, actor, eventStore, id);
  if (!allowedActions(actor, eventStore, head).edit) throw refused(actor, `edit this event while it is ${head.deleted ? 'deleted' : head.publication}`);
  const event = await loadEvent(db, undefined, head.id);
  return { event, input: eventToInput(event) };
}

// Knowledge capture ------------------------------------------------------------------------------

/** The places and organisations a member may sign a learning with. */
export interface LearningChoices {
  places: { id: string; name: string; countryCode: string }[];
  organisations: { id: string; name: string }[];
}

async function learningChoices(db: Db, actor: Actor): Promise<LearningChoices> {
  if (actor.kind !== 'member') return { places: [], organisations: [] };
  const organisationIds = [...new Set([...actor.organisationIds, ...actor.focalOrganisationIds])];
  const placeIds = [...new Set([...actor.focalPlaceIds, ...(await repo.placesOfOrganisations(db, organisationIds))])];
  const [places, organisations] = await Promise.all([repo.placeLabels(db, placeIds), repo.organisationLabels(db, organisationIds)]);
  return {
    places: [...places].map(([id, p]) => ({ id, ...p })).sort((a, b) => a.name.localeCompare(b.name)),
    organisations: [...organisations].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The learnings recorded at an event, for whoever may read the event. */
export async function learningsOfEvent(db: Db, actor: Actor, eventId: string): Promise<EventLearning[]> {
  const head = await readableHead(db, actor, eventStore, eventId);
  return repo.learningsOf(db, head.id);
}

/**
 * "What we learned" and "what we will adapt", recorded by a signed-in member after an event
 * took place (409 before it ended), optionally for a place or an organisation of theirs and
 * naming the practice they will adapt (one of the event's, or any practice they can see).
 */
export async function createLearning(
  db: Db, actor: Actor, eventId: string, body: Record<string, unknown>,
  /** `practiceId`: a practice that already grew from this learning (curators and the demo loader only). */
  options: { demo?: boolean; practiceId?: string } = {},
): Promise<EventLearning> {
  const head = await readableHead(db, actor, eventStore, eventId);
  if (!canCreate(actor)) throw refused(actor, 'record what you learned at this event');
  const event = await loadEvent(db, actor, head.id);
  if (!hasEnded(event)) {
    throw new PontesError('CONFLICT', { detail: `the event ends on ${event.endsAt.toISOString()}; record what you learned once it has taken place` });
  }
  const errors: FieldError[] = [];
  const learned = text(body, 'learned', errors, { required: true, max: 20000 }) ?? '';
  const willAdapt = text(body, 'will_adapt', errors, { required: true, max: 20000 }) ?? '';
  const optionalId = (field: string): string | null => {
    const value = body[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !isUuid(value)) {
      errors.push({ field, reason: 'is not an id', value });
      return null;
    }
    return value.toLowerCase();
  };
  const placeId = optionalId('place_id');
  const organisationId = optionalId('organisation_id');
  const practiceId = optionalId('adapted_from_practice_id');
  const curator = isCurator(actor);
  const choices = await learningChoices(db, actor);
  if (placeId !== null) {
    const known = curator ? (await repo.existingPlaceIds(db, [placeId])).has(placeId) : choices.places.some((p) => p.id === placeId);
    if (!known) errors.push({ field: 'place_id', reason: 'must be a place of yours (one you are focal point of, or one of your organisations\' places)', value: placeId });
  }
  if (organisationId !== null) {
    const known = curator ? (await repo.existingOrganisationIds(db, [organisationId])).has(organisationId) : choices.organisations.some((o) => o.id === organisationId);
    if (!known) errors.push({ field: 'organisation_id', reason: 'must be one of your organisations', value: organisationId });
  }
  if (practiceId !== null && !event.practices.some((p) => p.id === practiceId) && (await practiceSummaries(db, actor, [practiceId])).length === 0) {
    errors.push({ field: 'adapted_from_practice_id', reason: 'names no practice you can see', value: practiceId });
  }
  if (options.practiceId !== undefined && (!curator || (await practiceSummaries(db, actor, [options.practiceId])).length === 0)) {
    errors.push({ field: 'practice_id', reason: 'names no practice you can see (and only curators link an existing one)', value: options.practiceId });
  }
  if (errors.length > 0) throw invalid(errors);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertLearning(trx, {
      eventId: head.id, memberId: actorMemberId(actor), placeId, organisationId, learned, willAdapt, adaptedFromPracticeId: practiceId, demo: options.demo === true,
    });
    if (options.practiceId !== undefined) await repo.setLearningPractice(trx, id, options.practiceId);
    return id;
  });
  return (await repo.learning(db, head.id, id))!;
}

function clip(value: string, max: number): string {
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * One click from a learning to a draft practice: written through the practices module as the
 * member (so it is theirs to edit), `adapted_from` naming the practice they learned from,
 * title and summary drafted from the learning, places from the learning's place (else its
 * organisation's, else the event's). Only the learning's author or a curator may; a learning
 * turns into one practice only (409 the second time).
 */
export async function learningToPractice(db: Db, actor: Actor, eventId: string, learningId: string): Promise<{ learning: EventLearning; practice: Practice }> {
  const head = await readableHead(db, actor, eventStore, eventId);
  const found = isUuid(learningId) ? await repo.learning(db, head.id, learningId) : undefined;
  if (found === undefined) throw new PontesError('NOT_FOUND', { detail: `no learning ${learningId.slice(0, 100)} at this event` });
  const author = actor.kind === 'member' && found.memberId === actor.memberId;
  if (!author && !isCurator(actor)) throw refused(actor, 'turn someone else\'s learning into a practice');
  if (found.practiceId !== null) {
    throw new PontesError('CONFLICT', { detail: `this learning was already turned into a draft practice (${found.practiceId})`, params: { practiceId: found.practiceId } });
  }
  const event = await loadEvent(db, OPERATOR, head.id);
  const source = found.adaptedFrom === null ? undefined : (await practiceSummaries(db, actor, [found.adaptedFrom.id]))[0];
  // The practice's places: the learning's, else its organisation's, else where the event was.
  const organisationPlace = found.organisation === null ? [] : await repo.placesOfOrganisations(db, [found.organisation.id]);
  const placeIds = found.place !== null ? [found.place.id] : organisationPlace.length > 0 ? organisationPlace : [event.place?.id, ...event.places.map((p) => p.id)].filter((id): id is string => id !== undefined);
  const labels = await repo.placeLabels(db, placeIds.slice(0, 1));
  const places = [...labels.values()].map((p) => ({ city: p.name, country: p.countryCode }));
  if (places.length === 0) throw invalid([{ field: 'place_id', reason: 'the learning, its organisation and the event name no place for the practice' }]);
  const where = found.place?.name ?? found.organisation?.name ?? places[0]!.city;
  const title = source !== undefined ? clip(`${where} adapts “${source.title}”`, 300) : clip(`${where}: what we will adapt after ${event.title}`, 300);
  let summary = clip(found.willAdapt, 5000);
  if (Array.from(summary).length < 10) summary = clip(`${found.willAdapt} — ${found.learned}`, 5000);
  if (Array.from(summary).length < 10) summary = clip(`${summary} (after ${event.title})`, 5000);
  const body = [
    `Drafted from what was learned at [${event.title.replace(/[[\]]/g, '')}](/events/${event.id})${source !== undefined ? `, adapting [${source.title.replace(/[[\]]/g, '')}](/practices/${source.id})` : ''}.`,
    '', '### What we learned', '', found.learned, '', '### What we will adapt', '', found.willAdapt,
  ].join('\n');
  const fields: PracticeFields = {
    title, summary, body, language: /^(en|fr|es|pt)$/.test(event.language) ? event.language : 'en', places,
    // Lineage names a practice of the same collection (practices module): a practice written in
    // Pontes can name another written in Pontes by its id.
    ...(source !== undefined && source.source === OWN_SOURCE ? { adapted_from: source.sourceId } : {}),
  };
  const owner = found.organisation !== null && (isCurator(actor) || (actor.kind === 'member' && actor.organisationIds.includes(found.organisation.id))) ? found.organisation.id : null;
  const practice = await createPractice(db, actor, fields, { ownerOrganisationId: owner });
  if (!(await repo.setLearningPractice(db, found.id, practice.id))) {
    throw new PontesError('CONFLICT', { detail: 'this learning was turned into a draft practice at the same moment by someone else' });
  }
  return { learning: (await repo.learning(db, head.id, found.id))!, practice };
}

// Forms ------------------------------------------------------------------------------------------

/** The names a form typed (host place, organisers, places taking part), resolved to ids; each miss is a field error. */
async function resolveFormNames(db: Db, names: { place: string; organisers: string[]; places: string[] }): Promise<{ ids: EventInput; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const place = async (line: string, field: string): Promise<string | null> => {
    const { name, countryCode } = placeLine(line);
    const id = countryCode === null ? undefined : await repo.placeByName(db, countryCode, foldKey(name));
    if (id === undefined) errors.push({ field, reason: countryCode === null ? 'write the place as "City, CC" (the country\'s two-letter code)' : 'names no place we know in that country', value: line });
    return id ?? null;
  };
  const ids: EventInput = { place_id: names.place === '' ? null : await place(names.place, 'place_id') };
  const organiserIds: string[] = [];
  for (const [i, line] of names.organisers.entries()) {
    const id = isUuid(line) ? line : await repo.organisationByName(db, foldKey(line));
    if (id === undefined) errors.push({ field: `organiser_ids[${i}]`, reason: 'names no organisation we know (add it under Organisations first)', value: line });
    else organiserIds.push(id);
  }
  const placeIds: string[] = [];
  for (const [i, line] of names.places.entries()) {
    const id = await place(line, `place_ids[${i}]`);
    if (id !== null) placeIds.push(id);
  }
  return { ids: { ...ids, organiser_ids: organiserIds, place_ids: placeIds }, errors };
}

async function fromForm(db: Db, form: EventForm): Promise<{ input: EventInput; errors: FieldError[] }> {
  const { input, names } = formToInput(form);
  const { ids, errors } = await resolveFormNames(db, names);
  return { input: { ...input, ...ids }, errors };
}

/** A save that also refuses names the form could not resolve, with every other reason at once. */
async function withNameErrors<T>(errors: FieldError[], save: () => Promise<T>, check: () => Promise<unknown>): Promise<T> {
  if (errors.length === 0) return save();
  let more: FieldError[] = [];
  try {
    await check();
  } catch (error) {
    if (error instanceof PontesError && error.code === 'VALIDATION_FAILED') more = (error.errors ?? []) as FieldError[];
    else throw error;
  }
  throw invalid([...errors, ...more]);
}

/** A new event from the page form (names resolved to ids, then as createEvent). */
export async function createEventFromForm(db: Db, actor: Actor, form: EventForm): Promise<PeerEvent> {
  checkCanCreate(actor, NOUN);
  const { input, errors } = await fromForm(db, form);
  return withNameErrors(errors, () => createEvent(db, actor, input), () => checkedWrite(db, actor, input));
}

/** An edit from the page form (the whole form replaces the event), as updateEvent. */
export async function updateEventFromForm(db: Db, actor: Actor, id: string, form: EventForm, version: number | undefined): Promise<PeerEvent> {
  const head = await editableHead(db, actor, eventStore, id, version);
  const { input, errors } = await fromForm(db, form);
  const current = await loadEvent(db, undefined, head.id);
  return withNameErrors(errors, () => updateEvent(db, actor, head.id, input, version), () =>
    checkedWrite(db, actor, input, { practiceIds: current.practices.map((p) => p.id), ownerOrganisationId: current.ownerOrganisationId }));
}

/** The edit form's starting values: the stored event with names instead of ids. */
export function eventToForm(event: PeerEvent): EventForm {
  const label = (p: { name: string; countryCode: string }) => `${p.name}, ${p.countryCode}`;
  return inputToForm(eventToInput(event), { place: event.place === null ? '' : label(event.place), organisers: event.organisers.map((o) => o.name), places: event.places.map(label) });
}

/** The organisations a member may give an event to (the form's owner choice). */
export async function ownOrganisations(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  if (actor.kind !== 'member') return [];
  const labels = await repo.organisationLabels(db, [...actor.organisationIds]);
  return [...labels].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
