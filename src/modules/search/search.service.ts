import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { countryRegistry } from '../countries/index.js';
import { searchOrganisationsByName } from '../organisations/index.js';
import { placeNameWords, searchPlaces } from '../places/index.js';
import {
  browsePractices, searchPractices, SEARCH_CONFIGS, MAX_LIMIT, DEFAULT_LIMIT,
  type FacetCounts, type PracticeListItem, type PracticeQuery, type PreparedSearch, type SearchConfig,
} from '../practices/index.js';
import { analyseQuery, conceptCodes, conceptTerms, thesaurus, type Concept } from './search.thesaurus.js';
import { conceptTermsFor, isStopWordSomewhere, phraseQueries } from './search.repository.js';
import { foldKey } from '../../platform/text.js';
import { wordTranslations } from './search.lexicon.js';

/**
 * How a practice's search score is made, in one place (docs/adr/0009): the share of the
 * query's units (concepts and words) the practice covers, PostgreSQL's ts_rank_cd normalised to
 * 0..1, and the share of named concepts whose vocabulary codes the practice carries.
 */
export const SEARCH_WEIGHTS = { coverage: 0.55, rank: 0.3, codes: 0.15 } as const;
/** The weight, in coverage, of a concept read inside a longer term of the query. */
export const INNER_CONCEPT_WEIGHT = 0.5;
/** The weight, in coverage, of a wider concept (thesaurus "broader") of one the query names. */
export const BROADER_CONCEPT_WEIGHT = 0.5;
/**
 * The weight, in coverage, of a word that names no concept ("city", "policy", "paying"): it
 * narrows what a concept says rather than saying what the need is about. Still required in the
 * first, strict pass. Measured on the seen relevance sets (docs/benchmarks.md): 1 → 0.5 moved
 * the mean nDCG@10 of the 142 queries from 0.780 to 0.793.
 */
export const WORD_WEIGHT = 0.5;

export const SEARCH_TYPES = ['practice', 'place', 'organisation'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Longest query read; longer text is cut, not refused (a pasted paragraph still searches). */
export const MAX_QUERY_CHARS = 500;
const MAX_UNITS = 16;

export interface SearchParams {
  q?: string | undefined;
  type?: string | undefined;
  filters: PracticeQuery;
  limit?: number | undefined;
  offset?: number | undefined;
}

export type SearchItem =
  | ({ type: 'practice'; score: number; snippet: string } & PracticeListItem)
  | { type: 'place'; id: string; title: string; score: number; countryCode: string; population: number | null; snippet: string }
  | { type: 'organisation'; id: string; title: string; score: number; countryCode: string | null; kind: string | null; snippet: string };

export interface SearchResult {
  q: string;
  items: SearchItem[];
  total: number;
  limit: number;
  offset: number;
  facets: FacetCounts | null;
  /** The concepts the query was read as, for "searching also for …" notes. */
  concepts: { id: string; matched: string }[];
  /** 'any' when too few practices matched everything the query says and the list was widened. */
  mode: 'all' | 'any';
  /** True when total and facet counts are estimated from a sample (very large result sets). */
  approximate: boolean;
}

/** Control characters out, length capped; what is left is searched as typed. */
export function normaliseQuery(raw: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return Array.from((raw ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ')).slice(0, MAX_QUERY_CHARS).join('').trim();
}

/**
 * Turns query text into a prepared search: each concept of the thesaurus it names becomes one
 * unit matching any of the concept's terms in any language (or its vocabulary codes); each
 * other word becomes a unit of its own, unless it is a stop word in one of the four languages.
 */
/**
 * The web-search conventions people know: "a quoted phrase" must appear as written, and
 * -word or -"a phrase" leaves out what contains it. An unbalanced quote is just a character.
 */
export function splitSyntax(text: string): { free: string; phrases: string[]; excluded: string[] } {
  const phrases: string[] = [];
  const excluded: string[] = [];
  const free = text
    .replace(/(^|\s)-"([^"]+)"/g, (_m, lead: string, phrase: string) => {
      excluded.push(phrase);
      return lead;
    })
    .replace(/(^|\s)-([^\s"-][^\s"]*)/g, (_m, lead: string, word: string) => {
      excluded.push(word);
      return lead;
    })
    .replace(/"([^"]+)"/g, (_m, phrase: string) => {
      phrases.push(phrase);
      return ' ';
    });
  return { free, phrases: phrases.map(foldKey).filter((p) => p !== ''), excluded: excluded.map(foldKey).filter((p) => p !== '') };
}

export async function prepareSearch(db: Db, text: string): Promise<{ prepared: PreparedSearch; concepts: Concept[]; analysis: ReturnType<typeof analyseQuery> }> {
  const syntax = splitSyntax(text);
  const analysis = analyseQuery(syntax.free);
  const concepts = analysis.concepts.map((c) => c.concept);
  const inner = analysis.inner.map((c) => c.concept);
  const broader = analysis.broader.map((c) => c.concept);
  const terms = [...concepts, ...inner, ...broader].flatMap(conceptTerms);
  const queries = await phraseQueries(db, [...terms, ...analysis.words, ...syntax.phrases, ...syntax.excluded]);
  const or = (parts: string[]) => parts.filter((p) => p !== '').map((p) => `(${p})`).join(' | ');
  const units: PreparedSearch['units'] = [];
  // A concept is looked for in each record's language with that language's terms (a
  // Portuguese record with the Portuguese terms); records in other languages with all terms.
  const conceptUnit = (concept: Concept, weight: number) => {
    const tsquery = {} as Record<SearchConfig, string>;
    const terms = {} as Record<SearchConfig, string[]>;
    for (const config of SEARCH_CONFIGS) {
      terms[config] = [...new Set(conceptTermsFor(concept, config).map((t) => queries.get(t)![config]).filter((q) => q !== ''))];
      tsquery[config] = or(terms[config]);
    }
    return { tsquery, terms, codes: conceptCodes(concept), weight, required: weight >= 1, concept: thesaurus().numbers.get(concept.id) };
  };
  const single = (q: Record<SearchConfig, string>) => Object.fromEntries(SEARCH_CONFIGS.map((config) => [config, q[config] === '' ? [] : [q[config]]])) as Record<SearchConfig, string[]>;
  for (const concept of concepts) units.push(conceptUnit(concept, 1));
  const placeWords = analysis.words.length > 0 ? await placeNameWords(db, syntax.free) : new Set<string>();
  for (const word of analysis.words) {
    const q = queries.get(word)!;
    if (word.length < 2 || isStopWordSomewhere(q)) continue;
    // An everyday word of the lexicon is looked for with its translations too, each record in
    // its own language ("rua" finds "street" in an English record); not a word of a place's
    // name ("Porto Alegre" is no harbour).
    const translations = placeWords.has(word) ? undefined : await wordTranslations(db, q);
    const terms = Object.fromEntries(
      SEARCH_CONFIGS.map((config) => [config, [...new Set([q[config], ...(translations?.[config] ?? [])])].filter((t) => t !== '')]),
    ) as Record<SearchConfig, string[]>;
    const tsquery = Object.fromEntries(SEARCH_CONFIGS.map((config) => [config, or(terms[config])])) as Record<SearchConfig, string>;
    units.push({ tsquery, terms, codes: [], weight: WORD_WEIGHT, required: true });
  }
  // A quoted phrase is a unit that must appear as written (a term of the thesaurus in quotes
  // is still that term, in that language).
  for (const phrase of syntax.phrases) {
    const q = queries.get(phrase)!;
    if (Object.values(q).every((v) => v === '')) continue;
    units.push({ tsquery: { ...q }, terms: single(q), codes: [], weight: 1, required: true });
  }
  // Concepts inside a longer term widen the net a little: a record about child labour is
  // related to "child domestic work", but less than one about child domestic work itself.
  for (const concept of inner) units.push(conceptUnit(concept, INNER_CONCEPT_WEIGHT));
  // So do the wider concepts of what the query names: a law on domestic work answers part of a
  // need about child domestic workers.
  for (const concept of broader) units.push(conceptUnit(concept, BROADER_CONCEPT_WEIGHT));
  const exclude = syntax.excluded.map((word) => ({ ...queries.get(word)! })).filter((q) => Object.values(q).some((v) => v !== ''));
  return { prepared: { units: units.slice(0, MAX_UNITS), exclude, weights: SEARCH_WEIGHTS }, concepts, analysis };
}

/**
 * The one search box: practices (ranked full text in each record's language, expanded through
 * the thesaurus), places and organisations (names, typo-tolerant). Without a type, the three
 * lists are merged by score. The public sees published practices only.
 */
export async function search(db: Db, actor: Actor, params: SearchParams): Promise<SearchResult> {
  const q = normaliseQuery(params.q);
  const type = params.type === undefined || params.type === '' ? undefined : params.type;
  if (type !== undefined && !(SEARCH_TYPES as readonly string[]).includes(type)) {
    throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown value "${type.slice(0, 100)}" for filter type (practice, place or organisation)`, params: { filter: 'type', value: type.slice(0, 100) } });
  }
  const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(params.offset ?? 0));
  // A merged list needs the first offset+limit of each kind.
  const window = type === undefined ? { limit: Math.min(offset + limit, 1000), offset: 0 } : { limit, offset };
  const { prepared, analysis } = await prepareSearch(db, q);
  const concepts = analysis.concepts.map((c) => ({ id: c.concept.id, matched: c.matched }));

  let practiceItems: SearchItem[] = [];
  let practiceTotal = 0;
  let facets: FacetCounts | null = null;
  let mode: 'all' | 'any' = 'all';
  let approximate = false;
  if (type === undefined || type === 'practice') {
    if (prepared.units.length === 0) {
      // Nothing to search for (empty, punctuation, stop words): the catalogue, newest first. A
      // large catalogue is counted on a sample, as a search with very many matches is.
      const browsed = await browsePractices(db, actor, params.filters, window);
      practiceItems = browsed.list.items.map((item) => ({ ...item, type: 'practice' as const, score: 0, snippet: item.summary }));
      practiceTotal = browsed.list.total;
      facets = browsed.facets;
      approximate = browsed.approximate;
    } else {
      const result = await searchPractices(db, actor, prepared, params.filters, window);
      practiceItems = result.items.map((item) => ({ ...item, type: 'practice' as const }));
      practiceTotal = result.total;
      facets = result.facets;
      approximate = result.approximate;
      mode = prepared.units.filter((u) => u.required).length > 1 ? result.mode : 'all';
    }
  }

  const nameQuery = analysis.words.length > 0 || analysis.concepts.length > 0 ? q : '';
  let placeItems: SearchItem[] = [];
  let placeTotal = 0;
  let organisationItems: SearchItem[] = [];
  let organisationTotal = 0;
  if ((type === undefined && nameQuery !== '') || type === 'place') {
    const registry = await countryRegistry(db);
    const places = await searchPlaces(db, { q: nameQuery, country: undefined, ...window });
    // In a merged list only places that really carry the name take part, not every near spelling.
    const kept = type === undefined ? places.items.filter((p) => p.score >= 0.8) : places.items;
    placeItems = kept.map((p) => ({
      type: 'place' as const, id: p.id, title: p.name, score: p.score, countryCode: p.countryCode, population: p.population,
      snippet: `${p.name}, ${registry.get(p.countryCode)?.names.en ?? p.countryCode}`,
    }));
    placeTotal = type === undefined ? kept.length : places.total;
  }
  if ((type === undefined && nameQuery !== '') || type === 'organisation') {
    const organisations = await searchOrganisationsByName(db, nameQuery, window.limit, window.offset);
    const kept = type === undefined ? organisations.items.filter((o) => o.score >= 0.6) : organisations.items;
    organisationItems = kept.map((o) => ({
      type: 'organisation' as const, id: o.id, title: o.name, score: o.score, countryCode: o.countryCode, kind: o.kind, snippet: o.name,
    }));
    organisationTotal = type === undefined ? kept.length : organisations.total;
  }

  if (type !== undefined) {
    const items = type === 'practice' ? practiceItems : type === 'place' ? placeItems : organisationItems;
    const total = type === 'practice' ? practiceTotal : type === 'place' ? placeTotal : organisationTotal;
    return { q, items, total, limit, offset, facets: type === 'practice' ? facets : null, concepts, mode, approximate };
  }
  const merged = [...practiceItems, ...placeItems, ...organisationItems].sort((a, b) => b.score - a.score);
  return { q, items: merged.slice(offset, offset + limit), total: practiceTotal + placeTotal + organisationTotal, limit, offset, facets, concepts, mode, approximate };
}
