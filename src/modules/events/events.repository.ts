import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, EventKind } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { curationColumns, visibleTo } from '../lifecycle/index.js';
import type { AgendaItem, EventLearning, EventPlace, FieldVisit } from './events.domain.js';

/** The columns of one event row as written (snake_case in SQL, camelCase here). */
export interface EventWrite {
  title: string;
  kind: EventKind;
  language: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  placeId: string | null;
  venue: string | null;
  description: string;
  participantsWomen: number | null;
  participantsMen: number | null;
  participantsOther: number | null;
  participantsGovernment: number | null;
  participantsWorkers: number | null;
  participantsEmployers: number | null;
  participantsCivilSociety: number | null;
  participantsOtherConstituency: number | null;
  agenda: AgendaItem[];
  fieldVisits: FieldVisit[];
  outcomes: string;
  learningReport: string;
  ownerOrganisationId: string | null;
}

export interface EventLinks {
  organiserIds: string[];
  placeIds: string[];
  partnershipIds: string[];
  practiceIds: string[];
}

const json = (value: unknown) => JSON.stringify(value);

export async function insertEvent(db: Db, write: EventWrite & { createdBy: string | null; demo?: boolean }): Promise<string> {
  const { agenda, fieldVisits, demo, ...rest } = write;
  const row = await db
    .insertInto('events')
    .values({ ...rest, agenda: json(agenda), fieldVisits: json(fieldVisits), demo: demo ?? false, updatedAt: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes an edit if the row is still at the version edited: the new version, or undefined (nothing written). */
export async function updateEventContent(db: Db, id: string, expectedVersion: number, write: EventWrite): Promise<number | undefined> {
  const { agenda, fieldVisits, ...rest } = write;
  const row = await db
    .updateTable('events')
    .set({ ...rest, agenda: json(agenda), fieldVisits: json(fieldVisits), version: sql`version + 1`, updatedAt: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function replaceEventLinks(db: Db, eventId: string, links: EventLinks): Promise<void> {
  await db.deleteFrom('eventOrganisers').where('eventId', '=', eventId).execute();
  await db.deleteFrom('eventPlaces').where('eventId', '=', eventId).execute();
  await db.deleteFrom('eventPartnerships').where('eventId', '=', eventId).execute();
  await db.deleteFrom('eventPractices').where('eventId', '=', eventId).execute();
  if (links.organiserIds.length > 0) {
    await db.insertInto('eventOrganisers').values(links.organiserIds.map((organisationId, position) => ({ eventId, position, organisationId }))).execute();
  }
  if (links.placeIds.length > 0) await db.insertInto('eventPlaces').values(links.placeIds.map((placeId) => ({ eventId, placeId }))).execute();
  if (links.partnershipIds.length > 0) await db.insertInto('eventPartnerships').values(links.partnershipIds.map((partnershipId) => ({ eventId, partnershipId }))).execute();
  if (links.practiceIds.length > 0) await db.insertInto('eventPractices').values(links.practiceIds.map((practiceId) => ({ eventId, practiceId }))).execute();
}

const eventColumns = [
  'events.id', 'events.title', 'events.kind', 'events.language', 'events.startsAt', 'events.endsAt', 'events.timeZone', 'events.placeId', 'events.venue',
  'events.description', 'events.participantsWomen', 'events.participantsMen', 'events.participantsOther', 'events.participantsGovernment',
  'events.participantsWorkers', 'events.participantsEmployers', 'events.participantsCivilSociety', 'events.participantsOtherConstituency',
  'events.agenda', 'events.fieldVisits', 'events.outcomes', 'events.learningReport', 'events.publication', 'events.deletedAt', 'events.version',
  'events.createdBy', 'events.ownerOrganisationId', 'events.demo', 'events.createdAt', 'events.updatedAt',
  'places.name as placeName', 'places.countryCode as placeCountryCode', 'places.latitude as placeLatitude', 'places.longitude as placeLongitude',
] as const;

function baseQuery(db: Db) {
  return db.selectFrom('events').leftJoin('places', 'places.id', 'events.placeId').select(eventColumns);
}

export type EventRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function eventRow(db: Db, id: string): Promise<EventRow | undefined> {
  return baseQuery(db).where('events.id', '=', id).executeTakeFirst();
}

/** The curation columns and the ties of an event (its places and organisers). */
export async function eventHead(db: Db, id: string) {
  const columns = await curationColumns(db, 'events', id);
  if (columns === undefined) return undefined;
  const [row, places, organisers] = await Promise.all([
    db.selectFrom('events').select(['title', 'placeId']).where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('eventPlaces').select('placeId').where('eventId', '=', id).execute(),
    db.selectFrom('eventOrganisers').select('organisationId').where('eventId', '=', id).execute(),
  ]);
  return { columns, title: row.title, placeIds: [row.placeId, ...places.map((p) => p.placeId)], organisationIds: organisers.map((o) => o.organisationId) };
}

/** The organisers of events, in order. */
export async function organisersOf(db: Db, eventIds: string[]): Promise<Map<string, { id: string; name: string; countryCode: string | null }[]>> {
  const result = new Map<string, { id: string; name: string; countryCode: string | null }[]>();
  if (eventIds.length === 0) return result;
  const rows = await db
    .selectFrom('eventOrganisers')
    .innerJoin('organisations', 'organisations.id', 'eventOrganisers.organisationId')
    .select(['eventOrganisers.eventId', 'organisations.id', 'organisations.name', 'organisations.countryCode'])
    .where('eventOrganisers.eventId', 'in', eventIds)
    .orderBy('eventOrganisers.eventId')
    .orderBy('eventOrganisers.position')
    .execute();
  for (const { eventId, ...organiser } of rows) result.set(eventId, [...(result.get(eventId) ?? []), organiser]);
  return result;
}

/** The places taking part in an event (besides the host), by name. */
export async function participatingPlaces(db: Db, eventId: string): Promise<EventPlace[]> {
  return db
    .selectFrom('eventPlaces')
    .innerJoin('places', 'places.id', 'eventPlaces.placeId')
    .select(['places.id', 'places.name', 'places.countryCode', 'places.latitude', 'places.longitude'])
    .where('eventPlaces.eventId', '=', eventId)
    .orderBy('places.name')
    .execute();
}

/** The tie condition of partnerships (its parties' places and organisations), for `visibleTo`. */
function partnershipTied(focalPlaceIds: readonly string[], focalOrganisationIds: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = partnerships.id
    AND (pp.place_id = ANY(${[...focalPlaceIds]}::uuid[]) OR pp.organisation_id = ANY(${[...focalOrganisationIds]}::uuid[])))`;
}

/** The partnerships an event is linked to that this visibility may see (all live ones when undefined). */
export async function partnershipsOf(db: Db, eventId: string, visibility: Visibility | undefined): Promise<{ id: string; title: string }[]> {
  let query = db
    .selectFrom('eventPartnerships')
    .innerJoin('partnerships', 'partnerships.id', 'eventPartnerships.partnershipId')
    .select(['partnerships.id', 'partnerships.title'])
    .where('eventPartnerships.eventId', '=', eventId);
  if (visibility !== undefined) query = query.where(visibleTo(visibility, 'partnerships', partnershipTied));
  return query.orderBy('partnerships.title').execute();
}

export async function practiceIdsOf(db: Db, eventId: string): Promise<string[]> {
  const rows = await db.selectFrom('eventPractices').select('practiceId').where('eventId', '=', eventId).orderBy('practiceId').execute();
  return rows.map((r) => r.practiceId);
}

/** The titles of practices, for snapshots (no visibility: a version keeps what was linked). */
export async function practiceTitles(db: Db, ids: string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('practices').select(['id', 'title']).where('id', 'in', ids).orderBy('title').execute();
}

// Checks of the ids a write names --------------------------------------------------------------

export async function existingPlaceIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('places').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function existingOrganisationIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Partnerships that exist and are not deleted. */
export async function livePartnershipIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('partnerships').select('id').where('id', 'in', ids).where('deletedAt', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

/** Does the database know this time zone too (it computes the year filter in the event's zone)? */
export async function databaseKnowsZone(db: Db, zone: string): Promise<boolean> {
  const row = await sql<{ known: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = ${zone}) AS known`.execute(db);
  return row.rows[0]?.known === true;
}

/** The places of organisations (a member's organisations' places count as theirs). */
export async function placesOfOrganisations(db: Db, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db.selectFrom('organisations').select('placeId').where('id', 'in', [...organisationIds]).where('placeId', 'is not', null).execute();
  return rows.map((r) => r.placeId!);
}

/** A place by folded name within a country (the most populous first), for the forms' "City, CC". */
export async function placeByName(db: Db, countryCode: string, nameKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('placeNames')
    .innerJoin('places', 'places.id', 'placeNames.placeId')
    .select('places.id')
    .where('placeNames.nameKey', '=', nameKey)
    .where('places.countryCode', '=', countryCode)
    .where('places.mergedInto', 'is', null)
    .orderBy(sql`places.population DESC NULLS LAST`)
    .orderBy('places.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** An organisation by folded name (the forms' organiser lines). */
export async function organisationByName(db: Db, nameKey: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('id').where('nameKey', '=', nameKey).where('mergedInto', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

/** Names of places and organisations by id (the forms show them as typed lines). */
export async function placeLabels(db: Db, ids: string[]): Promise<Map<string, { name: string; countryCode: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('places').select(['id', 'name', 'countryCode']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, countryCode: r.countryCode }]));
}

export async function organisationLabels(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// Lists ------------------------------------------------------------------------------------------

export interface EventFilters {
  kinds?: EventKind[] | undefined;
  placeId?: string | undefined;
  year?: number | undefined;
  when?: 'upcoming' | 'past' | undefined;
  partnershipId?: string | undefined;
  practiceId?: string | undefined;
  publishedOnly?: boolean | undefined;
}

/** An event is tied to a focal point through its host place, the places taking part, or its organisers. */
function eventTied(focalPlaceIds: readonly string[], focalOrganisationIds: readonly string[]): RawBuilder<SqlBool> {
  const places = [...focalPlaceIds];
  const organisations = [...focalOrganisationIds];
  return sql<SqlBool>`(events.place_id = ANY(${places}::uuid[])
    OR EXISTS (SELECT 1 FROM event_places ep WHERE ep.event_id = events.id AND ep.place_id = ANY(${places}::uuid[]))
    OR EXISTS (SELECT 1 FROM event_organisers eo WHERE eo.event_id = events.id AND eo.organisation_id = ANY(${organisations}::uuid[])))`;
}

function filtered(db: Db, visibility: Visibility, filters: EventFilters) {
  let query = db.selectFrom('events').leftJoin('places', 'places.id', 'events.placeId').where(visibleTo(visibility, 'events', eventTied));
  if (filters.publishedOnly === true) query = query.where('events.publication', '=', 'published');
  if (filters.kinds !== undefined && filters.kinds.length > 0) query = query.where('events.kind', 'in', filters.kinds);
  if (filters.placeId !== undefined) {
    const placeId = filters.placeId;
    query = query.where(sql<SqlBool>`(events.place_id = ${placeId} OR EXISTS (SELECT 1 FROM event_places ep WHERE ep.event_id = events.id AND ep.place_id = ${placeId}))`);
  }
  if (filters.year !== undefined) query = query.where(sql<SqlBool>`extract(year FROM events.starts_at AT TIME ZONE events.time_zone)::int = ${filters.year}`);
  if (filters.when === 'upcoming') query = query.where(sql<SqlBool>`events.ends_at >= now()`);
  if (filters.when === 'past') query = query.where(sql<SqlBool>`events.ends_at < now()`);
  if (filters.partnershipId !== undefined) {
    query = query.where(sql<SqlBool>`EXISTS (SELECT 1 FROM event_partnerships x WHERE x.event_id = events.id AND x.partnership_id = ${filters.partnershipId})`);
  }
  if (filters.practiceId !== undefined) {
    query = query.where(sql<SqlBool>`EXISTS (SELECT 1 FROM event_practices x WHERE x.event_id = events.id AND x.practice_id = ${filters.practiceId})`);
  }
  return query;
}

/**
 * The events a visibility may see, filtered: upcoming ones first (soonest first), then past
 * ones (latest first).
 */
export async function listEventRows(db: Db, visibility: Visibility, filters: EventFilters, limit: number, offset: number): Promise<{ rows: EventRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, visibility, filters)
      .select(eventColumns)
      .orderBy(sql`(events.ends_at < now())`)
      .orderBy(sql`CASE WHEN events.ends_at >= now() THEN events.starts_at END`, 'asc')
      .orderBy('events.startsAt', 'desc')
      .orderBy('events.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    filtered(db, visibility, filters).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The places and years that visible events have, for the list page's filters. */
export async function eventFacets(db: Db, visibility: Visibility): Promise<{ places: { id: string; name: string; countryCode: string }[]; years: number[] }> {
  const [places, years] = await Promise.all([
    db
      .selectFrom('places')
      .select(['places.id', 'places.name', 'places.countryCode'])
      .where(({ exists, selectFrom }) => exists(
        selectFrom('events').select(sql`1`.as('one')).where(visibleTo(visibility, 'events', eventTied))
          .where(sql<SqlBool>`(events.place_id = places.id OR EXISTS (SELECT 1 FROM event_places ep WHERE ep.event_id = events.id AND ep.place_id = places.id))`),
      ))
      .orderBy('places.name')
      .limit(500)
      .execute(),
    db
      .selectFrom('events')
      .select(sql<number>`extract(year FROM events.starts_at AT TIME ZONE events.time_zone)::int`.as('year'))
      .where(visibleTo(visibility, 'events', eventTied))
      .groupBy(sql`1`)
      .orderBy(sql`1`, 'desc')
      .execute(),
  ]);
  return { places, years: years.map((y) => y.year) };
}

// Knowledge capture ------------------------------------------------------------------------------

export async function insertLearning(
  db: Db,
  learning: { eventId: string; memberId: string | null; placeId: string | null; organisationId: string | null; learned: string; willAdapt: string; adaptedFromPracticeId: string | null; demo?: boolean },
): Promise<string> {
  const row = await db.insertInto('eventLearnings').values({ ...learning, demo: learning.demo ?? false }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

function learningQuery(db: Db) {
  return db
    .selectFrom('eventLearnings as l')
    .leftJoin('members as m', 'm.id', 'l.memberId')
    .leftJoin('places as p', 'p.id', 'l.placeId')
    .leftJoin('organisations as o', 'o.id', 'l.organisationId')
    .leftJoin('practices as a', 'a.id', 'l.adaptedFromPracticeId')
    .select([
      'l.id', 'l.eventId', 'l.memberId', 'm.name as memberName', 'm.publicFields', 'l.placeId', 'p.name as placeName', 'p.countryCode as placeCountryCode',
      'l.organisationId', 'o.name as organisationName', 'l.learned', 'l.willAdapt', 'l.adaptedFromPracticeId', 'a.title as adaptedFromTitle',
      'l.practiceId', 'l.demo', 'l.createdAt',
    ]);
}

type LearningRow = Awaited<ReturnType<ReturnType<typeof learningQuery>['executeTakeFirstOrThrow']>>;

function toLearning(row: LearningRow): EventLearning {
  return {
    id: row.id, eventId: row.eventId, memberId: row.memberId,
    authorName: row.publicFields?.includes('name') === true ? row.memberName : null,
    place: row.placeId !== null && row.placeName !== null ? { id: row.placeId, name: row.placeName, countryCode: row.placeCountryCode! } : null,
    organisation: row.organisationId !== null && row.organisationName !== null ? { id: row.organisationId, name: row.organisationName } : null,
    learned: row.learned, willAdapt: row.willAdapt,
    adaptedFrom: row.adaptedFromPracticeId !== null ? { id: row.adaptedFromPracticeId, title: row.adaptedFromTitle ?? '' } : null,
    practiceId: row.practiceId, demo: row.demo, createdAt: row.createdAt,
  };
}

export async function learningsOf(db: Db, eventId: string): Promise<EventLearning[]> {
  return (await learningQuery(db).where('l.eventId', '=', eventId).orderBy('l.createdAt').orderBy('l.id').execute()).map(toLearning);
}

export async function learning(db: Db, eventId: string, learningId: string): Promise<EventLearning | undefined> {
  const row = await learningQuery(db).where('l.eventId', '=', eventId).where('l.id', '=', learningId).executeTakeFirst();
  return row === undefined ? undefined : toLearning(row);
}

/** Links the draft practice made from a learning, unless one already was: false when it was. */
export async function setLearningPractice(db: Db, learningId: string, practiceId: string): Promise<boolean> {
  const result = await db.updateTable('eventLearnings').set({ practiceId }).where('id', '=', learningId).where('practiceId', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

