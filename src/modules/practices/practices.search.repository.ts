import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../database.js';
import { parallelism } from '../../platform/db/database.js';
import type { PracticeFilters } from './practices.repository.js';

/** The text-search configurations of search rows (migrations/0002). */
export const SEARCH_CONFIGS = ['pontes_en', 'pontes_fr', 'pontes_es', 'pontes_pt', 'pontes_simple'] as const;
export type SearchConfig = (typeof SEARCH_CONFIGS)[number];

/**
 * A search prepared by the search module: units (a concept of the thesaurus, or a word or
 * phrase) each with its tsquery text per configuration and the vocabulary codes it stands for.
 */
export interface PreparedSearch {
  /**
   * concept: the concept's number in search_concepts, when the unit is a concept (its matches
   * are then read from search_postings; tsquery only highlights). weight: 1 for what the query
   * says, less for concepts read inside a longer term.
   */
  units: {
    tsquery: Record<SearchConfig, string>;
    /** The unit's terms one by one (the parts of `tsquery`), for snippets. */
    terms: Record<SearchConfig, string[]>;
    codes: string[]; weight: number; required: boolean; concept?: number | undefined;
  }[];
  /** What the query leaves out (-word, -"phrase"): records whose text matches are not results. */
  exclude: Record<SearchConfig, string>[];
  weights: { coverage: number; rank: number; codes: number };
}

/**
 * How much a search reads (docs/adr/0011). Up to `exact` matching rows, everything is exact:
 * every match scored, the total and the facet counts counted. Beyond it, the page is ranked
 * from a pool (each concept's `pool` best postings, the "champion lists" of IR) and the total
 * and facets are counted on a uniform sample of about `exact` rows (fixed pseudo-random
 * buckets), scaled, and marked approximate.
 */
export const SEARCH_LIMITS = { exact: 600, pool: 100, large: 2000, counted: 5000, speculate: 10 } as const;
/**
 * exact and pool: above. large: the catalogue size from which a search takes the shortcuts of
 * large catalogues (skipping a strict pass that cannot fill the page, counting words that go
 * together before reading their rows, scoring words in two stages); below it every search is
 * read in full, which is cheap there and keeps small catalogues' rankings exact. counted: a
 * concept with about this many postings or more is not counted; its count is taken from
 * PostgreSQL's statistics (counting 50,000 postings took 3 ms, and a query can name several
 * common concepts). speculate: on a server, in a large catalogue, a strict pass expected (its
 * units taken as independent) to match fewer than this many pages runs with the widened pass
 * beside it, on a second connection; 0 never (see `searchPracticeRows`).
 */
export type SearchLimits = { exact: number; pool: number; large: number; counted?: number; speculate?: number };

export interface SearchHit {
  id: string;
  score: number;
  coverage: number;
  rank: number;
  codeCoverage: number;
}

export interface SearchRows {
  hits: SearchHit[];
  total: number;
  facets: Record<string, Map<string, number>>;
  /** 'all' when every result matches every word or concept of the query. */
  mode: 'all' | 'any';
  /** True when the total and facet counts are estimates from a sample (very large result sets). */
  approximate: boolean;
  /** True when the widened pass ran beside the strict one (speculatively), whichever was kept. */
  speculated?: boolean;
}

/**
 * The catalogue's filters as groups of search-row codes: a row must carry a code of each group.
 * Each group says which facet it filters (none for status, visibility and source).
 */
function namedFilterGroups(filters: PracticeFilters): { facet: string | undefined; codes: string[] }[] {
  // Status codes (status:deleted for a soft delete), then who may see the row: one array
  // overlap each, on the codes' GIN index, the same in the exact and the sampled paths.
  const groups: { facet: string | undefined; codes: string[] }[] = [{ facet: undefined, codes: filters.status.map((status) => `status:${status}`) }];
  if (filters.visible !== null) groups.push({ facet: undefined, codes: filters.visible });
  if (filters.source !== undefined) groups.push({ facet: undefined, codes: [`source:${filters.source}`] });
  const prefixed: [keyof PracticeFilters, string][] = [
    ['pillars', 'pillars'], ['critical_areas', 'critical_areas'], ['challenges', 'challenges'], ['sectors', 'sectors'],
    ['target_groups', 'target_groups'], ['modality', 'modalities'], ['country', 'country'], ['region', 'region'],
  ];
  for (const [filter, prefix] of prefixed) {
    const values = filters[filter] as string[] | undefined;
    if (values !== undefined && values.length > 0) groups.push({ facet: filter, codes: values.map((v) => `${prefix}:${v}`) });
  }
  if (filters.good_practice !== undefined) groups.push({ facet: 'good_practice', codes: [`good_practice:${String(filters.good_practice)}`] });
  return groups;
}

function filterCodeGroups(filters: PracticeFilters): string[][] {
  return namedFilterGroups(filters).map((group) => group.codes);
}

const FACET_PREFIXES: [string, string][] = [
  ['pillars:', 'pillars'], ['critical_areas:', 'critical_areas'], ['challenges:', 'challenges'], ['sectors:', 'sectors'],
  ['target_groups:', 'target_groups'], ['modalities:', 'modality'], ['country:', 'country'], ['region:', 'region'], ['good_practice:', 'good_practice'],
];

type Unit = PreparedSearch['units'][number];

/**
 * A search row's text read once: most rows' tsvectors are larger than 2 kB and stored out of
 * line (TOAST), and each function given `d.document` fetches and copies it again, so testing a
 * row against ten terms read it ten times. A statement that tests or ranks a row's text joins
 * this (a copy made once per row) and reads `dt.text` (docs/benchmarks.md, session 7: testing
 * 100 rows against 30 terms, 7,148 → 641 pages and 6.5 → 2.7 ms).
 */
const READ_TEXT = sql`CROSS JOIN LATERAL (SELECT d.document || ''::tsvector AS text OFFSET 0) dt`;
const TEXT = sql`dt.text`;

/** Does search row `d` contain the unit's text, in the row's own configuration? */
function textMatch(unit: Pick<Unit, 'tsquery'>, text: RawBuilder<unknown> = sql`d.document`): RawBuilder<boolean> {
  const cases = SEARCH_CONFIGS.filter((config) => unit.tsquery[config] !== '').map(
    (config) => sql`WHEN ${config}::regconfig THEN ${text} @@ ${unit.tsquery[config]}::tsquery`,
  );
  return cases.length === 0 ? sql<boolean>`false` : sql<boolean>`coalesce(CASE d.config ${sql.join(cases, sql` `)} END, false)`;
}

/** ts_rank_cd of the unit's text in row `d` (0 when absent). */
function textRank(unit: Unit, text: RawBuilder<unknown> = sql`d.document`): RawBuilder<number> {
  const cases = SEARCH_CONFIGS.filter((config) => unit.tsquery[config] !== '').map(
    (config) => sql`WHEN ${config}::regconfig THEN ts_rank_cd('{0.1,0.2,0.4,1.0}', ${text}, ${unit.tsquery[config]}::tsquery)`,
  );
  return cases.length === 0 ? sql<number>`0::float8` : sql<number>`coalesce(CASE d.config ${sql.join(cases, sql` `)} END, 0)::float8`;
}

/**
 * The unit's text in any configuration, as one tsquery: a condition the full-text index answers
 * alone (no per-row check of the row's configuration, so no row's text is read to find the
 * rows). It can also match a row through another language's stem of the same word; the
 * per-configuration test (`textMatch`) then decides for the rows that are scored.
 */
function anyConfig(unit: Pick<Unit, 'terms'>): string | undefined {
  // From the unit's terms, each once: languages share many stems ('gestion', 'gerent'), and the
  // full-text index tests every row it finds against every operand of the query (a word and its
  // translations in five configurations held 61 operands, 49 of them distinct).
  const parts = [...new Set(SEARCH_CONFIGS.flatMap((config) => unit.terms[config]).filter((q) => q !== ''))];
  return parts.length === 0 ? undefined : parts.map((q) => `(${q})`).join(' | ');
}

/**
 * The rows where a unit occurs, as a statement returning `doc`: a concept's postings, or the
 * rows whose text contains a word (through the full-text index, in any configuration). `buckets` keeps the rows of the first b buckets of 1024; `best` keeps a concept's n best postings,
 * or a word's n best-ranked rows (among the kept buckets).
 */
function unitRows(unit: Unit, options: { buckets?: number; best?: number; first?: number } = {}): RawBuilder<unknown> {
  // first (words only): any n of the rows, for counting up to n.
  // The sample: rows whose fixed pseudo-random bucket (0..1023, migration 0003) is below b. A
  // concept's postings are read whole (a few bytes each) and filtered; text matches by index range.
  const sampled = options.buckets !== undefined && options.buckets < 1024;
  if (unit.concept !== undefined) {
    if (options.best !== undefined) return sql`(SELECT doc FROM search_postings WHERE concept = ${unit.concept} ORDER BY impact DESC, doc LIMIT ${options.best})`;
    return sql`(SELECT doc FROM search_postings WHERE concept = ${unit.concept}${sampled ? sql` AND pontes_search_bucket(doc) < ${options.buckets}` : sql``})`;
  }
  const any = anyConfig(unit);
  if (any === undefined) return sql`(SELECT NULL::int AS doc WHERE false)`;
  const where = sql`d.document @@ ${any}::tsquery`;
  // A word has no precomputed order: its best rows are found by ranking them (all of them, or a
  // uniform sample of a common word's rows).
  if (options.best !== undefined) {
    return sql`(SELECT d.doc FROM search_documents d WHERE (${where})${sampled ? sql` AND pontes_search_bucket(d.doc) < ${options.buckets}` : sql``} ORDER BY ${textRank(unit)} DESC, d.doc LIMIT ${options.best})`;
  }
  if (options.first !== undefined) return sql`(SELECT d.doc FROM search_documents d WHERE (${where}) LIMIT ${options.first})`;
  return sql`(SELECT d.doc FROM search_documents d WHERE (${where})${sampled ? sql` AND pontes_search_bucket(d.doc) < ${options.buckets}` : sql``})`;
}

/**
 * The planner settings a transaction of this module's holds, so that the statements of one search
 * do not set them again: whether sequential scans are off, and their value before.
 */
const held = new WeakMap<Db, { indexed: boolean; seqscan: string }>();

async function applySettings(trx: Db, indexed: boolean): Promise<void> {
  const now = held.get(trx);
  if (now === undefined) {
    const row = await sql<{ was: string }>`SELECT current_setting('enable_seqscan') AS was, set_config('max_parallel_workers_per_gather', '0', true)${
      indexed ? sql`, set_config('enable_seqscan', 'off', true)` : sql``}`.execute(trx);
    held.set(trx, { indexed, seqscan: row.rows[0]!.was });
  } else if (now.indexed !== indexed) {
    await sql`SELECT set_config('enable_seqscan', ${indexed ? 'off' : now.seqscan}, true)`.execute(trx);
    now.indexed = indexed;
  }
}

/**
 * Runs a search statement without parallel workers. PostgreSQL plans the union of several
 * units' rows in parallel, and starting the workers took 20–25 ms on a 2-core server, more than
 * the work they shared (docs/benchmarks.md). In the caller's transaction, or in one of its own.
 */
async function serially<T>(db: Db, run: (trx: Db) => Promise<T>, options: { indexed?: boolean } = {}): Promise<T> {
  // indexed: rows are found through the indexes, never by reading the table until enough match.
  // PostgreSQL prices a text match the same whatever the query's size, so for "the first 601
  // rows holding a word and its 30 translations" it chose to read the table (62 ms, testing
  // 12,000 rows) over the full-text index (a few ms).
  return inTransaction(db, async (trx) => {
    await applySettings(trx, options.indexed === true);
    return run(trx);
  });
}

/**
 * In the caller's transaction, or in one of its own. A search's statements share one: each
 * transaction of their own cost three more round trips (begin, settings, commit), 1–1.5 ms a
 * statement on a server (docs/benchmarks.md, session 8).
 */
async function inTransaction<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Up to this many rows the catalogue is counted; beyond, PostgreSQL's estimate (reltuples) is used. */
const SMALL_CATALOGUE = 2000;
/** Words not among PostgreSQL's common lexemes are counted up to this many rows. */
const RARE_WORD = 1000;
/**
 * Words expected (as independent) in this many times the exact limit of rows are not counted
 * before a strict pass: they are sampled. Words that go together are in more rows than the
 * estimate. Words that shun each other can be in fewer: when very few rows hold them all
 * ("Cotonou Lima": two cities), the sample finds few and the search widens, as the count would
 * have made it; when a few pages' worth do, the strict pass is sampled (its total approximate)
 * where the count would have made it exact. On the 200 benchmark queries, no result changed.
 */
const WORDS_SURELY_MORE = 4;
/** A word's frequency is first estimated on one row in WORD_SAMPLE (fixed buckets). */
const WORD_SAMPLE = 16;

/** How many rows hold every unit of `indexes`, the units taken as independent (n × Π df/n). */
function holdingAll(indexes: number[], { n, df }: { n: number; df: number[] }): number {
  return indexes.reduce((product, i) => product * (df[i]! / Math.max(n, 1)), Math.max(n, 1));
}

/** The lexemes of a tsquery's text ('belo' <-> 'horizont' → belo, horizont). */
export function lexemesOf(tsquery: string): string[] {
  return [...tsquery.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
}

/**
 * PostgreSQL's own statistics of the search rows' words (pg_stats.most_common_elems, kept by
 * ANALYZE): the share of rows each common lexeme occurs in; and of the postings' concepts
 * (most_common_vals): about how many rows name each common concept. Read at most once a minute.
 */
interface Statistics {
  at: number;
  db: Db;
  /** Common lexeme → the share of search rows it occurs in. */
  freq: Map<string, number>;
  floor: number;
  /** Common concept (its number) → about how many postings it has (so, rows naming it). */
  concepts: Map<number, number>;
}
let statistics: Statistics | undefined;

/** Forgets the statistics read (after an ANALYZE this process ran: they are new). */
export function forgetSearchStatistics(): void {
  statistics = undefined;
}
async function searchStatistics(db: Db): Promise<Statistics> {
  if (statistics !== undefined && statistics.db === db && Date.now() - statistics.at < 60_000) return statistics;
  const [row, conceptRow] = await Promise.all([
    sql<{ elems: string[] | null; freqs: number[] | null }>`
      SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs FROM pg_stats
      WHERE schemaname = current_schema() AND tablename = 'search_documents' AND attname = 'document'`.execute(db).then((r) => r.rows[0]),
    sql<{ vals: number[] | null; freqs: number[] | null; rows: number }>`
      SELECT s.most_common_vals::text::int[] AS vals, s.most_common_freqs::float8[] AS freqs, greatest(c.reltuples, 0)::float8 AS rows
      FROM pg_stats s, pg_class c
      WHERE s.schemaname = current_schema() AND s.tablename = 'search_postings' AND s.attname = 'concept' AND c.oid = 'search_postings'::regclass`.execute(db).then((r) => r.rows[0]),
  ]);
  const freq = new Map<string, number>();
  const elems = row?.elems ?? [];
  const freqs = row?.freqs ?? [];
  elems.forEach((lexeme, i) => freq.set(lexeme, Number(freqs[i])));
  // After the per-lexeme figures come the lowest and highest of them: a word absent from the
  // list occurs in fewer rows than the lowest.
  const floor = elems.length > 0 ? Number(freqs[elems.length]) : 0;
  const concepts = new Map<number, number>();
  (conceptRow?.vals ?? []).forEach((concept, i) => concepts.set(Number(concept), Number(conceptRow!.freqs![i]) * Number(conceptRow!.rows)));
  statistics = { at: Date.now(), db, freq, floor, concepts };
  return statistics;
}

/**
 * How many rows each unit occurs in, and how many rows there are, for IDF and for choosing
 * between an exact and a sampled search. Concepts: their postings, counted (an index-only
 * count), or from PostgreSQL's statistics when there are very many. Words: from PostgreSQL's
 * statistics when the word is common (counting would read every row it occurs in), else
 * counted through the full-text index.
 */
export async function frequencies(
  db: Db, units: Unit[], counted: number = SEARCH_LIMITS.counted, statistics?: Statistics,
): Promise<{ n: number; df: number[] }> {
  // statistics: read before a transaction is opened (on PGlite's one connection, reading them in
  // another while a transaction holds it would wait for ever).
  const stats = statistics ?? (await searchStatistics(db));
  // A word with its translations is several terms, any of which matches: its share is about
  // the sum of theirs (a term's share is that of its rarest lexeme; a lexeme not among the
  // common ones counts as the least common one), estimated when one term at least is common.
  const shares = units.map((unit) => {
    if (unit.concept !== undefined || stats.freq.size === 0) return undefined;
    const terms = [...new Set(SEARCH_CONFIGS.flatMap((config) => unit.terms[config]))].map(lexemesOf).filter((lexemes) => lexemes.length > 0);
    if (!terms.some((lexemes) => lexemes.every((l) => stats.freq.has(l)))) return undefined;
    return Math.min(1, terms.reduce((sum, lexemes) => sum + Math.min(...lexemes.map((l) => stats.freq.get(l) ?? stats.floor)), 0));
  });
  const estimated = units.map((unit) => {
    const postings = unit.concept === undefined ? undefined : stats.concepts.get(unit.concept);
    return postings !== undefined && postings >= counted ? Math.round(postings) : undefined;
  });
  const counts = units.map((unit, i) => {
    if (shares[i] !== undefined || estimated[i] !== undefined) return sql`0::bigint AS ${sql.id(`df${i}`)}`;
    if (unit.concept !== undefined) return sql`(SELECT count(*) FROM (${unitRows(unit)}) x) AS ${sql.id(`df${i}`)}`;
    // A word: counted on a 1/16 sample of the rows first (the index intersects it with the
    // word's rows, so few rows are read); counted exactly, up to RARE_WORD rows, only when the
    // sample holds too few of them to say.
    return sql`(SELECT CASE WHEN s >= ${WORD_SAMPLE} THEN s * ${WORD_SAMPLE} ELSE (SELECT count(*) FROM (${unitRows(unit, { first: RARE_WORD })}) x) END
      FROM (SELECT count(*) AS s FROM (${unitRows(unit, { buckets: 1024 / WORD_SAMPLE })}) x) z) AS ${sql.id(`df${i}`)}`;
  });
  const row = (await serially(db, (trx) => sql<Record<string, string | number>>`
    SELECT (SELECT count(*) FROM (SELECT 1 FROM search_documents LIMIT ${SMALL_CATALOGUE}) x) AS n_capped,
      (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'search_documents'::regclass) AS reltuples
      ${counts.length > 0 ? sql`, ${sql.join(counts, sql`, `)}` : sql``}`.execute(trx), { indexed: true })).rows[0]!;
  const capped = Number(row.nCapped);
  const n = capped < SMALL_CATALOGUE ? capped : Math.max(SMALL_CATALOGUE, Number(row.reltuples));
  const df = units.map((unit, i) => {
    const share = shares[i];
    if (share !== undefined) return Math.max(1, Math.round(share * n));
    if (estimated[i] !== undefined) return estimated[i]!;
    const counted = Number(row[`df${i}`]);
    // A word found in RARE_WORD rows or more, yet not among the common ones: at least that many.
    return unit.concept === undefined && counted >= RARE_WORD ? Math.max(counted, Math.round(stats.floor * n)) : counted;
  });
  return { n, df };
}

/**
 * Ranked full-text search over practices (docs/adr/0009, 0011). A unit is a concept (read from
 * its postings: named in the text, hit 1; only among the record's codes, hit 0.5) or a word or
 * phrase (read from the row's text). A row's coverage is the IDF-weighted share of units it
 * matches; its rank is the sum of the units' ts_rank_cd, scaled to 0..1 as r/(r+1); its code
 * coverage the share of concept units whose codes it carries. Records matching every unit the
 * query says are looked for first; only when they are fewer than the page does the search
 * widen to records matching any unit.
 */
export async function searchPracticeRows(
  db: Db, search: PreparedSearch, filters: PracticeFilters, limit: number, offset: number, facets = true, limits: SearchLimits = SEARCH_LIMITS,
): Promise<SearchRows> {
  if (search.units.length === 0) return { hits: [], total: 0, facets: {}, mode: 'all', approximate: false };
  const statistics = await searchStatistics(db);
  // Every statement of the search in one transaction (but a speculative widened pass).
  return inTransaction(db, async (trx) => {
    const { n, df } = await frequencies(trx, search.units, limits.counted, statistics);
    const required = search.units.filter((u) => u.required);
    const page = offset + limit;
    // In a large catalogue the strict pass is skipped when, the units taken as independent, far
    // fewer rows than the page would match them all: it would almost surely come back short, and
    // the widened search ranks rows that match everything first anyway.
    const expected = holdingAll(required.map((unit) => search.units.indexOf(unit)), { n, df });
    const hopeless = n > limits.large && expected < page / 4;
    const widened = (on: Db) => searchRows(on, search, { n, df }, filters, limit, offset, 'any', facets, limits);
    if (required.length > 1 && !hopeless) {
      // A strict pass that may well come back short runs with the widened pass beside it, so a
      // search that must widen waits for the longer of the two passes, not for both in turn.
      const speculative =
        n > limits.large && expected < (limits.speculate ?? 0) * page && speculating < SPECULATIVE_AT_ONCE && !db.isTransaction && parallelism(db) > 1
          ? speculate(db, widened)
          : undefined;
      const strict = await searchRows(trx, search, { n, df }, filters, limit, offset, 'all', facets, limits);
      if (strict.total >= page) return speculative === undefined ? strict : { ...strict, speculated: true };
      if (speculative !== undefined) return { ...(await speculative), speculated: true };
    }
    return widened(trx);
  });
}

/**
 * Widened passes running beside a strict one, in this process. Each holds a second connection
 * and a core while it runs, and when the strict pass suffices its work is thrown away: on a busy
 * server the spare cores are not there, so no more than this many run at once (the next search
 * runs its passes in turn).
 */
const SPECULATIVE_AT_ONCE = 1;
let speculating = 0;

/**
 * Starts a widened pass in a transaction of its own, on another of the pool's connections (a
 * server's: on PGlite's one connection it would wait for the strict pass's transaction to end).
 * Its result is read only when the strict pass comes back short; when the strict pass suffices,
 * it finishes unread (a statement in flight is not cancelled) and its errors are dropped.
 */
function speculate(db: Db, widened: (on: Db) => Promise<SearchRows>): Promise<SearchRows> {
  speculating += 1;
  const pass = inTransaction(db, widened).finally(() => {
    speculating -= 1;
  });
  // Handled here, so a pass whose result is never read cannot end the process; a caller that
  // awaits it still gets its error.
  pass.catch(() => undefined);
  return pass;
}

async function searchRows(
  db: Db, search: PreparedSearch, stats: { n: number; df: number[] }, filters: PracticeFilters,
  limit: number, offset: number, mode: 'all' | 'any', withFacets: boolean, limits: SearchLimits,
): Promise<SearchRows> {
  const units = search.units;
  const indexes = units.map((_, i) => i);
  const requiredIdx = indexes.filter((i) => units[i]!.required);
  // The rows a result may come from: in 'all' mode the rarest required unit's rows (each
  // result has them all), in 'any' mode the rows of every unit.
  const seedIdx = mode === 'all' ? [requiredIdx.reduce((best, i) => (stats.df[i]! < stats.df[best]! ? i : best), requiredIdx[0]!)] : indexes;
  // How many rows match: for 'any', at most the sum of the units' rows; for 'all', the
  // catalogue times the product of the units' shares (as if independent).
  const estimate =
    mode === 'all'
      ? holdingAll(requiredIdx, stats)
      : seedIdx.reduce((sum, i) => sum + stats.df[i]!, 0);
  const groups = filterCodeGroups(filters).map((group) => sql`d.codes && ${group}::text[]`);
  // Filters that narrow the catalogue (country, sector…; not status or who may see): when few
  // rows pass them, those rows are the candidates and the search is exact, however common the
  // query's units are (champion lists, taken before filtering, could miss them all).
  const narrowing = groups.length - (filters.visible !== null ? 2 : 1);
  let filterSeeded = false;
  if (estimate > limits.exact && narrowing > 0) {
    const counted = await serially(db, (trx) => sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT 1 FROM search_documents d WHERE ${sql.join(groups, sql` AND `)} LIMIT ${limits.exact + 1}) f`.execute(trx), { indexed: true });
    filterSeeded = Number(counted.rows[0]!.n) <= limits.exact;
  }
  // In 'all' mode the required words' rows are intersected in the full-text index (one tsquery
  // of them all, in any configuration): only rows holding every word are read, not every row
  // of the rarest unit (reading rows to test words was the slow part of strict searches).
  const requiredWords = mode === 'all' ? requiredIdx.filter((i) => units[i]!.concept === undefined).map((i) => anyConfig(units[i]!)) : [];
  const allWords = requiredWords.length > 0 && requiredWords.every((q) => q !== undefined) ? requiredWords.map((q) => `(${q!})`).join(' & ') : undefined;
  // below: only the rows of the first b buckets (the sample of a large result set).
  const wordRowsHoldingAll = (below?: number) =>
    sql`(SELECT d.doc FROM search_documents d WHERE d.document @@ ${allWords!}::tsquery${below === undefined ? sql`` : sql` AND pontes_search_bucket(d.doc) < ${below}`})`;
  const wordSeed = allWords === undefined ? undefined : wordRowsHoldingAll();
  // In 'all' mode a row must hold every required concept, so the seed's rows are first kept to
  // those with a posting of each other required concept (a probe of the postings' key each)
  // before any search row is read: seeding with the rarest concept's rows alone read and
  // tested ten times as many search rows as matched (docs/benchmarks.md, session 7).
  const holdsConcepts = (seed: number | undefined) => {
    const others = mode === 'all' ? requiredIdx.filter((i) => i !== seed && units[i]!.concept !== undefined) : [];
    return others.length === 0
      ? undefined
      : sql.join(others.map((i) => sql`EXISTS (SELECT 1 FROM search_postings q WHERE q.concept = ${units[i]!.concept!} AND q.doc = k.doc)`), sql` AND `);
  };
  let exact = estimate <= limits.exact || filterSeeded;
  if (exact && !filterSeeded && wordSeed !== undefined && stats.n > limits.large) {
    // The rows holding every required word, the words taken as independent (the estimate above
    // also counts the concepts, which can make it small when the words alone are common).
    const wordsExpected = holdingAll(requiredIdx.filter((i) => units[i]!.concept === undefined), stats);
    if (wordsExpected > WORDS_SURELY_MORE * limits.exact) {
      // So many that counting them (the full-text index unites each word's rows before the
      // first is returned: 11–18 ms for a common word with its translations) would only confirm
      // that there are more than the exact limit: sampled, as the count would have decided.
      exact = false;
    } else {
      // Words are not independent ("reconocido reconoce" share a stem; "street" and "vendors" go
      // together): before reading every row holding them all, count those rows up to the limit.
      const counted = await serially(db, (trx) => sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT doc FROM ${wordSeed} s LIMIT ${limits.exact + 1}) x`.execute(trx), { indexed: true });
      const holding = Number(counted.rows[0]!.n);
      // Fewer rows hold every word than the page needs: the strict pass would come back short and
      // be widened anyway, so it is not run.
      if (mode === 'all' && holding < offset + limit) return { hits: [], total: holding, facets: {}, mode, approximate: false };
      exact = holding <= limits.exact;
    }
  }
  // The sample reads the seed's rows in the first b buckets: in 'all' mode as many as the
  // rarest unit has (the independence estimate can be far below, for units that go together).
  const sampledFrom = mode === 'all' ? Math.max(estimate, stats.df[seedIdx[0]!]!) : estimate;
  const buckets = exact ? 1024 : Math.max(1, Math.floor((1024 * limits.exact) / Math.max(sampledFrom, 1)));
  const sample = 1024 / buckets;

  const exclusions = search.exclude.map((q) => sql`NOT ${textMatch({ tsquery: q }, TEXT)}`);
  // A row's postings of the query's concepts, read together: one range of the postings' doc
  // index (which carries concept, hit, rank and coded: migration 0009), each concept's columns
  // picked out (h: hit, x: rank, c: coded; null when the row has no posting of it). One probe
  // of the primary key per concept and row read three to four times as many pages.
  const conceptIdx = indexes.filter((i) => units[i]!.concept !== undefined);
  const posted = (i: number, what: 'h' | 'x' | 'c') => sql.id('p', `${what}${i}`);
  const postingsJoin = sql`LEFT JOIN LATERAL (SELECT ${sql.join(
    conceptIdx.map((i) => {
      const concept = sql`q.concept = ${units[i]!.concept!}`;
      return sql`max(q.hit) FILTER (WHERE ${concept}) AS ${sql.id(`h${i}`)}, max(q.rank) FILTER (WHERE ${concept}) AS ${sql.id(`x${i}`)}, bool_or(q.coded) FILTER (WHERE ${concept}) AS ${sql.id(`c${i}`)}`;
    }),
    sql`, `,
  )} FROM search_postings q WHERE q.doc = d.doc AND q.concept = ANY (${conceptIdx.map((i) => units[i]!.concept!)}::smallint[])) p ON true`;
  // A word's condition twice: the index's (any configuration), then the row's own configuration.
  const present = (i: number) =>
    units[i]!.concept !== undefined ? sql`${posted(i, 'h')} IS NOT NULL` : sql`(${TEXT} @@ ${anyConfig(units[i]!) ?? ''}::tsquery AND ${textMatch(units[i]!, TEXT)})`;
  // In 'all' mode the candidates already hold every required concept (`holdsConcepts`), unless
  // they are the rows a narrowing filter lets through: only words are left to test.
  const conceptsHeld = mode === 'all' && !filterSeeded;
  const tested = mode === 'all' ? requiredIdx.filter((i) => !(conceptsHeld && units[i]!.concept !== undefined)) : [];
  const conditions = [
    ...groups, ...exclusions,
    ...(mode === 'all' ? tested.map(present) : filterSeeded ? [sql`(${sql.join(indexes.map(present), sql` OR `)})`] : []),
  ];
  // Postings are joined to score rows, or to test a concept's presence.
  const joinedForConditions = mode === 'all' ? tested.some((i) => units[i]!.concept !== undefined) : filterSeeded;
  const joins = conceptIdx.length > 0 ? [postingsJoin] : [];
  // The candidates as an array, so each is fetched by index (a join would let the planner,
  // misjudging the sample's size, scan every search row).
  // In 'all' mode `keep` first drops the rows that lack a required concept (`holdsConcepts`);
  // `also` are rows added as they are (already tested).
  const kept = (rows: RawBuilder<unknown>[], keep?: RawBuilder<unknown>) =>
    keep === undefined ? sql.join(rows, sql` UNION ALL `) : sql`SELECT doc FROM (${sql.join(rows, sql` UNION ALL `)}) k WHERE ${keep}`;
  const candidates = (rows: RawBuilder<unknown>[], keep?: RawBuilder<unknown>, also?: RawBuilder<unknown>) =>
    sql`ARRAY(SELECT DISTINCT doc FROM (${kept(rows, keep)}${also === undefined ? sql`` : sql` UNION ALL ${also}`}) c)`;

  // Two stages, in a large catalogue, for a widened search with words: testing and ranking a
  // word means reading the row's text, the slowest thing a search does. The first stage scores
  // every candidate with a word present where the full-text index says so (its rows, or the
  // sample of them that joined the pool) and no word rank; the second reads the text of the
  // best `K` only, tests each word in the row's own configuration, ranks it, and orders them.
  const wordIdx = indexes.filter((i) => units[i]!.concept === undefined);
  const twoStage = mode === 'any' && stats.n > limits.large && wordIdx.length > 0 && !filterSeeded;
  const shortlist = Math.max(2 * (offset + limit), 80);
  const wordRows = (i: number) => sql.id(`w${i}`);
  // A common word has no champion list: its best rows are ranked from a uniform sample of about
  // `limits.pool` of its rows (its low IDF makes it a minor part of any score).
  const wordBuckets = (i: number) =>
    units[i]!.concept === undefined ? Math.max(1, Math.min(1024, Math.floor((1024 * limits.pool) / Math.max(stats.df[i]!, 1)))) : undefined;
  // A word's rows in two stages are read once (`w<i>`, below), for the counted sample and the
  // pool's sample: the full-text index scan of a common word (6 ms for 13,484 rows) was done
  // once for each. Each then keeps its own buckets.
  const inWordSample = (i: number, below: number = wordBuckets(i)!) =>
    exact || below >= 1024 ? sql`(SELECT doc FROM ${wordRows(i)})` : sql`(SELECT doc FROM ${wordRows(i)} WHERE bucket < ${below})`;

  // The matching rows of `candidates`, with what scoring needs of each unit.
  const wordColumns = (i: number, firstStage: boolean) =>
    firstStage
      ? sql`(d.doc IN ${inWordSample(i)})::int::float8 AS ${sql.id(`u${i}`)}, 0::float8 AS ${sql.id(`r${i}`)}, false AS ${sql.id(`k${i}`)}`
      : sql`(CASE WHEN ${textMatch(units[i]!, TEXT)} THEN 1.0 ELSE 0.0 END)::float8 AS ${sql.id(`u${i}`)}, ${textRank(units[i]!, TEXT)} AS ${sql.id(`r${i}`)}, false AS ${sql.id(`k${i}`)}`;
  const columns = indexes.map((i) => {
    const unit = units[i]!;
    if (unit.concept !== undefined) {
      return sql`coalesce(${posted(i, 'h')}, 0)::float8 AS ${sql.id(`u${i}`)}, coalesce(${posted(i, 'x')}, 0)::float8 AS ${sql.id(`r${i}`)}, coalesce(${posted(i, 'c')}, false) AS ${sql.id(`k${i}`)}`;
    }
    return wordColumns(i, twoStage);
  });
  // Which statements read a row's text: those testing a word or an exclusion, and the scoring of
  // words in one stage.
  const conditionsReadText = exclusions.length > 0 || (mode === 'all' ? tested : filterSeeded ? indexes : []).some((i) => units[i]!.concept === undefined);
  const scoringReadsText = !twoStage && indexes.some((i) => units[i]!.concept === undefined);
  const matches = (from: RawBuilder<unknown>, scored: boolean) => sql`
    SELECT d.doc, d.practice_id, d.codes${scored ? sql`, ${sql.join(columns, sql`, `)}` : sql``}
    FROM search_documents d ${conditionsReadText || (scored && scoringReadsText) ? READ_TEXT : sql``} ${scored || joinedForConditions ? sql.join(joins, sql` `) : sql``}
    WHERE d.doc = ANY (${from})${conditions.length > 0 ? sql` AND ${sql.join(conditions, sql` AND `)}` : sql``}`;

  // Scores: IDF over the catalogue (a unit few rows contain weighs more), weight for inner concepts.
  const idf = indexes.map((i) => units[i]!.weight * Math.log(1 + stats.n / Math.max(stats.df[i]!, 1)));
  const idfTotal = idf.reduce((a, b) => a + b, 0) || 1;
  const coded = indexes.filter((i) => units[i]!.codes.length > 0);
  const coverageExpr = sql.join(indexes.map((i) => sql`${idf[i]! / idfTotal}::float8 * ${sql.id(`u${i}`)}`), sql` + `);
  // Each unit's rank weighs as its IDF does (on average 1): a record dense in a common unit's
  // terms ("market") does not outrank one that holds the rare unit the query turns on.
  const rankWeight = (i: number) => (idf[i]! / idfTotal) * indexes.length;
  const rankSum = sql.join(indexes.map((i) => sql`${rankWeight(i)}::float8 * ${sql.id(`r${i}`)}`), sql` + `);
  const codesExpr = coded.length > 0 ? sql`(${sql.join(coded.map((i) => sql`${sql.id(`k${i}`)}::int`), sql` + `)})::float8 / ${coded.length}` : sql`0::float8`;
  const { coverage, rank, codes } = search.weights;
  const scoreExpr = sql`${coverage}::float8 * (${coverageExpr}) + ${rank}::float8 * (${rankSum}) / ((${rankSum}) + 1) + ${codes}::float8 * ${codesExpr}`;
  const scoredPage = (from: string) => sql`
    SELECT practice_id AS id, ${coverage}::float8 * coverage + ${rank}::float8 * rank + ${codes}::float8 * code_coverage AS score, coverage, rank, code_coverage
    FROM (SELECT practice_id, (${coverageExpr}) AS coverage, (${rankSum}) / ((${rankSum}) + 1) AS rank, ${codesExpr} AS code_coverage FROM ${sql.id(from)}) s
    ORDER BY score DESC, id LIMIT ${limit} OFFSET ${offset}`;
  // The second stage: the first stage's best rows, their words tested and ranked in their text.
  const conceptCarried = indexes.filter((i) => units[i]!.concept !== undefined).map((i) => sql`t.${sql.id(`u${i}`)}, t.${sql.id(`r${i}`)}, t.${sql.id(`k${i}`)}`);
  const secondStage = (from: string) => sql`
    top AS (SELECT * FROM ${sql.id(from)} ORDER BY ${scoreExpr} DESC, doc LIMIT ${shortlist}),
    rescored AS (SELECT t.doc, t.practice_id${conceptCarried.length > 0 ? sql`, ${sql.join(conceptCarried, sql`, `)}` : sql``}, ${sql.join(wordIdx.map((i) => wordColumns(i, false)), sql`, `)}
      FROM top t JOIN search_documents d ON d.doc = t.doc ${READ_TEXT})`;

  const facetLike = FACET_PREFIXES.map(([prefix]) => `${prefix}%`);
  const counted = exact ? 'm' : 'sampled';
  const ranked = exact ? 'm' : 'pool';
  const best = Math.max(limits.pool, 2 * (offset + limit));
  // A word's rows, once: all of them for an exact search; else the buckets both samples need.
  const wordCtes = twoStage
    ? wordIdx.map((i) => sql`${wordRows(i)} AS MATERIALIZED (SELECT doc, pontes_search_bucket(doc) AS bucket FROM ${
        exact ? unitRows(units[i]!) : unitRows(units[i]!, { buckets: Math.max(buckets, wordBuckets(i)!) })} x)`)
    : [];
  const unitSource = (i: number, options: Parameters<typeof unitRows>[1] = {}) =>
    twoStage && units[i]!.concept === undefined ? inWordSample(i) : unitRows(units[i]!, options);
  // The pool's champions (kept, in 'all' mode, to rows holding every required concept).
  const champions = (mode === 'all' ? seedIdx : indexes).map((i) => unitSource(i, { best, buckets: wordBuckets(i) }));
  const keep = holdsConcepts(seedIdx[0]);
  // The sample's rows join the pool as read (not looked up again), when scoring them needs no
  // row's text: concepts come from postings, and words in two stages from their rows.
  const reuseSampled = !exact && (twoStage || indexes.every((i) => units[i]!.concept !== undefined));
  const ctes = sql`${wordCtes.length > 0 ? sql`${sql.join(wordCtes, sql`, `)}, ` : sql``}${
    exact
      ? sql`m AS (${matches(
          filterSeeded
            ? sql`ARRAY(SELECT d.doc FROM search_documents d WHERE ${sql.join(groups, sql` AND `)})`
            : wordSeed !== undefined ? candidates([wordSeed], holdsConcepts(undefined)) : candidates(seedIdx.map((i) => unitSource(i)), holdsConcepts(seedIdx[0])),
          true,
        )})`
      : // The pool: each unit's champions, and the sample's rows. Champions are the rows strongest
        // in one unit; the rows matching most units, which rank first, are seldom among them,
        // and the uniform sample holds them in proportion (bench/search-fidelity.ts).
        // In 'all' mode with a word as the rarest unit, the sample is read from the rows holding
        // every required word (the full-text index intersects them), not from all of that word's
        // rows: the same rows are kept, fewer are read.
        sql`sampled AS (${matches(
          mode === 'all' && allWords !== undefined && units[seedIdx[0]!]!.concept === undefined
            ? candidates([wordRowsHoldingAll(buckets)], holdsConcepts(undefined))
            : candidates(seedIdx.map((i) => (twoStage && units[i]!.concept === undefined ? inWordSample(i, buckets) : unitRows(units[i]!, { buckets }))), holdsConcepts(seedIdx[0])),
          false,
        )}),
          pool AS (${
            reuseSampled
              ? sql`SELECT d.doc, d.practice_id, d.codes, ${sql.join(columns, sql`, `)}
                  FROM (SELECT doc, practice_id, codes FROM sampled
                    UNION ALL ${matches(sql`ARRAY(SELECT doc FROM (${kept(champions, keep)}) c EXCEPT SELECT doc FROM sampled)`, false)}) d
                  ${sql.join(joins, sql` `)}`
              : matches(candidates(champions, keep, sql`(SELECT doc FROM sampled)`), true)
          })`
  }`;
  const rows = await serially(db, (trx) => sql<{ kind: 'hit' | 'facet' | 'total'; id: string | null; score: number | null; coverage: number | null; rank: number | null; codeCoverage: number | null; code: string | null; n: number | null }>`
    WITH ${ctes},
    ${twoStage ? sql`${secondStage(ranked)}, page AS (${scoredPage('rescored')})` : sql`page AS (${scoredPage(ranked)})`}
    SELECT 'hit' AS kind, id, score, coverage, rank, code_coverage, NULL::text AS code, NULL::bigint AS n FROM page
    ${withFacets ? sql`UNION ALL
    SELECT 'facet', NULL, NULL, NULL, NULL, NULL, f, count(*) FROM ${sql.id(counted)}, unnest(codes) f WHERE f LIKE ANY (${facetLike}::text[]) GROUP BY f` : sql``}
    UNION ALL
    SELECT 'total', NULL, NULL, NULL, NULL, NULL, NULL, count(*) FROM ${sql.id(counted)}`.execute(trx));

  const hits: SearchHit[] = [];
  const facets: Record<string, Map<string, number>> = {};
  let found = 0;
  for (const row of rows.rows) {
    if (row.kind === 'hit') {
      hits.push({ id: row.id!, score: Number(row.score), coverage: Number(row.coverage), rank: Number(row.rank), codeCoverage: Number(row.codeCoverage) });
    } else if (row.kind === 'total') {
      found = Math.round(Number(row.n) * sample);
    } else {
      const [prefix, facet] = FACET_PREFIXES.find(([p]) => row.code!.startsWith(p))!;
      (facets[facet] ??= new Map()).set(row.code!.slice(prefix.length), Math.round(Number(row.n) * sample));
    }
  }
  hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { hits, total: exact ? found : Math.max(found, hits.length + offset), facets, mode, approximate: !exact };
}

/**
 * How much of a body the snippet looks at when the summary says nothing of the query.
 * ts_headline parses all the text it is given and tests it against every term of the query (a
 * concept's many terms): at 100k practices snippets were the slowest part of a simple search
 * (fragments over summary and body: 60 ms for a page of 20 in psql). The summary alone costs
 * ~2 ms a page; the body's beginning is read only for practices whose summary has no match.
 */
const HEADLINE_BODY_CHARS = 1000;
const HEADLINE_OPTIONS = 'MaxWords=35, MinWords=15, ShortWord=2';

/** PostgreSQL's estimate of the number of search rows, as of the last ANALYZE (0 before any). */
export async function searchRowsEstimate(db: Db): Promise<number> {
  const row = (await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'search_documents'::regclass`.execute(db)).rows[0];
  return Number(row?.n ?? 0);
}

/** From this many search rows on, the catalogue without a query is counted on a sample. */
export const CATALOGUE_SAMPLE_FROM = 20_000;

/**
 * The catalogue's total and facet counts without a query, for a large catalogue: counted on the
 * rows of the first b fixed buckets (about `rows` of them), scaled, as a search with very many
 * matches is (ADR 0011). Each facet is counted with every filter but its own, as the exact
 * counts are. Undefined when the catalogue is small enough to count exactly.
 */
export async function sampledCatalogue(
  db: Db, filters: PracticeFilters, rows = 4 * SEARCH_LIMITS.exact, from = CATALOGUE_SAMPLE_FROM,
): Promise<{ total: number; facets: Record<string, Map<string, number>> } | undefined> {
  const n = await searchRowsEstimate(db);
  if (n < from || n <= 0) return undefined;
  const buckets = Math.max(1, Math.min(1024, Math.floor((1024 * rows) / n)));
  const scale = 1024 / buckets;
  const groups = namedFilterGroups(filters);
  const where = (except?: string, ...more: RawBuilder<unknown>[]) => {
    const kept = [...groups.filter((g) => except === undefined || g.facet !== except).map((g) => sql`s.codes && ${g.codes}::text[]`), ...more];
    return kept.length > 0 ? sql`WHERE ${sql.join(kept, sql` AND `)}` : sql``;
  };
  // Facets whose own filter is set are counted apart; the others share one count.
  const filtered = [...new Set(groups.map((g) => g.facet).filter((f): f is string => f !== undefined))];
  const own = FACET_PREFIXES.filter(([, facet]) => filtered.includes(facet));
  const shared = FACET_PREFIXES.filter(([, facet]) => !filtered.includes(facet)).map(([prefix]) => `${prefix}%`);
  const counted = await serially(db, (trx) => sql<{ facet: string | null; code: string | null; n: number }>`
    WITH s AS MATERIALIZED (SELECT d.codes FROM search_documents d WHERE pontes_search_bucket(d.doc) < ${buckets})
    SELECT NULL::text AS facet, NULL::text AS code, count(*) AS n FROM s ${where()}
    ${shared.length > 0 ? sql`UNION ALL SELECT NULL, f, count(*) FROM s CROSS JOIN LATERAL unnest(s.codes) f ${where(undefined, sql`f LIKE ANY (${shared}::text[])`)} GROUP BY f` : sql``}
    ${sql.join(
      own.map(([prefix, facet]) => sql`UNION ALL SELECT ${facet}::text, f, count(*) FROM s CROSS JOIN LATERAL unnest(s.codes) f ${where(facet, sql`f LIKE ${`${prefix}%`}`)} GROUP BY f`),
      sql` `,
    )}`.execute(trx));
  const facets: Record<string, Map<string, number>> = {};
  let total = 0;
  for (const row of counted.rows) {
    if (row.code === null) {
      total = Math.round(Number(row.n) * scale);
      continue;
    }
    const [prefix, facet] = FACET_PREFIXES.find(([p]) => row.code!.startsWith(p))!;
    if (row.facet !== null && row.facet !== facet) continue;
    (facets[facet] ??= new Map()).set(row.code.slice(prefix.length), Math.round(Number(row.n) * scale));
  }
  return { total, facets };
}

/**
 * From this many practices, on a server, a page's snippets are written in two halves at once,
 * on two connections: snippets are the longest step after the ranking (4–10 ms a page of 20),
 * and two cores share them.
 */
const HEADLINES_SPLIT_FROM = 10;

/** Highlighted passages of the matched practices: «…» marks wrap matches, for safe rendering. */
export async function headlines(db: Db, ids: string[], search: PreparedSearch, splitFrom = HEADLINES_SPLIT_FROM): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  if (ids.length >= splitFrom && !db.isTransaction && parallelism(db) > 1) {
    const half = Math.ceil(ids.length / 2);
    const [first, second] = await Promise.all([headlinesOf(db, ids.slice(0, half), search), headlinesOf(db, ids.slice(half), search)]);
    return new Map([...first, ...second]);
  }
  return headlinesOf(db, ids, search);
}

async function headlinesOf(db: Db, ids: string[], search: PreparedSearch): Promise<Map<string, string>> {
  // Each term of the query on its own: a row's snippet is written with the terms its text holds
  // (a concept has dozens of terms, and ts_headline's time grows with the query's size).
  const byConfig = SEARCH_CONFIGS.map((config) => {
    const terms = [...new Set(search.units.flatMap((u) => u.terms[config]))];
    return sql`WHEN ${config}::regconfig THEN ${terms}::tsquery[]`;
  });
  const options = sql`'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', ' || ${HEADLINE_OPTIONS}::text`;
  const rows = await sql<{ id: string; headline: string }>`
    SELECT p.id,
      CASE WHEN q IS NULL THEN left(p.summary, 240)
        WHEN strpos(hs, chr(2)) > 0 OR coalesce(p.body, '') = '' THEN hs
        ELSE (SELECT CASE WHEN strpos(hb, chr(2)) > 0 THEN hb ELSE hs END
              FROM (SELECT ts_headline(d.config, left(p.body, ${HEADLINE_BODY_CHARS}), q, ${options}) AS hb) b)
      END AS headline
    FROM practices p JOIN search_documents d ON d.practice_id = p.id ${READ_TEXT},
      LATERAL (SELECT string_agg('(' || t::text || ')', ' | ')::tsquery AS q
               FROM unnest(CASE d.config ${sql.join(byConfig, sql` `)} END) t WHERE ${TEXT} @@ t) AS qq,
      LATERAL (SELECT CASE WHEN q IS NULL THEN NULL ELSE ts_headline(d.config, p.summary, q, ${options}) END AS hs) AS hh
    WHERE p.id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.rows.map((row) => [row.id, row.headline]));
}
