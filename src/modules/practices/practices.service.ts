import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, visibilityOf, type RecordState, type RecordTies, type Visibility } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { countryRegistry, type CountryRegistry } from '../countries/index.js';
import { FACETS, isCode, type VocabularyName } from '../vocabularies/index.js';
import { PRACTICE_STATUSES, type ExchangePractice, type Practice, type PracticeStatus } from './practices.domain.js';
import type { Modality } from './practices.modality.js';
import * as repo from './practices.repository.js';
import type { FilterName, PracticeFilters } from './practices.repository.js';

/** Filters as they arrive from a query string or the CLI: comma-separated codes. */
export interface PracticeQuery {
  pillars?: string | undefined;
  critical_areas?: string | undefined;
  challenges?: string | undefined;
  sectors?: string | undefined;
  target_groups?: string | undefined;
  modality?: string | undefined;
  country?: string | undefined;
  region?: string | undefined;
  good_practice?: string | boolean | undefined;
  status?: string | undefined;
  source?: string | undefined;
}

export const FILTER_NAMES: FilterName[] = [...FACETS, 'modality', 'region', 'country', 'good_practice'];

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

function splitCodes(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return [...new Set(raw.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
}

function unknownValue(filter: string, value: string): PontesError {
  return new PontesError('UNKNOWN_FILTER_VALUE', {
    detail: `unknown value "${value.slice(0, 100)}" for filter ${filter}`,
    params: { filter, value: value.slice(0, 100) },
  });
}

/** Every state a list may ask for: the workflow's, and deleted (admins only). */
export const PRACTICE_STATES = [...PRACTICE_STATUSES, 'deleted'] as const;

/** The search-row codes that make a record visible to this actor; null: no restriction. */
export function visibleCodes(visibility: Visibility): string[] | null {
  if (visibility.kind !== 'published') return null;
  return [
    'status:published',
    ...(visibility.memberId !== null ? [`by:${visibility.memberId}`] : []),
    ...visibility.organisationIds.map((id) => `ownerorg:${id}`),
    ...visibility.focalPlaceIds.map((id) => `place:${id}`),
    ...visibility.focalOrganisationIds.map((id) => `org:${id}`),
  ];
}

/**
 * What the actor may see, as filters: every live state (deleted only for admins, and only
 * when asked), restricted by visibility (permissions.ts). `status` narrows within it.
 */
export function seenBy(actor: Actor, statuses?: readonly string[]): Pick<PracticeFilters, 'status' | 'visible'> {
  const visibility = visibilityOf(actor);
  const asked = statuses === undefined || statuses.length === 0 ? [...PRACTICE_STATUSES] : [...statuses];
  return { status: visibility.kind === 'all' ? asked : asked.filter((s) => s !== 'deleted'), visible: visibleCodes(visibility) };
}

/**
 * Turns query filters into checked filters. An unknown value is the caller's mistake and gets a
 * 400 naming it, never an empty list that looks like "nothing matches". Everyone gets what they
 * may read (permissions.ts): `status=` narrows that, and a state one may not see simply
 * matches nothing one may not see (no 403, which would differ by role, not by record).
 */
export function parseFilters(actor: Actor, query: PracticeQuery, registry: CountryRegistry): PracticeFilters {
  const filters: PracticeFilters = { ...seenBy(actor) };
  const vocabulary: Record<(typeof FACETS)[number], VocabularyName> = {
    pillars: 'pillars', critical_areas: 'critical_areas', challenges: 'challenges', sectors: 'sectors', target_groups: 'target_groups',
  };
  for (const facet of FACETS) {
    const values = splitCodes(query[facet]);
    for (const value of values) if (!isCode(vocabulary[facet], value)) throw unknownValue(facet, value);
    if (values.length > 0) filters[facet] = values;
  }
  const modality = splitCodes(query.modality);
  for (const value of modality) if (!isCode('modalities', value)) throw unknownValue('modality', value);
  if (modality.length > 0) filters.modality = modality;
  const countries = splitCodes(query.country).map((c) => c.toUpperCase());
  for (const value of countries) if (registry.get(value) === undefined) throw unknownValue('country', value);
  if (countries.length > 0) filters.country = countries;
  const regions = splitCodes(query.region).map((r) => (/^\d{1,3}$/.test(r) ? r.padStart(3, '0') : r));
  for (const value of regions) if (!registry.isRegionCode(value)) throw unknownValue('region', value);
  if (regions.length > 0) filters.region = regions;
  if (query.good_practice !== undefined && query.good_practice !== '') {
    const raw = String(query.good_practice).toLowerCase();
    if (raw === 'true' || raw === '1') filters.good_practice = true;
    else if (raw === 'false' || raw === '0') filters.good_practice = false;
    else throw unknownValue('good_practice', raw);
  }
  const statuses = splitCodes(query.status);
  for (const value of statuses) if (!(PRACTICE_STATES as readonly string[]).includes(value)) throw unknownValue('status', value);
  if (statuses.length > 0) filters.status = seenBy(actor, statuses).status;
  if (query.source !== undefined && query.source !== '') filters.source = query.source;
  return filters;
}

export interface PracticeListItem {
  id: string;
  source: string;
  sourceId: string;
  status: PracticeStatus;
  title: string;
  summary: string;
  language: string;
  modality: Modality;
  modalityDerived: boolean;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  keywords: string[];
  criteriaMet: number;
  goodPractice: boolean;
  countryCodes: string[];
  placeNames: string[];
  period: { start?: string; end?: string } | null;
  adaptedFromSourceId: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** The curation state: the status, or deleted (an admin's soft delete). */
  state: RecordState;
  version: number;
}

export type FacetCounts = Record<FilterName, { value: string; count: number }[]>;

function period(start: string | null, end: string | null): { start?: string; end?: string } | null {
  if (start === null && end === null) return null;
  return { ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) };
}

function toListItem(row: repo.PracticeSummaryRow, placeNames: string[]): PracticeListItem {
  const { periodStart, periodEnd, adaptedFrom, deletedAt, ...rest } = row;
  return {
    ...rest,
    state: deletedAt !== null ? 'deleted' : (row.status as RecordState),
    status: row.status as PracticeStatus,
    modality: row.modality as Modality,
    period: period(periodStart, periodEnd),
    adaptedFromSourceId: adaptedFrom,
    placeNames,
  };
}

export interface PracticeList {
  items: PracticeListItem[];
  total: number;
  limit: number;
  offset: number;
  filters: PracticeFilters;
}

/** The catalogue: practices the actor may see, filtered and paged, newest publication first. */
export async function listPractices(
  db: Db, actor: Actor, query: PracticeQuery, paging: { limit?: number | undefined; offset?: number | undefined }, count = true,
): Promise<PracticeList> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const { rows, total } = await repo.listPractices(db, filters, limit, offset, count);
  const names = await repo.placeNamesOf(db, rows.map((row) => row.id));
  return { items: rows.map((row) => toListItem(row, names.get(row.id) ?? [])), total, limit, offset, filters };
}

/**
 * The catalogue's total and facet counts on a sample of its rows, scaled, when it is too large
 * to count on every request (practices.search.repository `sampledCatalogue`); undefined when
 * it is small enough to count exactly.
 */
async function sampledPracticeCatalogue(db: Db, actor: Actor, query: PracticeQuery): Promise<{ total: number; facets: FacetCounts } | undefined> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const sampled = await repo.sampledCatalogue(db, filters);
  if (sampled === undefined) return undefined;
  return { total: sampled.total, facets: toFacetCounts(sampled.facets) };
}

/**
 * A page of the catalogue with its total and facet counts, as lists without a query show it:
 * counted exactly, or, in a large catalogue, on a sample (`approximate`: pages say "About N").
 */
export async function browsePractices(
  db: Db, actor: Actor, query: PracticeQuery, paging: { limit?: number | undefined; offset?: number | undefined },
): Promise<{ list: PracticeList; facets: FacetCounts; approximate: boolean }> {
  const sampled = await sampledPracticeCatalogue(db, actor, query);
  const page = await listPractices(db, actor, query, paging, sampled === undefined);
  if (sampled === undefined) return { list: page, facets: await practiceFacets(db, page.filters), approximate: false };
  return { list: { ...page, total: Math.max(sampled.total, page.offset + page.items.length) }, facets: sampled.facets, approximate: true };
}

/** Counts per filter value as the API and pages give them: every filter, most frequent first. */
function toFacetCounts(counts: Partial<Record<string, Map<string, number>>>): FacetCounts {
  const result = {} as FacetCounts;
  for (const name of FILTER_NAMES) {
    result[name] = [...(counts[name] ?? new Map<string, number>())].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return result;
}

/** Counts for every filter of the catalogue, given the other filters chosen. */
export async function practiceFacets(db: Db, filters: PracticeFilters): Promise<FacetCounts> {
  // In parallel: a PostgreSQL pool runs them side by side (PGlite queues them).
  const all = await Promise.all(FILTER_NAMES.map(async (name) => [name, await repo.facetCounts(db, filters, name)] as const));
  return toFacetCounts(Object.fromEntries(all));
}

/** The ties of a practice to people, for the permission table. */
export function tiesOf(row: Pick<repo.CurationRow, 'createdBy' | 'ownerOrganisationId' | 'placeIds' | 'partnerIds'>): RecordTies {
  return {
    createdBy: row.createdBy,
    ownerOrganisationId: row.ownerOrganisationId,
    placeIds: row.placeIds,
    organisationIds: [...new Set([...(row.ownerOrganisationId !== null ? [row.ownerOrganisationId] : []), ...row.partnerIds])],
  };
}

export function stateOf(row: { status: string; deletedAt: Date | null }): RecordState {
  return row.deletedAt !== null ? 'deleted' : (row.status as RecordState);
}

const notFound = (id: string) => new PontesError('NOT_FOUND', { detail: `no practice with id ${id}` });

/**
 * A practice the actor may read, with its state and ties, or 404 (never 403: whether an
 * unpublished record exists is not the public's to know).
 */
export async function readableCuration(db: Db, actor: Actor, id: string): Promise<{ row: repo.CurationRow; state: RecordState; ties: RecordTies }> {
  const row = isUuid(id) ? await repo.curationRow(db, id) : undefined;
  if (row === undefined) throw notFound(id);
  const state = stateOf(row);
  const ties = tiesOf(row);
  if (!can(actor, 'read', state, ties)) throw notFound(id);
  return { row, state, ties };
}

/** One practice, with places, partners and lineage, if the actor may read it (else 404). */
export async function getPractice(db: Db, actor: Actor, id: string): Promise<Practice> {
  await readableCuration(db, actor, id);
  return loadPractice(db, actor, id);
}

/** The practice as stored (no permission check: callers made it), lineage as the actor may see it. */
export async function loadPractice(db: Db, actor: Actor, id: string): Promise<Practice> {
  const row = await repo.getPracticeRow(db, id);
  if (row === undefined) throw notFound(id);
  const [places, partners, links] = await Promise.all([
    repo.placesOf(db, [row.id]),
    repo.partnersOf(db, row.id),
    repo.lineage(db, row.source, row.sourceId, row.adaptedFrom, seenBy(actor)),
  ]);
  const linkIds = [...(links.from ? [links.from.id] : []), ...links.by.map((l) => l.id)];
  const linkPlaces = await repo.placeNamesOf(db, linkIds);
  const link = (l: { id: string; sourceId: string; title: string }) => ({ ...l, places: linkPlaces.get(l.id) ?? [] });
  const { periodStart, periodEnd, adaptedFrom, deletedAt, ...rest } = row;
  return {
    ...rest,
    status: row.status as PracticeStatus,
    state: deletedAt !== null ? 'deleted' : (row.status as RecordState),
    modality: row.modality as Modality,
    criteria: row.criteria,
    results: row.results,
    sources: row.sources,
    period: period(periodStart, periodEnd),
    places: places.get(row.id) ?? [],
    partners,
    adaptedFromSourceId: adaptedFrom,
    adaptedFrom: links.from ? link(links.from) : null,
    adaptedBy: links.by.map(link),
  };
}

/** The live practices at a place that the actor may read. */
export async function practicesAtPlace(db: Db, actor: Actor, placeId: string): Promise<PracticeListItem[]> {
  const seen = seenBy(actor);
  return summaries(db, await repo.practiceIdsAtPlace(db, placeId, seen), seen);
}

/** The live practices an organisation takes part in that the actor may read. */
export async function practicesWithOrganisation(db: Db, actor: Actor, organisationId: string): Promise<PracticeListItem[]> {
  const seen = seenBy(actor);
  return summaries(db, await repo.practiceIdsWithOrganisation(db, organisationId, seen), seen);
}

async function summaries(db: Db, ids: string[], seen: Pick<PracticeFilters, 'status' | 'visible'>): Promise<PracticeListItem[]> {
  const [rows, names] = await Promise.all([repo.summariesByIds(db, ids, seen), repo.placeNamesOf(db, ids)]);
  return rows.map((row) => toListItem(row, names.get(row.id) ?? []));
}

export async function countPublished(db: Db): Promise<number> {
  return repo.countByStatus(db, 'published');
}

export const countPractices = repo.countAll;

/** The published catalogue's figures (for the home page): practices, good practices, countries. */
export function publishedFigures(db: Db): Promise<{ practices: number; goodPractices: number; countries: number }> {
  return repo.statusFigures(db, 'published');
}

/** Places that published practices are documented in (for the home page's figures). */
export function countPlacesWithPublishedPractices(db: Db): Promise<number> {
  return repo.countPlacesWithStatus(db, 'published');
}

/** Rebuilds the exchange-format record of a stored practice (its source id as `id`). */
export function toExchange(row: repo.PracticeDetailRow): ExchangePractice {
  const record: ExchangePractice = {
    id: row.sourceId,
    title: row.title,
    summary: row.summary,
    ...(row.body !== null ? { body: row.body } : {}),
    language: row.language,
    places: row.places,
  };
  if (row.partners.length > 0) record.partners = row.partners;
  if (!row.modalityDerived) record.modality = row.modality as Modality;
  if (row.pillars.length > 0) record.pillars = row.pillars;
  if (row.criticalAreas.length > 0) record.critical_areas = row.criticalAreas;
  if (row.challenges.length > 0) record.challenges = row.challenges;
  if (row.sectors.length > 0) record.sectors = row.sectors;
  if (row.targetGroups.length > 0) record.target_groups = row.targetGroups;
  if (row.keywords.length > 0) record.keywords = row.keywords;
  if (row.criteria.length > 0) record.criteria = row.criteria;
  if (row.results.length > 0) record.results = row.results;
  const p = period(row.periodStart, row.periodEnd);
  if (p !== null) record.period = p;
  if (row.adaptedFrom !== null) record.adapted_from = row.adaptedFrom;
  if (row.sources.length > 0) record.sources = row.sources;
  return record;
}

/** Every practice matching the filters, in the exchange format, a page at a time. */
export async function* exportPractices(db: Db, actor: Actor, query: PracticeQuery): AsyncGenerator<ExchangePractice> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  let after: { source: string; sourceId: string } | null = null;
  for (;;) {
    const rows = await repo.exportPage(db, filters, after, 500);
    for (const row of rows) yield toExchange(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < 500) return;
    after = { source: last.source, sourceId: last.sourceId };
  }
}

/** The most rows one CSV download holds; a larger selection is refused (narrow it, or use `pontes export`). */
export const CSV_MAX_ROWS = 100_000;

/** A practice as the CSV export writes it: the list item and its partners' names. */
export type PracticeExportItem = PracticeListItem & { partnerNames: string[] };

/**
 * The practices matching the filters that the actor may read — the same filters and
 * visibility as the catalogue (parseFilters) — for a CSV download, read a page at a time in a
 * stable order. Bad filters and a selection above `max` are refused before the first row, so
 * the caller can still answer with an error instead of a broken download.
 */
export async function exportPracticeItems(
  db: Db, actor: Actor, query: PracticeQuery, { max = CSV_MAX_ROWS, pageSize = 500 }: { max?: number; pageSize?: number } = {},
): Promise<{ total: number; items: AsyncGenerator<PracticeExportItem> }> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const total = await repo.countPractices(db, filters);
  if (total > max) {
    throw new PontesError('VALIDATION_FAILED', {
      detail: `${total} practices match, more than the ${max} one download holds: narrow the filters (or use \`pontes export\`)`,
      errors: [{ reason: `more than ${max} practices match`, total, max }],
    });
  }
  async function* items(): AsyncGenerator<PracticeExportItem> {
    let after: repo.ExportCursor = null;
    let sent = 0;
    while (sent < max) {
      const rows = await repo.summaryExportPage(db, filters, after, Math.min(pageSize, max - sent));
      const ids = rows.map((row) => row.id);
      const [places, partners] = await Promise.all([repo.placeNamesOf(db, ids), repo.partnerNamesOf(db, ids)]);
      for (const row of rows) yield { ...toListItem(row, places.get(row.id) ?? []), partnerNames: partners.get(row.id) ?? [] };
      sent += rows.length;
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = { source: last.source, sourceId: last.sourceId };
    }
  }
  return { total, items: items() };
}

export interface PracticeSearchResult {
  items: (PracticeListItem & { score: number; coverage: number; snippet: string })[];
  total: number;
  filters: PracticeFilters;
  facets: FacetCounts;
  /** 'all': every result matches everything the query says; 'any': the search was widened. */
  mode: 'all' | 'any';
  /** The total and facet counts are estimates from a sample (a very large result set). */
  approximate: boolean;
}

/**
 * Ranked search over the practices the actor may see, with the catalogue's filters and facet
 * counts over the matches. The search module prepares the query (thesaurus, tsqueries).
 */
export async function searchPractices(
  db: Db,
  actor: Actor,
  prepared: repo.PreparedSearch,
  query: PracticeQuery,
  paging: { limit: number; offset: number },
): Promise<PracticeSearchResult> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const { hits, total, facets, mode, approximate } = await repo.searchPracticeRows(db, prepared, filters, paging.limit, paging.offset);
  const ids = hits.map((h) => h.id);
  const [rows, names, snippets] = await Promise.all([
    repo.summariesByIds(db, ids, filters),
    repo.placeNamesOf(db, ids),
    repo.headlines(db, ids, prepared),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    if (row === undefined) return [];
    return [{ ...toListItem(row, names.get(hit.id) ?? []), score: hit.score, coverage: hit.coverage, snippet: snippets.get(hit.id) ?? row.summary }];
  });
  return { items, total, filters, facets: toFacetCounts(facets), mode, approximate };
}

/**
 * The ranked ids and scores of a search over the practices the actor may see, without their
 * summaries, facet counts or snippets: matching weighs many candidates and shows few of them.
 */
export async function searchPracticeHits(
  db: Db, actor: Actor, prepared: repo.PreparedSearch, query: PracticeQuery, paging: { limit: number; offset: number },
): Promise<{ id: string; score: number }[]> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const { hits } = await repo.searchPracticeRows(db, prepared, filters, paging.limit, paging.offset, false);
  return hits.map(({ id, score }) => ({ id, score }));
}

/** Facts matching weighs, for practices already found (no permission check: ids come from one). */
export const practiceMatchFacts = repo.matchFacts;
export const placesWithPractices = repo.placesWithPublishedPractices;

/** Summaries of practices by id, for those the actor may read (live ones). */
export async function practiceSummaries(db: Db, actor: Actor, ids: string[]): Promise<PracticeListItem[]> {
  return summaries(db, ids, seenBy(actor));
}

/**
 * Rewrites the search rows of the practices linked to these places or organisations (after a
 * rename or a merge: names and visibility codes come from the links), in the caller's transaction.
 */
export async function refreshPracticesLinkedTo(db: Db, what: { placeIds?: string[]; organisationIds?: string[] }): Promise<void> {
  await repo.refreshSearchDocuments(db, await repo.practiceIdsLinkedTo(db, what));
}

/** The id of the practice a source calls `sourceId` (e.g. the demo's "ilo2013-…"), if any. */
export async function practiceIdBySource(db: Db, source: string, sourceId: string): Promise<string | undefined> {
  return repo.findIdBySource(db, source, sourceId);
}
