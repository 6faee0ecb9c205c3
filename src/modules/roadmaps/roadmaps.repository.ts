import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CommitmentStatus, Db, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { visibleTo } from '../lifecycle/index.js';
import type { CommitmentNote, CommitmentOwner, Evidence, RoadmapEventRef } from './roadmaps.domain.js';

// The only file of the module with SQL. It reads the events table (a roadmap is adopted at an
// event; the event's place and organisers are the roadmap's ties) and the places and
// organisations tables (owners' names) directly: joins, not calls to other modules.

// Events ------------------------------------------------------------------------------------------

/** An event a roadmap may name: it exists and is not deleted. */
export async function liveEvent(db: Db, id: string): Promise<RoadmapEventRef | undefined> {
  return db.selectFrom('events').select(['id', 'title', 'startsAt', 'placeId']).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

export async function eventsByIds(db: Db, ids: readonly string[]): Promise<Map<string, RoadmapEventRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('events').select(['id', 'title', 'startsAt', 'placeId']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** The host place and organisers of an event: the ties a roadmap adopted there gets. */
export async function eventTies(db: Db, eventId: string | null): Promise<{ placeIds: string[]; organisationIds: string[] }> {
  if (eventId === null) return { placeIds: [], organisationIds: [] };
  const event = await db.selectFrom('events').select('placeId').where('id', '=', eventId).executeTakeFirst();
  const organisers = await db.selectFrom('eventOrganisers').select('organisationId').where('eventId', '=', eventId).orderBy('position').execute();
  return { placeIds: event?.placeId != null ? [event.placeId] : [], organisationIds: organisers.map((o) => o.organisationId) };
}

/** Events the actor may see, newest first, for the roadmap form's choice of event. */
export async function eventChoices(db: Db, visibility: Visibility, limit = 200): Promise<RoadmapEventRef[]> {
  // The event's own ties (events.store): host place, participating places, organisers.
  const tied = (places: readonly string[], organisations: readonly string[]) => sql<SqlBool>`(events.place_id = ANY(${[...places]}::uuid[])
    OR EXISTS (SELECT 1 FROM event_places ep WHERE ep.event_id = events.id AND ep.place_id = ANY(${[...places]}::uuid[]))
    OR EXISTS (SELECT 1 FROM event_organisers eo WHERE eo.event_id = events.id AND eo.organisation_id = ANY(${[...organisations]}::uuid[])))`;
  return db
    .selectFrom('events')
    .select(['id', 'title', 'startsAt', 'placeId'])
    .where(visibleTo(visibility, 'events', tied))
    .where('deletedAt', 'is', null)
    .orderBy('startsAt', 'desc')
    .limit(limit)
    .execute();
}

/** The places and organisations tied to an event (host, participating places, organisers): owners a form offers. */
export async function eventParties(db: Db, eventId: string): Promise<{ placeIds: string[]; organisationIds: string[] }> {
  const ties = await eventTies(db, eventId);
  const places = await db.selectFrom('eventPlaces').select('placeId').where('eventId', '=', eventId).execute();
  return { placeIds: [...new Set([...ties.placeIds, ...places.map((p) => p.placeId)])], organisationIds: ties.organisationIds };
}

// Places and organisations ------------------------------------------------------------------------

/** The places among `ids` that exist, with the place each was merged into (if it was). */
export async function existingPlaces(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('places').select(['id', 'mergedInto']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.mergedInto]));
}

/** The organisations among `ids` that exist, with the organisation each was merged into (if it was). */
export async function existingOrganisations(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'mergedInto']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.mergedInto]));
}

/** Names of places and organisations, for owner choices on forms. */
export async function ownerNames(db: Db, ids: { placeIds: readonly string[]; organisationIds: readonly string[] }): Promise<CommitmentOwner[]> {
  const places = ids.placeIds.length === 0 ? [] : await db.selectFrom('places').select(['id', 'name', 'countryCode']).where('id', 'in', [...ids.placeIds]).execute();
  const organisations = ids.organisationIds.length === 0 ? [] : await db.selectFrom('organisations').select(['id', 'name', 'countryCode']).where('id', 'in', [...ids.organisationIds]).execute();
  return [
    ...places.map((p) => ({ placeId: p.id, organisationId: null, name: p.name, countryCode: p.countryCode })),
    ...organisations.map((o) => ({ placeId: null, organisationId: o.id, name: o.name, countryCode: o.countryCode })),
  ];
}

// Roadmaps ----------------------------------------------------------------------------------------

export interface RoadmapRow {
  id: string;
  title: string;
  description: string;
  language: string;
  eventId: string | null;
  adoptedOn: string | null;
  publication: Publication;
  deletedAt: Date | null;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const ROADMAP_COLUMNS = ['id', 'title', 'description', 'language', 'eventId', 'adoptedOn', 'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId', 'demo', 'createdAt', 'updatedAt'] as const;

export async function roadmapRow(db: Db, id: string): Promise<RoadmapRow | undefined> {
  return db.selectFrom('roadmaps').select(ROADMAP_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function roadmapRowsByIds(db: Db, ids: readonly string[]): Promise<RoadmapRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('roadmaps').select(ROADMAP_COLUMNS).where('id', 'in', [...ids]).execute();
}

/** Takes the roadmap's row lock for the rest of the transaction (commitment numbers are given in order). */
export async function lockRoadmap(db: Db, id: string): Promise<void> {
  await db.selectFrom('roadmaps').select('id').where('id', '=', id).forUpdate().execute();
}

export interface RoadmapContent {
  title: string;
  description: string;
  language: string;
  eventId: string;
  adoptedOn: string | null;
  ownerOrganisationId: string | null;
}

export async function insertRoadmap(db: Db, values: RoadmapContent & { createdBy: string | null; demo: boolean }): Promise<string> {
  const row = await db.insertInto('roadmaps').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a roadmap's content if it is still at `expectedVersion`: the new version, or undefined. */
export async function updateRoadmapContent(db: Db, id: string, expectedVersion: number, values: RoadmapContent): Promise<number | undefined> {
  const row = await db
    .updateTable('roadmaps')
    .set({ ...values, version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export interface RoadmapListFilters {
  eventId?: string | undefined;
  /** Only roadmaps with at least one commitment overdue on this day. */
  overdueOn?: string | undefined;
}

/** The roadmaps the visibility lets through, newest adoption first, one page and the total. */
export async function listRoadmapRows(db: Db, visibility: Visibility, filters: RoadmapListFilters, paging: { limit: number; offset: number }): Promise<{ rows: RoadmapRow[]; total: number }> {
  let query = db.selectFrom('roadmaps').where(visibleTo(visibility, 'roadmaps', roadmapTied));
  if (filters.eventId !== undefined) query = query.where('roadmaps.eventId', '=', filters.eventId);
  if (filters.overdueOn !== undefined) {
    const day = filters.overdueOn;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('commitments as c').select('c.id').whereRef('c.roadmapId', '=', 'roadmaps.id').where('c.status', 'in', ['pending', 'in_progress']).where('c.dueOn', '<', day)),
    );
  }
  const rows = await query
    .select(ROADMAP_COLUMNS.map((column) => `roadmaps.${column}` as const))
    .orderBy(sql`roadmaps.adopted_on DESC NULLS LAST`)
    .orderBy('roadmaps.createdAt', 'desc')
    .orderBy('roadmaps.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** The roadmaps adopted at an event that the visibility lets through. */
export async function roadmapIdsOfEvent(db: Db, visibility: Visibility, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roadmaps')
    .select('roadmaps.id')
    .where('roadmaps.eventId', '=', eventId)
    .where(visibleTo(visibility, 'roadmaps', roadmapTied))
    .orderBy(sql`roadmaps.adopted_on DESC NULLS LAST`)
    .orderBy('roadmaps.createdAt')
    .execute();
  return rows.map((row) => row.id);
}

/** A roadmap is tied to the host place and the organisers of its event. */
function roadmapTied(places: readonly string[], organisations: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM events e WHERE e.id = roadmaps.event_id AND (e.place_id = ANY(${[...places]}::uuid[])
    OR EXISTS (SELECT 1 FROM event_organisers eo WHERE eo.event_id = e.id AND eo.organisation_id = ANY(${[...organisations]}::uuid[]))))`;
}

// Commitments -------------------------------------------------------------------------------------

export interface CommitmentRow {
  id: string;
  roadmapId: string;
  number: number;
  text: string;
  dueOn: string | null;
  status: CommitmentStatus;
  evidence: Evidence[];
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COMMITMENT_COLUMNS = ['id', 'roadmapId', 'number', 'text', 'dueOn', 'status', 'evidence', 'version', 'demo', 'createdAt', 'updatedAt'] as const;

export async function commitmentRow(db: Db, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom('commitments').select(COMMITMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function commitmentRowsByIds(db: Db, ids: readonly string[]): Promise<CommitmentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('commitments').select(COMMITMENT_COLUMNS).where('id', 'in', [...ids]).execute();
}

/** The commitments of roadmaps, by roadmap and number. */
export async function commitmentRowsOf(db: Db, roadmapIds: readonly string[]): Promise<CommitmentRow[]> {
  if (roadmapIds.length === 0) return [];
  return db.selectFrom('commitments').select(COMMITMENT_COLUMNS).where('roadmapId', 'in', [...roadmapIds]).orderBy('roadmapId').orderBy('number').execute();
}

/** The number the next commitment of a roadmap gets (call with the roadmap locked). */
export async function nextCommitmentNumber(db: Db, roadmapId: string): Promise<number> {
  const row = await db.selectFrom('commitments').select((eb) => eb.fn.max('number').as('n')).where('roadmapId', '=', roadmapId).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export interface CommitmentContent {
  text: string;
  dueOn: string | null;
  evidence: Evidence[];
}

export async function insertCommitment(db: Db, values: CommitmentContent & { roadmapId: string; number: number; demo: boolean }): Promise<string> {
  const row = await db
    .insertInto('commitments')
    .values({ ...values, evidence: JSON.stringify(values.evidence) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCommitmentContent(db: Db, id: string, expectedVersion: number, values: CommitmentContent): Promise<number | undefined> {
  const row = await db
    .updateTable('commitments')
    .set({ ...values, evidence: JSON.stringify(values.evidence), version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function replaceOwners(db: Db, commitmentId: string, owners: readonly { placeId: string | null; organisationId: string | null }[]): Promise<void> {
  await db.deleteFrom('commitmentOwners').where('commitmentId', '=', commitmentId).execute();
  if (owners.length === 0) return;
  await db
    .insertInto('commitmentOwners')
    .values(owners.map((owner, position) => ({ commitmentId, position, placeId: owner.placeId, organisationId: owner.organisationId })))
    .execute();
}

/** The owners of commitments, in their order, with names. */
export async function ownersOf(db: Db, commitmentIds: readonly string[]): Promise<Map<string, CommitmentOwner[]>> {
  const owners = new Map<string, CommitmentOwner[]>();
  if (commitmentIds.length === 0) return owners;
  const rows = await db
    .selectFrom('commitmentOwners as o')
    .leftJoin('places as p', 'p.id', 'o.placeId')
    .leftJoin('organisations as g', 'g.id', 'o.organisationId')
    .select(['o.commitmentId', 'o.placeId', 'o.organisationId', 'p.name as placeName', 'p.countryCode as placeCountry', 'g.name as organisationName', 'g.countryCode as organisationCountry'])
    .where('o.commitmentId', 'in', [...commitmentIds])
    .orderBy('o.commitmentId')
    .orderBy('o.position')
    .execute();
  for (const row of rows) {
    const list = owners.get(row.commitmentId) ?? [];
    list.push({
      placeId: row.placeId, organisationId: row.organisationId,
      name: row.placeName ?? row.organisationName ?? '',
      countryCode: row.placeId !== null ? row.placeCountry : row.organisationCountry,
    });
    owners.set(row.commitmentId, list);
  }
  return owners;
}

/** The notes of commitments, oldest first (by day, then by when written). */
export async function notesOf(db: Db, commitmentIds: readonly string[]): Promise<Map<string, CommitmentNote[]>> {
  const notes = new Map<string, CommitmentNote[]>();
  if (commitmentIds.length === 0) return notes;
  const rows = await db
    .selectFrom('commitmentNotes as n')
    .leftJoin('members as m', 'm.id', 'n.memberId')
    .select(['n.id', 'n.commitmentId', 'n.notedOn', 'n.text', 'n.memberId', 'n.createdAt', 'm.name', 'm.publicFields'])
    .where('n.commitmentId', 'in', [...commitmentIds])
    .orderBy('n.notedOn')
    .orderBy('n.createdAt')
    .execute();
  for (const row of rows) {
    const list = notes.get(row.commitmentId) ?? [];
    list.push({
      id: row.id, notedOn: row.notedOn, text: row.text, createdAt: row.createdAt,
      by: { memberId: row.memberId, name: row.publicFields?.includes('name') === true ? row.name : null },
    });
    notes.set(row.commitmentId, list);
  }
  return notes;
}

export async function insertNote(db: Db, note: { commitmentId: string; notedOn: string; text: string; memberId: string | null }): Promise<string> {
  const row = await db.insertInto('commitmentNotes').values(note).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The commitments overdue on `day` owned by a place or an organisation, whose roadmap the
 * visibility lets through (or whose owners the member is focal point of), by due date.
 */
export async function overdueCommitmentIds(db: Db, visibility: Visibility, owner: { placeId?: string | undefined; organisationId?: string | undefined }, day: string): Promise<string[]> {
  const tied = (places: readonly string[], organisations: readonly string[]) => sql<SqlBool>`(${roadmapTied(places, organisations)}
    OR EXISTS (SELECT 1 FROM commitment_owners co WHERE co.commitment_id = c.id AND (co.place_id = ANY(${[...places]}::uuid[]) OR co.organisation_id = ANY(${[...organisations]}::uuid[]))))`;
  let query = db
    .selectFrom('commitments as c')
    .innerJoin('roadmaps', 'roadmaps.id', 'c.roadmapId')
    .select('c.id')
    .where('c.status', 'in', ['pending', 'in_progress'])
    .where('c.dueOn', '<', day)
    .where(visibleTo(visibility, 'roadmaps', tied));
  if (owner.placeId !== undefined) {
    const placeId = owner.placeId;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('commitmentOwners as o').select('o.commitmentId').whereRef('o.commitmentId', '=', 'c.id').where('o.placeId', '=', placeId)));
  }
  if (owner.organisationId !== undefined) {
    const organisationId = owner.organisationId;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('commitmentOwners as o').select('o.commitmentId').whereRef('o.commitmentId', '=', 'c.id').where('o.organisationId', '=', organisationId)));
  }
  const rows = await query.orderBy('c.dueOn').orderBy('c.number').limit(200).execute();
  return rows.map((row) => row.id);
}

// Reminders ---------------------------------------------------------------------------------------

/**
 * Commitments that need a reminder on `day`: overdue, in a roadmap that is neither deleted nor
 * archived, not demo data, and not reminded that day yet.
 */
export async function commitmentsToRemind(db: Db, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('commitments as c')
    .innerJoin('roadmaps as r', 'r.id', 'c.roadmapId')
    .select('c.id')
    .where('c.status', 'in', ['pending', 'in_progress'])
    .where('c.dueOn', '<', day)
    .where('c.demo', '=', false)
    .where('r.deletedAt', 'is', null)
    .where('r.publication', '<>', 'archived')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('commitmentReminders as m').select('m.id').whereRef('m.commitmentId', '=', 'c.id').where('m.remindedOn', '=', day))))
    .orderBy('c.dueOn')
    .orderBy('c.id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Claims the day's reminder of a commitment: a row, or undefined when one exists already (run
 * twice, or by two servers at once: one of them wins). Written as 'none' until it is sent.
 */
export async function claimReminder(db: Db, commitmentId: string, day: string): Promise<string | undefined> {
  const row = await db
    .insertInto('commitmentReminders')
    .values({ commitmentId, remindedOn: day, recipients: [], delivery: 'none' })
    .onConflict((oc) => oc.columns(['commitmentId', 'remindedOn']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function completeReminder(db: Db, id: string, recipients: string[], delivery: 'smtp' | 'outbox' | 'none'): Promise<void> {
  await db.updateTable('commitmentReminders').set({ recipients, delivery }).where('id', '=', id).execute();
}

/** Gives a claim back when nothing could be sent, so that the next run tries again. */
export async function releaseReminder(db: Db, id: string): Promise<void> {
  await db.deleteFrom('commitmentReminders').where('id', '=', id).execute();
}

export async function remindersOf(db: Db, commitmentId: string): Promise<{ remindedOn: string; recipients: string[]; delivery: string }[]> {
  return db.selectFrom('commitmentReminders').select(['remindedOn', 'recipients', 'delivery']).where('commitmentId', '=', commitmentId).orderBy('remindedOn').execute();
}
