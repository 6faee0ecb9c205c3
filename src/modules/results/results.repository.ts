import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { visibleTo } from '../lifecycle/index.js';
import type { Baseline, DatedValue, Measure } from './results.domain.js';

/** A partnership as the results framework needs it: its title, curation state and ties. */
export interface PartnershipRef {
  id: string;
  title: string;
  publication: Publication;
  deleted: boolean;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  placeIds: string[];
  organisationIds: string[];
}

/** The partnerships with these ids, with their parties' places and organisations. */
export async function partnershipsByIds(db: Db, ids: readonly string[]): Promise<Map<string, PartnershipRef>> {
  const found = new Map<string, PartnershipRef>();
  if (ids.length === 0) return found;
  const rows = await db
    .selectFrom('partnerships')
    .select(['id', 'title', 'publication', 'deletedAt', 'createdBy', 'ownerOrganisationId'])
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    found.set(row.id, {
      id: row.id, title: row.title, publication: row.publication, deleted: row.deletedAt !== null, createdBy: row.createdBy, ownerOrganisationId: row.ownerOrganisationId,
      placeIds: [], organisationIds: [],
    });
  }
  if (found.size === 0) return found;
  const parties = await db
    .selectFrom('partnershipParties')
    .select(['partnershipId', 'placeId', 'organisationId'])
    .where('partnershipId', 'in', [...found.keys()])
    .orderBy('partnershipId')
    .orderBy('position')
    .execute();
  for (const party of parties) {
    const partnership = found.get(party.partnershipId)!;
    if (party.placeId !== null) partnership.placeIds.push(party.placeId);
    if (party.organisationId !== null) partnership.organisationIds.push(party.organisationId);
  }
  return found;
}

/** A place by id (the programme's place), if it exists and was not merged away. */
export async function placeRef(db: Db, id: string): Promise<{ id: string; name: string; countryCode: string } | undefined> {
  return db.selectFrom('places').select(['id', 'name', 'countryCode']).where('id', '=', id).where('mergedInto', 'is', null).executeTakeFirst();
}

/** The outcome with this title under a partnership or a programme; created when there is none. */
export async function findOrCreateOutcome(
  db: Db, outcome: { title: string; partnershipId: string | null; programmePlaceId: string | null; programmeTitle: string | null },
): Promise<string> {
  let query = db.selectFrom('outcomes').select('id').where('title', '=', outcome.title);
  query = outcome.partnershipId !== null
    ? query.where('partnershipId', '=', outcome.partnershipId)
    : query.where('programmePlaceId', '=', outcome.programmePlaceId).where('programmeTitle', '=', outcome.programmeTitle);
  const existing = await query.orderBy('createdAt').orderBy('id').executeTakeFirst();
  if (existing !== undefined) return existing.id;
  const row = await db.insertInto('outcomes').values(outcome).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface IndicatorWrite {
  outcomeId: string;
  title: string;
  unit: string;
  measure: Measure;
  bySex: boolean;
  baseline: Baseline | null;
  ownerOrganisationId: string | null;
}

function baselineColumns(baseline: Baseline | null) {
  return {
    baselineValue: baseline?.value ?? null,
    baselineWomen: baseline?.women ?? null,
    baselineMen: baseline?.men ?? null,
    baselineOn: baseline?.date ?? null,
  };
}

export async function insertIndicator(db: Db, write: IndicatorWrite & { createdBy: string | null; demo: boolean }): Promise<string> {
  const row = await db
    .insertInto('indicators')
    .values({
      outcomeId: write.outcomeId, title: write.title, unit: write.unit, measure: write.measure, bySex: write.bySex, ...baselineColumns(write.baseline),
      createdBy: write.createdBy, ownerOrganisationId: write.ownerOrganisationId, demo: write.demo,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes an edit if the row is still at the version edited: the new version, or undefined (nothing written). */
export async function updateIndicator(db: Db, id: string, expectedVersion: number, write: IndicatorWrite): Promise<number | undefined> {
  const row = await db
    .updateTable('indicators')
    .set({
      outcomeId: write.outcomeId, title: write.title, unit: write.unit, measure: write.measure, bySex: write.bySex, ...baselineColumns(write.baseline),
      ownerOrganisationId: write.ownerOrganisationId, version: sql`version + 1`, updatedAt: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/**
 * A new version of the indicator for a change of its targets or measurements: from the version
 * given (undefined when someone saved in between), or from whatever it is at.
 */
export async function bumpVersion(db: Db, id: string, expectedVersion: number | undefined): Promise<number | undefined> {
  let query = db.updateTable('indicators').set({ version: sql`version + 1`, updatedAt: sql`now()` }).where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query.returning('version').executeTakeFirst();
  return row?.version;
}

export async function replaceTargets(db: Db, indicatorId: string, targets: readonly DatedValue[]): Promise<void> {
  await db.deleteFrom('indicatorTargets').where('indicatorId', '=', indicatorId).execute();
  if (targets.length === 0) return;
  await db.insertInto('indicatorTargets').values(targets.map((t) => ({ indicatorId, targetOn: t.date, value: t.value, women: t.women, men: t.men }))).execute();
}

/** Adds a measurement; false when there is one on that day already (nothing written). */
export async function insertMeasurement(db: Db, indicatorId: string, m: DatedValue & { note: string | null }, memberId: string | null): Promise<boolean> {
  const row = await db
    .insertInto('indicatorMeasurements')
    .values({ indicatorId, measuredOn: m.date, value: m.value, women: m.women, men: m.men, note: m.note, memberId })
    .onConflict((oc) => oc.columns(['indicatorId', 'measuredOn']).doNothing())
    .returning('measuredOn')
    .executeTakeFirst();
  return row !== undefined;
}

/** Writes the measurement of a day, replacing the one there was. */
export async function upsertMeasurement(db: Db, indicatorId: string, m: DatedValue & { note: string | null }, memberId: string | null): Promise<void> {
  await db
    .insertInto('indicatorMeasurements')
    .values({ indicatorId, measuredOn: m.date, value: m.value, women: m.women, men: m.men, note: m.note, memberId })
    .onConflict((oc) => oc.columns(['indicatorId', 'measuredOn']).doUpdateSet({
      value: m.value, women: m.women, men: m.men, note: m.note, memberId, createdAt: sql`now()`,
    }))
    .execute();
}

/** An indicator's row with its outcome, programme place and partnership id. */
export async function indicatorRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('indicators')
    .innerJoin('outcomes as o', 'o.id', 'indicators.outcomeId')
    .leftJoin('places as pl', 'pl.id', 'o.programmePlaceId')
    .select([
      'indicators.id', 'indicators.title', 'indicators.unit', 'indicators.measure', 'indicators.bySex', 'indicators.baselineValue', 'indicators.baselineWomen',
      'indicators.baselineMen', 'indicators.baselineOn', 'indicators.publication', 'indicators.deletedAt', 'indicators.version', 'indicators.demo', 'indicators.createdBy',
      'indicators.ownerOrganisationId', 'indicators.createdAt', 'indicators.updatedAt',
      'o.id as outcomeId', 'o.title as outcomeTitle', 'o.partnershipId', 'o.programmePlaceId', 'o.programmeTitle', 'pl.name as placeName', 'pl.countryCode as placeCountryCode',
    ])
    .where('indicators.id', 'in', [...ids])
    .execute();
}

export async function targetRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('indicatorTargets').selectAll().where('indicatorId', 'in', [...ids]).orderBy('indicatorId').orderBy('targetOn').execute();
}

/** Measurements, oldest first, with the member's name where they made it public. */
export async function measurementRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('indicatorMeasurements as m')
    .leftJoin('members', 'members.id', 'm.memberId')
    .select(['m.indicatorId', 'm.measuredOn', 'm.value', 'm.women', 'm.men', 'm.note', 'm.memberId', 'm.createdAt', 'members.name', 'members.publicFields'])
    .where('m.indicatorId', 'in', [...ids])
    .orderBy('m.indicatorId')
    .orderBy('m.measuredOn')
    .execute();
}

/** What the indicator's store needs for its head: the curation columns, the title and the ties. */
export async function headRow(db: Db, id: string) {
  return db
    .selectFrom('indicators')
    .innerJoin('outcomes as o', 'o.id', 'indicators.outcomeId')
    .leftJoin('partnerships as p', 'p.id', 'o.partnershipId')
    .select([
      'indicators.id', 'indicators.title', 'indicators.publication', 'indicators.deletedAt', 'indicators.version', 'indicators.createdBy', 'indicators.ownerOrganisationId',
      'o.partnershipId', 'o.programmePlaceId', 'p.deletedAt as partnershipDeletedAt',
    ])
    .where('indicators.id', '=', id)
    .executeTakeFirst();
}

export async function partiesOf(db: Db, partnershipId: string) {
  return db.selectFrom('partnershipParties').select(['placeId', 'organisationId']).where('partnershipId', '=', partnershipId).orderBy('position').execute();
}

export interface IndicatorFilters {
  partnershipId?: string | undefined;
  /** The place of a municipal programme. */
  placeId?: string | undefined;
  outcomeId?: string | undefined;
}

/**
 * Who may see which indicator in a list: the curation rule (lifecycle's visibleTo) with the
 * indicator's ties (its programme's place, its partnership's parties), and never one whose
 * partnership was deleted (but for admins).
 */
function visibleIndicators(visibility: Visibility): RawBuilder<SqlBool> {
  const own = visibleTo(visibility, 'indicators', (places, organisations) => sql<SqlBool>`(
    o.programme_place_id = ANY(${[...places]}::uuid[])
    OR EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = o.partnership_id
      AND (pp.place_id = ANY(${[...places]}::uuid[]) OR pp.organisation_id = ANY(${[...organisations]}::uuid[]))))`);
  if (visibility.kind === 'all') return own;
  return sql<SqlBool>`(${own} AND (o.partnership_id IS NULL OR NOT EXISTS (SELECT 1 FROM partnerships dp WHERE dp.id = o.partnership_id AND dp.deleted_at IS NOT NULL)))`;
}

/** The ids of the indicators an actor may see, in the framework's order (outcome, then indicator), one page of them. */
export async function listIndicatorIds(db: Db, visibility: Visibility, filters: IndicatorFilters, paging: { limit: number; offset: number }): Promise<{ ids: string[]; total: number }> {
  let query = db.selectFrom('indicators').innerJoin('outcomes as o', 'o.id', 'indicators.outcomeId').where(visibleIndicators(visibility));
  if (filters.partnershipId !== undefined) query = query.where('o.partnershipId', '=', filters.partnershipId);
  if (filters.placeId !== undefined) query = query.where('o.programmePlaceId', '=', filters.placeId);
  if (filters.outcomeId !== undefined) query = query.where('o.id', '=', filters.outcomeId);
  const [rows, count] = await Promise.all([
    query
      .select('indicators.id')
      .orderBy('o.createdAt').orderBy('o.id').orderBy('indicators.createdAt').orderBy('indicators.id')
      .limit(paging.limit).offset(paging.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count.total) };
}

export async function organisationExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Drops the women and men of an indicator's targets and measurements (it is no longer split by sex). */
export async function clearSplits(db: Db, indicatorId: string): Promise<void> {
  await db.updateTable('indicatorTargets').set({ women: null, men: null }).where('indicatorId', '=', indicatorId).execute();
  await db.updateTable('indicatorMeasurements').set({ women: null, men: null }).where('indicatorId', '=', indicatorId).execute();
}

/** The partnerships an actor may see (not deleted), by title: the choices of the indicator form. */
export async function partnershipChoices(db: Db, visibility: Visibility, limit = 300): Promise<{ id: string; title: string }[]> {
  const condition = visibleTo(visibility, 'partnerships', (places, organisations) => sql<SqlBool>`EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = partnerships.id
    AND (pp.place_id = ANY(${[...places]}::uuid[]) OR pp.organisation_id = ANY(${[...organisations]}::uuid[])))`);
  return db.selectFrom('partnerships').select(['id', 'title']).where(condition).where('deletedAt', 'is', null).orderBy('title').orderBy('id').limit(limit).execute();
}
