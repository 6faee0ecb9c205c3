import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { seesUnpublished, type Actor } from '../../platform/auth/actor.js';
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

/**
 * Turns query filters into checked filters. An unknown value is the caller's mistake and gets a
 * 400 naming it, never an empty list that looks like "nothing matches". The public may only
 * ask for published records.
 */
export function parseFilters(actor: Actor, query: PracticeQuery, registry: CountryRegistry): PracticeFilters {
  const filters: PracticeFilters = { status: ['published'] };
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
  for (const value of statuses) if (!(PRACTICE_STATUSES as readonly string[]).includes(value)) throw unknownValue('status', value);
  if (statuses.length > 0) {
    if (!seesUnpublished(actor) && statuses.some((s) => s !== 'published')) {
      throw new PontesError('FORBIDDEN', { detail: 'only published practices are public; other statuses need an account that may see them' });
    }
    filters.status = statuses;
  }
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
}

export type FacetCounts = Record<FilterName, { value: string; count: number }[]>;

function period(start: string | null, end: string | null): { start?: string; end?: string } | null {
  if (start === null && end === null) return null;
  return { ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) };
}

function toListItem(row: repo.PracticeSummaryRow, placeNames: string[]): PracticeListItem {
  const { periodStart, periodEnd, adaptedFrom, ...rest } = row;
  return {
    ...rest,
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
export async function listPractices(db: Db, actor: Actor, query: PracticeQuery, paging: { limit?: number | undefined; offset?: number | undefined }): Promise<PracticeList> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const { rows, total } = await repo.listPractices(db, filters, limit, offset);
  const names = await repo.placeNamesOf(db, rows.map((row) => row.id));
  return { items: rows.map((row) => toListItem(row, names.get(row.id) ?? [])), total, limit, offset, filters };
}

/** Counts for every filter of the catalogue, given the other filters chosen. */
export async function practiceFacets(db: Db, filters: PracticeFilters): Promise<FacetCounts> {
  const result = {} as FacetCounts;
  for (const name of FILTER_NAMES) {
    const counts = await repo.facetCounts(db, filters, name);
    result[name] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return result;
}

/** One practice, with places, partners and lineage. Unpublished ones are 404 to the public. */
export async function getPractice(db: Db, actor: Actor, id: string): Promise<Practice> {
  const row = isUuid(id) ? await repo.getPracticeRow(db, id) : undefined;
  if (row === undefined || (row.status !== 'published' && !seesUnpublished(actor))) {
    throw new PontesError('NOT_FOUND', { detail: `no practice with id ${id}` });
  }
  const statuses = seesUnpublished(actor) ? [...PRACTICE_STATUSES] : ['published'];
  const [places, partners, links] = await Promise.all([
    repo.placesOf(db, [row.id]),
    repo.partnersOf(db, row.id),
    repo.lineage(db, row.source, row.sourceId, row.adaptedFrom, statuses),
  ]);
  const linkIds = [...(links.from ? [links.from.id] : []), ...links.by.map((l) => l.id)];
  const linkPlaces = await repo.placeNamesOf(db, linkIds);
  const link = (l: { id: string; sourceId: string; title: string }) => ({ ...l, places: linkPlaces.get(l.id) ?? [] });
  const { periodStart, periodEnd, adaptedFrom, ...rest } = row;
  return {
    ...rest,
    status: row.status as PracticeStatus,
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

/** Published practices at a place (or all the actor may see). */
export async function practicesAtPlace(db: Db, actor: Actor, placeId: string): Promise<PracticeListItem[]> {
  const statuses = seesUnpublished(actor) ? [...PRACTICE_STATUSES] : ['published'];
  return summaries(db, await repo.practiceIdsAtPlace(db, placeId, statuses));
}

export async function practicesWithOrganisation(db: Db, actor: Actor, organisationId: string): Promise<PracticeListItem[]> {
  const statuses = seesUnpublished(actor) ? [...PRACTICE_STATUSES] : ['published'];
  return summaries(db, await repo.practiceIdsWithOrganisation(db, organisationId, statuses));
}

async function summaries(db: Db, ids: string[]): Promise<PracticeListItem[]> {
  const rows = await repo.summariesByIds(db, ids);
  const names = await repo.placeNamesOf(db, ids);
  return rows.map((row) => toListItem(row, names.get(row.id) ?? []));
}

export async function countPublished(db: Db): Promise<number> {
  return repo.countByStatus(db, 'published');
}

export const countPractices = repo.countAll;

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
  /** Matching wants ranked candidates only: no facet counts, no snippets. */
  want: { facets: boolean; snippets: boolean } = { facets: true, snippets: true },
): Promise<PracticeSearchResult> {
  const filters = parseFilters(actor, query, await countryRegistry(db));
  const { hits, total, facets, mode, approximate } = await repo.searchPracticeRows(db, prepared, filters, paging.limit, paging.offset, want.facets);
  const ids = hits.map((h) => h.id);
  const [rows, names, snippets] = await Promise.all([
    repo.summariesByIds(db, ids),
    repo.placeNamesOf(db, ids),
    want.snippets ? repo.headlines(db, ids, prepared) : Promise.resolve(new Map<string, string>()),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    if (row === undefined) return [];
    return [{ ...toListItem(row, names.get(hit.id) ?? []), score: hit.score, coverage: hit.coverage, snippet: snippets.get(hit.id) ?? row.summary }];
  });
  const counts = {} as FacetCounts;
  for (const name of FILTER_NAMES) {
    counts[name] = [...(facets[name] ?? new Map<string, number>())].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return { items, total, filters, facets: counts, mode, approximate };
}

/** Facts matching weighs, for practices already found (no permission check: ids come from one). */
export const practiceMatchFacts = repo.matchFacts;
export const placesWithPractices = repo.placesWithPublishedPractices;

/** Summaries of practices by id, for those the actor may see. */
export async function practiceSummaries(db: Db, actor: Actor, ids: string[]): Promise<PracticeListItem[]> {
  const items = await summaries(db, ids);
  return items.filter((item) => item.status === 'published' || seesUnpublished(actor));
}
