import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { countryRegistry, type Country, type CountryRegistry } from '../countries/index.js';
import { getPlace, getPlacesByIds, type Place } from '../places/index.js';
import {
  listPractices, practiceMatchFacts, placesWithPractices, practiceSummaries, searchPracticeHits,
  type MatchFacts, type PracticeListItem,
} from '../practices/index.js';
import { normaliseQuery, prepareSearch } from '../search/index.js';
import { isCode } from '../vocabularies/index.js';

/**
 * Every weight of peer matching, in one place (docs/adr/0010). A practice's score is
 * topic × context × evidence mixed by `practice`; context similarity mixes the `context`
 * factors that are known for both sides (unknown ones drop out and the rest are rescaled).
 */
export const MATCH_WEIGHTS = {
  practice: { topic: 0.5, context: 0.3, evidence: 0.2 },
  context: { size: 0.25, region: 0.25, south: 0.1, ldc: 0.05, language: 0.15, sectors: 0.1, challenges: 0.1 },
  evidence: { criteria: 0.5, results: 0.25, adaptations: 0.25 },
  /** Orders of magnitude of population difference at which size similarity reaches 0. */
  sizeSpan: 2,
  /** How many search hits are weighed for "who solved this". */
  candidates: 200,
} as const;

export type Factor = 'topic' | 'size' | 'region' | 'south' | 'ldc' | 'language' | 'sectors' | 'challenges' | 'criteria' | 'results' | 'adaptations';

/** One reason for a suggestion: the factor's similarity (0..1), its weight in the total, and what it added. */
export interface Explanation {
  factor: Factor;
  value: number;
  weight: number;
  contribution: number;
  /** What the plain-words sentence needs (sizes, region name, shared codes, counts). */
  params: Record<string, string | number>;
}

/** The seeker: their place, or what they say of their city. */
export interface MatchContext {
  place: Place | null;
  countryCode: string | null;
  population: number | null;
  sectors: string[];
  challenges: string[];
}

export interface MatchQuery {
  need?: string | undefined;
  place?: string | undefined;
  country?: string | undefined;
  population?: number | undefined;
  sectors?: string | undefined;
  challenges?: string | undefined;
  limit?: number | undefined;
}

function codes(raw: string | undefined, vocabulary: 'sectors' | 'challenges'): string[] {
  const values = [...new Set((raw ?? '').split(',').map((v) => v.trim()).filter((v) => v !== ''))];
  for (const value of values) {
    if (!isCode(vocabulary, value)) {
      throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown value "${value.slice(0, 100)}" for filter ${vocabulary}`, params: { filter: vocabulary, value: value.slice(0, 100) } });
    }
  }
  return values;
}

/** Reads the seeker's context; a place id wins over a country and population given by hand. */
export async function resolveContext(db: Db, query: MatchQuery): Promise<MatchContext> {
  const registry = await countryRegistry(db);
  let place: Place | null = null;
  if (query.place !== undefined && query.place !== '') {
    try {
      place = await getPlace(db, query.place);
    } catch (error) {
      if ((error as PontesError).code !== 'NOT_FOUND') throw error;
      throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown place "${query.place.slice(0, 100)}"`, params: { filter: 'place', value: query.place.slice(0, 100) } });
    }
  }
  let countryCode = place?.countryCode ?? null;
  if (countryCode === null && query.country !== undefined && query.country !== '') {
    countryCode = query.country.toUpperCase();
    if (registry.get(countryCode) === undefined) {
      throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown country "${query.country.slice(0, 100)}"`, params: { filter: 'country', value: query.country.slice(0, 100) } });
    }
  }
  const population = place?.population ?? (query.population !== undefined && query.population > 0 ? query.population : null);
  return { place, countryCode, population, sectors: codes(query.sectors, 'sectors'), challenges: codes(query.challenges, 'challenges') };
}

/** The language subtags a country speaks officially ("pt-MZ,vmw" → pt, vmw). */
function languagesOf(country: Country | undefined): Set<string> {
  return new Set((country?.languages ?? []).map((tag) => tag.split('-')[0]!.toLowerCase()));
}

interface Side {
  countryCode: string | null;
  population: number | null;
  sectors: string[];
  challenges: string[];
}

/**
 * How alike two contexts are, factor by factor. A factor unknown on either side is left out
 * rather than guessed.
 */
export function contextSimilarity(seeker: Side, peer: Side, registry: CountryRegistry): { value: number; factors: Omit<Explanation, 'weight' | 'contribution'>[] } {
  const w = MATCH_WEIGHTS.context;
  const factors: (Omit<Explanation, 'weight' | 'contribution'> & { w: number })[] = [];
  if (seeker.population !== null && peer.population !== null && seeker.population > 0 && peer.population > 0) {
    const distance = Math.abs(Math.log10(seeker.population) - Math.log10(peer.population));
    factors.push({ factor: 'size', value: Math.max(0, 1 - distance / MATCH_WEIGHTS.sizeSpan), w: w.size, params: { mine: seeker.population, theirs: peer.population } });
  }
  const a = seeker.countryCode !== null ? registry.get(seeker.countryCode) : undefined;
  const b = peer.countryCode !== null ? registry.get(peer.countryCode) : undefined;
  if (a !== undefined && b !== undefined) {
    // The closest level of UN M49 the two share: intermediate region, sub-region, region.
    const sameIntermediate = a.intermediateRegionCode !== null && a.intermediateRegionCode === b.intermediateRegionCode;
    const sameSub = a.subregionCode !== null && a.subregionCode === b.subregionCode;
    const sameRegion = a.regionCode !== null && a.regionCode === b.regionCode;
    const level = sameIntermediate ? 'subregion' : sameSub ? 'subregion' : sameRegion ? 'region' : 'none';
    const name = sameIntermediate ? a.intermediateRegionName : sameSub ? a.subregionName : sameRegion ? a.regionName : (b.intermediateRegionName ?? b.subregionName ?? b.regionName);
    factors.push({ factor: 'region', value: sameIntermediate ? 1 : sameSub ? 0.75 : sameRegion ? 0.5 : 0, w: w.region, params: { region: name ?? '', same: level } });
    factors.push({ factor: 'south', value: a.globalSouth === b.globalSouth ? 1 : 0, w: w.south, params: { south: b.globalSouth ? 'yes' : 'no' } });
    factors.push({ factor: 'ldc', value: a.ldc === b.ldc ? 1 : 0, w: w.ldc, params: { ldc: b.ldc ? 'yes' : 'no' } });
    const shared = [...languagesOf(a)].filter((lang) => languagesOf(b).has(lang));
    factors.push({ factor: 'language', value: shared.length > 0 ? 1 : 0, w: w.language, params: { languages: shared.join(', ') } });
  }
  if (seeker.sectors.length > 0) {
    const shared = seeker.sectors.filter((s) => peer.sectors.includes(s));
    factors.push({ factor: 'sectors', value: shared.length / seeker.sectors.length, w: w.sectors, params: { shared: shared.join(',') } });
  }
  if (seeker.challenges.length > 0) {
    const shared = seeker.challenges.filter((c) => peer.challenges.includes(c));
    factors.push({ factor: 'challenges', value: shared.length / seeker.challenges.length, w: w.challenges, params: { shared: shared.join(',') } });
  }
  const total = factors.reduce((sum, f) => sum + f.w, 0);
  const value = total === 0 ? 0 : factors.reduce((sum, f) => sum + f.value * f.w, 0) / total;
  return { value, factors: factors.map(({ w: _w, ...f }) => f) };
}

function evidenceOf(facts: MatchFacts): { value: number; factors: Omit<Explanation, 'weight' | 'contribution'>[] } {
  const w = MATCH_WEIGHTS.evidence;
  const factors: (Omit<Explanation, 'weight' | 'contribution'> & { w: number })[] = [
    { factor: 'criteria' as const, value: Math.min(1, facts.criteriaMet / 4), w: w.criteria, params: { count: facts.criteriaMet, mark: facts.goodPractice ? 'yes' : 'no' } },
    { factor: 'results' as const, value: Math.min(1, facts.quantifiedResults / 2), w: w.results, params: { count: facts.quantifiedResults } },
    { factor: 'adaptations' as const, value: Math.min(1, facts.adaptations / 2), w: w.adaptations, params: { count: facts.adaptations } },
  ];
  return { value: factors.reduce((sum, f) => sum + f.value * f.w, 0), factors: factors.map(({ w: _w, ...f }) => f) };
}

export interface PracticeMatch {
  practice: PracticeListItem;
  score: number;
  explanation: Explanation[];
}

/**
 * "Who solved this": practices that answer the need (search, thesaurus included), weighed by
 * how alike their places are to the seeker's and by their evidence. Every suggestion carries
 * its reasons. The need alone is enough; context alone too.
 */
export async function matchPractices(db: Db, actor: Actor, query: MatchQuery): Promise<{ context: MatchContext; items: PracticeMatch[] }> {
  const context = await resolveContext(db, query);
  const registry = await countryRegistry(db);
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 10)), 50);
  const need = normaliseQuery(query.need);
  const topic = new Map<string, number>();
  let ids: string[];
  const { prepared } = await prepareSearch(db, need);
  if (prepared.units.length > 0) {
    // Ranked ids only: the summaries are read for the suggestions shown, not for every candidate.
    const hits = await searchPracticeHits(db, actor, prepared, {}, { limit: MATCH_WEIGHTS.candidates, offset: 0 });
    const best = hits[0]?.score ?? 1;
    for (const hit of hits) topic.set(hit.id, hit.score / best);
    ids = hits.map((hit) => hit.id);
  } else {
    // No need in words: practices of the seeker's sectors and challenges, or the newest.
    const filters = context.sectors.length > 0 ? { sectors: context.sectors.join(',') } : context.challenges.length > 0 ? { challenges: context.challenges.join(',') } : {};
    // Only the page is needed: counting a large catalogue's matches took 130 ms at 100k.
    ids = (await listPractices(db, actor, filters, { limit: 100 }, false)).items.map((item) => item.id);
  }
  const facts = await practiceMatchFacts(db, ids);
  const W = MATCH_WEIGHTS.practice;
  const hasTopic = prepared.units.length > 0;
  const hasContext = context.countryCode !== null || context.population !== null || context.sectors.length > 0 || context.challenges.length > 0;
  const weights = { topic: hasTopic ? W.topic : 0, context: hasContext ? W.context : 0, evidence: W.evidence };
  const weightSum = weights.topic + weights.context + weights.evidence;
  const scored: { id: string; title: string; score: number; explanation: Explanation[] }[] = [];
  for (const fact of facts) {
    // The seeker's own practices are not peers to learn from.
    const sites = fact.sites ?? [];
    if (context.place !== null && sites.length > 0 && sites.every((site) => site.placeId === context.place!.id)) continue;
    // The practice's place most alike to the seeker's stands for it.
    const sides = sites.map((site) => ({ countryCode: site.country, population: site.population === null ? null : Number(site.population), sectors: fact.sectors, challenges: fact.challenges }));
    const candidates = sides.length > 0 ? sides : [{ countryCode: null, population: null, sectors: fact.sectors, challenges: fact.challenges }];
    const ctx = candidates.map((side) => contextSimilarity(context, side, registry)).sort((a, b) => b.value - a.value)[0]!;
    const evidence = evidenceOf(fact);
    const topicValue = topic.get(fact.id) ?? 0;
    const explanation: Explanation[] = [];
    if (hasTopic) explanation.push({ factor: 'topic', value: topicValue, weight: weights.topic / weightSum, contribution: (topicValue * weights.topic) / weightSum, params: { need } });
    if (hasContext) {
      const totalW = ctx.factors.reduce((sum, f) => sum + MATCH_WEIGHTS.context[f.factor as keyof typeof MATCH_WEIGHTS.context], 0) || 1;
      for (const f of ctx.factors) {
        const weight = (MATCH_WEIGHTS.context[f.factor as keyof typeof MATCH_WEIGHTS.context] / totalW) * (weights.context / weightSum);
        explanation.push({ ...f, weight, contribution: f.value * weight });
      }
    }
    for (const f of evidence.factors) {
      const weight = MATCH_WEIGHTS.evidence[f.factor as keyof typeof MATCH_WEIGHTS.evidence] * (weights.evidence / weightSum);
      explanation.push({ ...f, weight, contribution: f.value * weight });
    }
    const score = explanation.reduce((sum, e) => sum + e.contribution, 0);
    scored.push({ id: fact.id, title: fact.title, score, explanation: explanation.sort((a, b) => b.contribution - a.contribution) });
  }
  scored.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
  // The best suggestions' summaries, as the actor may see them (a practice deleted since the
  // search is skipped, and the next one taken).
  const items: PracticeMatch[] = [];
  for (let next = 0; items.length < limit && next < scored.length; ) {
    const batch = scored.slice(next, next + limit - items.length);
    next += batch.length;
    const summaries = new Map((await practiceSummaries(db, actor, batch.map((s) => s.id))).map((summary) => [summary.id, summary]));
    for (const { id, score, explanation } of batch) {
      const practice = summaries.get(id);
      if (practice !== undefined) items.push({ practice, score, explanation });
    }
  }
  return { context, items };
}

export interface PlaceMatch {
  place: Place;
  practices: number;
  score: number;
  explanation: Explanation[];
}

/** "Places like mine": places with published practices, most alike first, each with its reasons. */
export async function matchPlaces(db: Db, query: MatchQuery): Promise<{ context: MatchContext; items: PlaceMatch[] }> {
  const context = await resolveContext(db, query);
  if (context.countryCode === null && context.population === null) {
    throw new PontesError('VALIDATION_FAILED', { detail: 'say which place is yours (place=ID), or give its country and population' });
  }
  const registry = await countryRegistry(db);
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 10)), 50);
  const peers = (await placesWithPractices(db)).filter((peer) => peer.placeId !== context.place?.id);
  const places = new Map((await getPlacesByIds(db, peers.map((p) => p.placeId))).map((p) => [p.id, p]));
  const items: PlaceMatch[] = [];
  for (const peer of peers) {
    const place = places.get(peer.placeId);
    if (place === undefined) continue;
    const similarity = contextSimilarity(context, { countryCode: place.countryCode, population: place.population, sectors: peer.sectors, challenges: peer.challenges }, registry);
    const totalW = similarity.factors.reduce((sum, f) => sum + MATCH_WEIGHTS.context[f.factor as keyof typeof MATCH_WEIGHTS.context], 0) || 1;
    const explanation = similarity.factors
      .map((f) => {
        const weight = MATCH_WEIGHTS.context[f.factor as keyof typeof MATCH_WEIGHTS.context] / totalW;
        return { ...f, weight, contribution: f.value * weight };
      })
      .sort((a, b) => b.contribution - a.contribution);
    items.push({ place, practices: peer.practices, score: similarity.value, explanation });
  }
  items.sort((a, b) => b.score - a.score || (b.place.population ?? 0) - (a.place.population ?? 0));
  return { context, items: items.slice(0, limit) };
}
