import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Database, Db, PracticesTable } from '../../database.js';
import type { PracticeLink, PracticePartner, PracticePlace } from './practices.domain.js';
import { forgetSearchStatistics } from './practices.search.repository.js';

/** What the catalogue can be filtered by; values within one filter are alternatives (OR). */
export interface PracticeFilters {
  pillars?: string[];
  critical_areas?: string[];
  challenges?: string[];
  sectors?: string[];
  target_groups?: string[];
  modality?: string[];
  country?: string[];
  region?: string[];
  good_practice?: boolean;
  /** Curation states (draft … archived, and deleted: a soft delete); empty means none. */
  status: string[];
  source?: string;
  /**
   * Who may see what, as search-row codes (permissions.ts: visibilityOf): a row is visible when
   * its codes overlap these (status:published, by:<member>, ownerorg:<org>, place:<focal
   * place>, org:<focal org>); null when the actor sees every record of the states asked.
   */
  visible: string[] | null;
}

export type FilterName = Exclude<keyof PracticeFilters, 'status' | 'source' | 'visible'>;

/** The states a practice row can be in: its workflow status, or deleted (deleted_at set). */
function stateCondition(eb: Eb, states: string[]): Expression<SqlBool> {
  const live = states.filter((s) => s !== 'deleted');
  const parts: Expression<SqlBool>[] = [];
  if (live.length > 0) parts.push(eb.and([eb('practices.status', 'in', live), eb('practices.deletedAt', 'is', null)]));
  if (states.includes('deleted')) parts.push(eb('practices.deletedAt', 'is not', null));
  return parts.length === 0 ? sql<SqlBool>`false` : eb.or(parts);
}

/**
 * The visibility filter on the practices table: published and live, or (for a member with
 * ties) a search row carrying one of the member's codes — the same codes search filters on,
 * so lists, counts, exports and search agree (migration 0005 writes them).
 */
function visibleCondition(eb: Eb, visible: string[] | null): Expression<SqlBool> | undefined {
  if (visible === null) return undefined;
  const published = eb.and([eb('practices.status', '=', 'published'), eb('practices.deletedAt', 'is', null)]);
  const ties = visible.filter((code) => code !== 'status:published');
  if (ties.length === 0) return published;
  return eb.or([published, sql<SqlBool>`EXISTS (SELECT 1 FROM search_documents d WHERE d.practice_id = practices.id AND d.codes && ${ties}::text[])`]);
}

const ARRAY_COLUMNS = {
  pillars: 'pillars',
  critical_areas: 'criticalAreas',
  challenges: 'challenges',
  sectors: 'sectors',
  target_groups: 'targetGroups',
  country: 'countryCodes',
  region: 'regionCodes',
} as const;

type Eb = ExpressionBuilder<Database, 'practices'>;

function conditions(eb: Eb, filters: Pick<PracticeFilters, 'status' | 'visible'> & Partial<PracticeFilters>, except?: FilterName): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [stateCondition(eb, filters.status)];
  const visible = visibleCondition(eb, filters.visible);
  if (visible !== undefined) parts.push(visible);
  if (filters.source !== undefined) parts.push(eb('practices.source', '=', filters.source));
  for (const [name, column] of Object.entries(ARRAY_COLUMNS) as [keyof typeof ARRAY_COLUMNS, (typeof ARRAY_COLUMNS)[keyof typeof ARRAY_COLUMNS]][]) {
    const values = filters[name];
    if (name === except || values === undefined || values.length === 0) continue;
    parts.push(sql<SqlBool>`${sql.ref(`practices.${column}`)} && ${values}::text[]`);
  }
  if (except !== 'modality' && filters.modality !== undefined && filters.modality.length > 0) {
    parts.push(eb('practices.modality', 'in', filters.modality));
  }
  if (except !== 'good_practice' && filters.good_practice !== undefined) {
    parts.push(eb('practices.goodPractice', '=', filters.good_practice));
  }
  return eb.and(parts);
}

const SUMMARY_COLUMNS = [
  'practices.id', 'practices.source', 'practices.sourceId', 'practices.status', 'practices.title', 'practices.summary',
  'practices.language', 'practices.modality', 'practices.modalityDerived', 'practices.pillars', 'practices.criticalAreas',
  'practices.challenges', 'practices.sectors', 'practices.targetGroups', 'practices.keywords', 'practices.criteriaMet',
  'practices.goodPractice', 'practices.countryCodes', 'practices.periodStart', 'practices.periodEnd', 'practices.adaptedFrom',
  'practices.createdAt', 'practices.updatedAt', 'practices.publishedAt', 'practices.deletedAt', 'practices.version',
] as const;

const DETAIL_COLUMNS = [...SUMMARY_COLUMNS, 'practices.createdBy', 'practices.ownerOrganisationId', 'practices.reviewComment', 'practices.body', 'practices.criteria', 'practices.results', 'practices.sources', 'practices.places', 'practices.partners'] as const;

export async function listPractices(db: Db, filters: PracticeFilters, limit: number, offset: number, count = true) {
  const base = db.selectFrom('practices').where((eb) => conditions(eb, filters));
  const [rows, counted] = await Promise.all([
    base
      .select(SUMMARY_COLUMNS)
      .orderBy(sql`practices.published_at DESC NULLS LAST`)
      .orderBy('practices.updatedAt', 'desc')
      .orderBy('practices.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    count ? base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : Promise.resolve(undefined),
  ]);
  // Without a count (the caller estimates it), the total is what this page shows.
  return { rows, total: counted !== undefined ? Number(counted.n) : offset + rows.length };
}

export type PracticeSummaryRow = Awaited<ReturnType<typeof listPractices>>['rows'][number];

/**
 * Counts per value of one filter, with every other filter applied (so that choosing a second
 * value of the same filter widens the list, and the counts say by how much).
 */
export async function facetCounts(db: Db, filters: PracticeFilters, facet: FilterName): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (facet === 'modality' || facet === 'good_practice') {
    const column = facet === 'modality' ? sql`modality` : sql`good_practice::text`;
    const rows = await db
      .selectFrom('practices')
      .where((eb) => conditions(eb, filters, facet))
      .select([sql<string>`${column}`.as('value'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(sql`${column}`)
      .execute();
    for (const row of rows) counts.set(row.value, Number(row.n));
    return counts;
  }
  // Counted in the database: at 100k practices, sending every code to be counted here took
  // most of a query-less search's second.
  const column = ARRAY_COLUMNS[facet];
  const rows = await db
    .selectFrom('practices')
    .innerJoin(sql<{ facetValue: string }>`unnest(${sql.ref(`practices.${column}`)})`.as('facet_value'), (join) => join.onTrue())
    .where((eb) => conditions(eb, filters, facet))
    .select([sql<string>`facet_value`.as('value'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`facet_value`)
    .execute();
  for (const row of rows) counts.set(row.value, Number(row.n));
  return counts;
}

export async function getPracticeRow(db: Db, id: string) {
  return db.selectFrom('practices').select(DETAIL_COLUMNS).where('practices.id', '=', id).executeTakeFirst();
}

export type PracticeDetailRow = NonNullable<Awaited<ReturnType<typeof getPracticeRow>>>;

export async function findIdBySource(db: Db, source: string, sourceId: string): Promise<string | undefined> {
  const row = await db.selectFrom('practices').select('id').where('source', '=', source).where('sourceId', '=', sourceId).executeTakeFirst();
  return row?.id;
}

export async function placesOf(db: Db, practiceIds: string[]): Promise<Map<string, PracticePlace[]>> {
  const result = new Map<string, PracticePlace[]>();
  if (practiceIds.length === 0) return result;
  const rows = await db
    .selectFrom('practicePlaces')
    .leftJoin('places', 'places.id', 'practicePlaces.placeId')
    .innerJoin('practices', 'practices.id', 'practicePlaces.practiceId')
    .select([
      'practicePlaces.practiceId', 'practicePlaces.position', 'practicePlaces.placeId', 'practicePlaces.countryCode',
      'places.name', 'places.geonamesId', 'places.needsReview', 'practices.places as written',
    ])
    .where('practicePlaces.practiceId', 'in', practiceIds)
    .orderBy('practicePlaces.practiceId')
    .orderBy('practicePlaces.position')
    .execute();
  for (const row of rows) {
    const written = (row.written as unknown as { city?: string }[])[row.position]?.city ?? null;
    const list = result.get(row.practiceId) ?? [];
    list.push({
      position: row.position,
      placeId: row.placeId,
      name: row.name,
      writtenAs: written,
      countryCode: row.countryCode,
      geonamesId: row.geonamesId,
      needsReview: row.needsReview ?? false,
    });
    result.set(row.practiceId, list);
  }
  return result;
}

export async function partnersOf(db: Db, practiceId: string): Promise<PracticePartner[]> {
  return db
    .selectFrom('practicePartners')
    .innerJoin('organisations', 'organisations.id', 'practicePartners.organisationId')
    .select([
      'practicePartners.position', 'practicePartners.organisationId', 'organisations.name', 'practicePartners.role',
      'organisations.kind', 'organisations.countryCode',
    ])
    .where('practicePartners.practiceId', '=', practiceId)
    .orderBy('practicePartners.position')
    .execute();
}

/** Practices linked by lineage, among those the caller may see (`seen`: states and visibility). */
export async function lineage(db: Db, source: string, sourceId: string, adaptedFrom: string | null, seen: Pick<PracticeFilters, 'status' | 'visible'>) {
  const [from, by] = await Promise.all([
    adaptedFrom === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('practices')
          .select(['id', 'sourceId', 'title'])
          .where('source', '=', source)
          .where('sourceId', '=', adaptedFrom)
          .where((eb) => conditions(eb, seen))
          .executeTakeFirst(),
    db
      .selectFrom('practices')
      .select(['id', 'sourceId', 'title'])
      .where('source', '=', source)
      .where('adaptedFrom', '=', sourceId)
      .where((eb) => conditions(eb, seen))
      .orderBy('periodStart')
      .orderBy('title')
      .execute(),
  ]);
  return { from, by };
}

export async function placeNamesOf(db: Db, practiceIds: string[]): Promise<Map<string, string[]>> {
  const places = await placesOf(db, practiceIds);
  return new Map([...places].map(([id, list]) => [id, list.map((p) => p.name ?? p.writtenAs ?? p.countryCode)]));
}

export async function practiceIdsAtPlace(db: Db, placeId: string, seen: Pick<PracticeFilters, 'status' | 'visible'>): Promise<string[]> {
  const rows = await db
    .selectFrom('practicePlaces')
    .innerJoin('practices', 'practices.id', 'practicePlaces.practiceId')
    .select('practices.id')
    .distinct()
    .where('practicePlaces.placeId', '=', placeId)
    .where((eb) => conditions(eb as unknown as Eb, seen))
    .execute();
  return rows.map((row) => row.id);
}

export async function practiceIdsWithOrganisation(db: Db, organisationId: string, seen: Pick<PracticeFilters, 'status' | 'visible'>): Promise<string[]> {
  const rows = await db
    .selectFrom('practicePartners')
    .innerJoin('practices', 'practices.id', 'practicePartners.practiceId')
    .select('practices.id')
    .distinct()
    .where('practicePartners.organisationId', '=', organisationId)
    .where((eb) => conditions(eb as unknown as Eb, seen))
    .execute();
  return rows.map((row) => row.id);
}

/** Summaries of these practices, among those `seen` lets through (all of them when omitted). */
export async function summariesByIds(db: Db, ids: string[], seen?: Pick<PracticeFilters, 'status' | 'visible'>) {
  if (ids.length === 0) return [];
  let query = db.selectFrom('practices').select(SUMMARY_COLUMNS).where('practices.id', 'in', ids);
  if (seen !== undefined) query = query.where((eb) => conditions(eb, seen));
  return query.orderBy('practices.title').execute();
}

type JsonColumns = 'criteria' | 'results' | 'sources' | 'places' | 'partners';

/** What an import writes: every column but the generated ones; JSON columns as values. */
export type PracticeWrite = Omit<Selectable<PracticesTable>, 'id' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'version' | 'createdBy' | 'ownerOrganisationId' | 'reviewComment' | 'deletedAt' | JsonColumns> & {
  [K in JsonColumns]: unknown[];
};

/** Inserts a practice or updates the one with the same source and id; says which it did. */
export async function upsertPractice(db: Db, practice: PracticeWrite): Promise<{ id: string; inserted: boolean }> {
  const values = {
    ...practice,
    criteria: JSON.stringify(practice.criteria),
    results: JSON.stringify(practice.results),
    sources: JSON.stringify(practice.sources),
    places: JSON.stringify(practice.places),
    partners: JSON.stringify(practice.partners),
    publishedAt: practice.status === 'published' ? new Date() : null,
  };
  const { source: _s, sourceId: _i, publishedAt: _p, ...updatable } = values;
  const row = await db
    .insertInto('practices')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['source', 'sourceId']).doUpdateSet({
        ...updatable,
        updatedAt: new Date(),
        // an import is a save: an edit begun before it is stale
        version: sql`practices.version + 1`,
        // keeps the first publication date; clears it when a record goes back to an earlier stage
        publishedAt: practice.status === 'published' ? sql`coalesce(practices.published_at, now())` : null,
      }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow();
  return { id: row.id, inserted: row.inserted };
}

export async function replaceLinks(
  db: Db,
  practiceId: string,
  places: { placeId: string | null; countryCode: string }[],
  partners: { organisationId: string; role: string | null }[],
): Promise<void> {
  await db.deleteFrom('practicePlaces').where('practiceId', '=', practiceId).execute();
  await db.deleteFrom('practicePartners').where('practiceId', '=', practiceId).execute();
  if (places.length > 0) {
    await db.insertInto('practicePlaces').values(places.map((p, position) => ({ practiceId, position, ...p }))).execute();
  }
  if (partners.length > 0) {
    await db.insertInto('practicePartners').values(partners.map((p, position) => ({ practiceId, position, ...p }))).execute();
  }
}

export async function countByStatus(db: Db, status: string): Promise<number> {
  const row = await db.selectFrom('practices').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).where('deletedAt', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The public catalogue's figures in one pass: practices with a status, how many are marked good
 * practices, and how many countries they are documented in (the home page counted nine facets
 * for these three numbers: 0.6 s at 100k practices).
 */
export async function statusFigures(db: Db, status: string): Promise<{ practices: number; goodPractices: number; countries: number }> {
  const row = (await sql<{ practices: string; good: string; countries: string }>`
    SELECT count(*) AS practices, count(*) FILTER (WHERE good_practice) AS good,
      (SELECT count(DISTINCT c) FROM practices q, unnest(q.country_codes) c WHERE q.status = ${status} AND q.deleted_at IS NULL) AS countries
    FROM practices WHERE status = ${status} AND deleted_at IS NULL`.execute(db)).rows[0]!;
  return { practices: Number(row.practices), goodPractices: Number(row.good), countries: Number(row.countries) };
}

export async function countAll(db: Db): Promise<number> {
  const row = await db.selectFrom('practices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where a keyset page starts: after this (source, source id), the order of exports. */
export type ExportCursor = { source: string; sourceId: string } | null;

const afterCursor = (after: NonNullable<ExportCursor>) => sql<SqlBool>`(practices.source, practices.source_id) > (${after.source}, ${after.sourceId})`;

/** Full rows in a stable order (source, then id), a page at a time (keyset paging), for exports. */
export async function exportPage(db: Db, filters: PracticeFilters, after: ExportCursor, size: number) {
  let query = db.selectFrom('practices').select(DETAIL_COLUMNS).where((eb) => conditions(eb, filters));
  if (after !== null) query = query.where(afterCursor(after));
  return query.orderBy('practices.source').orderBy('practices.sourceId').limit(size).execute();
}

/** Summary rows in the exports' order (source, then id), a page at a time: the CSV export. */
export async function summaryExportPage(db: Db, filters: PracticeFilters, after: ExportCursor, size: number): Promise<PracticeSummaryRow[]> {
  let query = db.selectFrom('practices').select(SUMMARY_COLUMNS).where((eb) => conditions(eb, filters));
  if (after !== null) query = query.where(afterCursor(after));
  return query.orderBy('practices.source').orderBy('practices.sourceId').limit(size).execute();
}

/** How many practices the filters let through (visibility included). */
export async function countPractices(db: Db, filters: PracticeFilters): Promise<number> {
  const row = await db.selectFrom('practices').where((eb) => conditions(eb, filters)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The partners' names of these practices, in the order the records give them. */
export async function partnerNamesOf(db: Db, practiceIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (practiceIds.length === 0) return result;
  const rows = await db
    .selectFrom('practicePartners')
    .innerJoin('organisations', 'organisations.id', 'practicePartners.organisationId')
    .select(['practicePartners.practiceId', 'organisations.name'])
    .where('practicePartners.practiceId', 'in', practiceIds)
    .orderBy('practicePartners.practiceId')
    .orderBy('practicePartners.position')
    .execute();
  for (const row of rows) result.set(row.practiceId, [...(result.get(row.practiceId) ?? []), row.name]);
  return result;
}

export type { PracticeLink };

/** How many distinct places published practices are documented in. */
export async function countPlacesWithStatus(db: Db, status: string): Promise<number> {
  const row = await db
    .selectFrom('practicePlaces')
    .innerJoin('practices', 'practices.id', 'practicePlaces.practiceId')
    .select((eb) => eb.fn.count<number>('practicePlaces.placeId').distinct().as('n'))
    .where('practices.status', '=', status)
    .where('practices.deletedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Rewrites the search rows and concept postings of practices (migrations/0002 and 0003 define
 * what they hold), in the caller's transaction: every write of a practice calls this. The rows
 * one by one, then all postings in one set-based statement (one call per record cost ~20 ms
 * each at 100k).
 */
export async function refreshSearchDocuments(db: Db, practiceIds: string[]): Promise<void> {
  if (practiceIds.length === 0) return;
  await sql`SELECT pontes_refresh_search_document(id) FROM unnest(${practiceIds}::uuid[]) AS id`.execute(db);
  await sql`SELECT pontes_refresh_search_postings(ARRAY(SELECT doc FROM search_documents WHERE practice_id = ANY (${practiceIds}::uuid[])))`.execute(db);
}

/** VACUUM (ANALYZE) of the search tables: word statistics for planning, visibility for index-only counts. */
export async function refreshSearchStatistics(db: Db): Promise<void> {
  await sql`VACUUM (ANALYZE) search_documents, search_postings`.execute(db);
  forgetSearchStatistics();
}

export * from './practices.search.repository.js';

/** What matching weighs of each practice: where, how large, what about, and its evidence. */
export async function matchFacts(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await sql<{
    id: string; title: string; sites: { country: string; population: number | null; placeId: string | null }[] | null; sectors: string[]; challenges: string[];
    criteriaMet: number; goodPractice: boolean; quantifiedResults: number; adaptations: number;
  }>`
    SELECT p.id, p.title, p.sectors, p.challenges, p.criteria_met, p.good_practice,
      (SELECT json_agg(json_build_object('country', pp.country_code, 'population', pl.population, 'placeId', pp.place_id) ORDER BY pp.position)
         FROM practice_places pp LEFT JOIN places pl ON pl.id = pp.place_id WHERE pp.practice_id = p.id) AS sites,
      (SELECT count(*) FROM jsonb_array_elements(p.results) r WHERE r ? 'value') AS quantified_results,
      (SELECT count(*) FROM practices c WHERE c.source = p.source AND c.adapted_from = p.source_id AND c.status = 'published' AND c.deleted_at IS NULL) AS adaptations
    FROM practices p WHERE p.id = ANY(${ids}::uuid[])`.execute(db);
  return rows.rows.map((row) => ({ ...row, quantifiedResults: Number(row.quantifiedResults), adaptations: Number(row.adaptations) }));
}

export type MatchFacts = Awaited<ReturnType<typeof matchFacts>>[number];

/** Places where published practices are documented, with the sectors and challenges of those practices. */
export async function placesWithPublishedPractices(db: Db) {
  const rows = await sql<{ placeId: string; sectors: string[] | null; challenges: string[] | null; practices: number }>`
    SELECT pp.place_id,
      (SELECT array_agg(DISTINCT s) FROM practices p2 JOIN practice_places pp2 ON pp2.practice_id = p2.id, unnest(p2.sectors) s WHERE pp2.place_id = pp.place_id AND p2.status = 'published' AND p2.deleted_at IS NULL) AS sectors,
      (SELECT array_agg(DISTINCT c) FROM practices p2 JOIN practice_places pp2 ON pp2.practice_id = p2.id, unnest(p2.challenges) c WHERE pp2.place_id = pp.place_id AND p2.status = 'published' AND p2.deleted_at IS NULL) AS challenges,
      count(DISTINCT p.id) AS practices
    FROM practice_places pp JOIN practices p ON p.id = pp.practice_id
    WHERE p.status = 'published' AND p.deleted_at IS NULL AND pp.place_id IS NOT NULL
    GROUP BY pp.place_id`.execute(db);
  return rows.rows.map((row) => ({ placeId: row.placeId, sectors: row.sectors ?? [], challenges: row.challenges ?? [], practices: Number(row.practices) }));
}

/** The curation facts of one practice: its state, version and what ties it to people. */
export async function curationRow(db: Db, id: string) {
  const row = await db
    .selectFrom('practices')
    .select(['id', 'source', 'sourceId', 'status', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId', 'reviewComment', 'adaptedFrom', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const [places, partners] = await Promise.all([
    db.selectFrom('practicePlaces').select('placeId').where('practiceId', '=', id).where('placeId', 'is not', null).execute(),
    db.selectFrom('practicePartners').select('organisationId').where('practiceId', '=', id).execute(),
  ]);
  return {
    ...row,
    placeIds: [...new Set(places.map((p) => p.placeId!))],
    partnerIds: [...new Set(partners.map((p) => p.organisationId))],
  };
}

export type CurationRow = NonNullable<Awaited<ReturnType<typeof curationRow>>>;

/** A new practice written by a member (a draft), with its id chosen by the caller. */
export async function insertPractice(
  db: Db,
  practice: PracticeWrite & { id: string; createdBy: string | null; ownerOrganisationId: string | null },
): Promise<void> {
  await db
    .insertInto('practices')
    .values({
      ...practice,
      criteria: JSON.stringify(practice.criteria),
      results: JSON.stringify(practice.results),
      sources: JSON.stringify(practice.sources),
      places: JSON.stringify(practice.places),
      partners: JSON.stringify(practice.partners),
      publishedAt: null,
      version: 1,
    })
    .execute();
}

/**
 * Rewrites a practice's content if it is still at `expected` version (optimistic concurrency);
 * returns the new version, or undefined when someone saved in between.
 */
export async function updatePracticeContent(
  db: Db,
  id: string,
  expected: number,
  practice: Omit<PracticeWrite, 'source' | 'sourceId' | 'status'> & { ownerOrganisationId: string | null },
): Promise<number | undefined> {
  const row = await db
    .updateTable('practices')
    .set({
      ...practice,
      criteria: JSON.stringify(practice.criteria),
      results: JSON.stringify(practice.results),
      sources: JSON.stringify(practice.sources),
      places: JSON.stringify(practice.places),
      partners: JSON.stringify(practice.partners),
      updatedAt: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/**
 * Moves a practice to another curation state (status, soft delete or restore) if it is still at
 * `expected` version; returns the new version or undefined.
 */
export async function updatePracticeState(
  db: Db,
  id: string,
  expected: number,
  change: { status?: string; deleted?: boolean; reviewComment?: string | null },
): Promise<number | undefined> {
  const row = await db
    .updateTable('practices')
    .set({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.status === 'published' ? { publishedAt: sql`coalesce(published_at, now())` } : change.status !== undefined ? { publishedAt: null } : {}),
      ...(change.deleted === true ? { deletedAt: new Date() } : change.deleted === false ? { deletedAt: null } : {}),
      ...(change.reviewComment !== undefined ? { reviewComment: change.reviewComment } : {}),
      updatedAt: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** Practices waiting for a curator: submitted or in review, oldest first. */
export async function practicesAwaitingReview(db: Db, limit: number) {
  return db
    .selectFrom('practices')
    .select(SUMMARY_COLUMNS)
    .where('status', 'in', ['submitted', 'in_review'])
    .where('deletedAt', 'is', null)
    .orderBy('updatedAt')
    .limit(limit)
    .execute();
}

/** Practices that link to these places or organisations (to refresh their search rows after a merge). */
export async function practiceIdsLinkedTo(db: Db, what: { placeIds?: string[]; organisationIds?: string[] }): Promise<string[]> {
  const ids = new Set<string>();
  if (what.placeIds !== undefined && what.placeIds.length > 0) {
    for (const row of await db.selectFrom('practicePlaces').select('practiceId').where('placeId', 'in', what.placeIds).execute()) ids.add(row.practiceId);
  }
  if (what.organisationIds !== undefined && what.organisationIds.length > 0) {
    for (const row of await db.selectFrom('practicePartners').select('practiceId').where('organisationId', 'in', what.organisationIds).execute()) ids.add(row.practiceId);
    for (const row of await db.selectFrom('practices').select('id').where('ownerOrganisationId', 'in', what.organisationIds).execute()) ids.add(row.id);
  }
  return [...ids];
}
