import type { Db } from '../../database.js';
import { isPontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { countryRegistry } from '../countries/index.js';
import { contextSimilarity, MATCH_WEIGHTS, matchPlaces, matchPractices, type MatchQuery } from '../match/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { getPlacesByIds, type Place } from '../places/index.js';
import { analyseQuery } from '../search/index.js';
import { NEED_FACETS, type NeedFacet, type NeedOffer, type NeedProfile } from './needs.domain.js';
import { codesOfFacet, liveOffers } from './needs.service.js';

/** What a need may be matched with. */
export type CounterpartKind = 'offer' | 'practice' | 'place';
export const COUNTERPART_KINDS: readonly CounterpartKind[] = ['offer', 'practice', 'place'];

/**
 * One reason for a proposal, in the shape of the match module's explanations: the factor's
 * similarity (0..1), its weight in the score, what it added, and what the sentence needs.
 */
export interface ProposalFactor {
  factor: string;
  value: number;
  weight: number;
  contribution: number;
  params: Record<string, string | number>;
}

/** A counterpart proposed for a need, with its score (0..1) and its reasons. */
export interface Proposal {
  kind: CounterpartKind;
  id: string;
  title: string;
  score: number;
  explanation: ProposalFactor[];
}

/**
 * The weights of an offer's (or an unranked practice's) similarity to a need: the shares of the
 * need's vocabulary codes it carries, facet by facet, and the terms their texts share (thesaurus
 * concepts in any language, other significant words). A factor the need leaves empty drops out
 * and the rest are rescaled, as in the match module (docs/adr/0010).
 */
export const PROPOSAL_WEIGHTS = {
  profile: { sectors: 0.2, challenges: 0.2, pillars: 0.1, critical_areas: 0.1, target_groups: 0.1, text: 0.3 },
  /** Shared terms at which text similarity counts fully. */
  textTerms: 5,
  /** Proposals of each kind on a need's list. */
  limits: { offer: 10, practice: 10, place: 5 },
  /** Practices and places weighed when scoring one given counterpart (the ranking's pool). */
  pool: 50,
  /** Offers weighed, newest first. */
  offers: 2000,
} as const;

// Words too common in needs and offers to say two of them are alike (folded, four letters or more).
const COMMON_WORDS = new Set([
  'with', 'from', 'that', 'this', 'these', 'those', 'what', 'which', 'have', 'will', 'their', 'they', 'them', 'there', 'were', 'been', 'into', 'about', 'would', 'could',
  'should', 'other', 'more', 'most', 'also', 'such', 'some', 'than', 'then', 'when', 'where', 'while', 'want', 'learn', 'learning', 'share', 'city', 'cities', 'local',
  'pour', 'dans', 'avec', 'sont', 'nous', 'vous', 'leur', 'leurs', 'mais', 'plus', 'comme', 'cette', 'entre', 'sans', 'sous', 'apprendre', 'ville', 'villes',
  'para', 'como', 'sobre', 'este', 'esta', 'estos', 'estas', 'nuestra', 'nuestro', 'pero', 'tambien', 'ciudad', 'ciudades', 'aprender', 'nossa', 'nosso',
  'tambem', 'cidade', 'cidades', 'pelo', 'pela', 'pelos', 'pelas', 'queremos', 'voulons',
]);

/** The terms of a text: thesaurus concepts (by id, so languages meet) and other significant words. */
function termsOf(text: string): Map<string, string> {
  const analysis = analyseQuery(text.slice(0, 4000));
  const terms = new Map<string, string>();
  const inConcepts = new Set<string>();
  for (const { concept, matched } of analysis.concepts) {
    if (!terms.has(`concept:${concept.id}`)) terms.set(`concept:${concept.id}`, matched);
    for (const word of matched.split(' ')) inConcepts.add(word);
  }
  // A word already counted inside a concept's term ("vendors" of "market vendors") is not counted twice.
  for (const word of analysis.words) if (word.length >= 4 && !COMMON_WORDS.has(word) && !inConcepts.has(word) && !/^\d+$/.test(word)) terms.set(`word:${word}`, word);
  return terms;
}

/** What is compared with a need: a record with vocabulary codes and text. */
export interface Profile {
  title: string;
  text: string;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
}

/** How alike a record is to a need: shared vocabulary codes and terms, each factor explained. */
export function profileSimilarity(need: NeedProfile, other: Profile): { score: number; explanation: ProposalFactor[] } {
  const W = PROPOSAL_WEIGHTS.profile;
  const factors: (Omit<ProposalFactor, 'weight' | 'contribution'> & { w: number })[] = [];
  for (const facet of NEED_FACETS) {
    const wanted = codesOfFacet(need, facet);
    if (wanted.length === 0) continue;
    const theirs = codesOfFacet(other, facet);
    const shared = wanted.filter((code) => theirs.includes(code));
    factors.push({ factor: facet, value: shared.length / wanted.length, w: W[facet as NeedFacet], params: { shared: shared.join(',') } });
  }
  const mine = termsOf(`${need.title}\n${need.description}`);
  if (mine.size > 0) {
    const theirs = termsOf(`${other.title}\n${other.text}`);
    const shared = [...mine.keys()].filter((key) => theirs.has(key));
    factors.push({
      factor: 'text', value: Math.min(1, shared.length / Math.min(mine.size, PROPOSAL_WEIGHTS.textTerms)), w: W.text,
      params: { terms: shared.slice(0, 6).map((key) => mine.get(key)!).join(', '), count: shared.length },
    });
  }
  const total = factors.reduce((sum, f) => sum + f.w, 0);
  const explanation = factors
    .map(({ w, ...f }) => ({ ...f, weight: total === 0 ? 0 : w / total, contribution: total === 0 ? 0 : (f.value * w) / total }))
    .sort((a, b) => b.contribution - a.contribution);
  return { score: explanation.reduce((sum, e) => sum + e.contribution, 0), explanation };
}

function offerProfile(offer: NeedOffer): Profile {
  return { ...offer, text: offer.description };
}

/** The seeker's context for the match module: the need's place, else its organisation's place or country. */
async function seekerQuery(db: Db, need: NeedProfile, limit: number): Promise<MatchQuery> {
  const base: MatchQuery = { need: need.title, sectors: need.sectors.join(','), challenges: need.challenges.join(','), limit };
  if (need.placeId !== null) return { ...base, place: need.placeId };
  if (need.organisationId !== null) {
    const [organisation] = await getOrganisationsByIds(db, [need.organisationId]);
    if (organisation?.placeId != null) return { ...base, place: organisation.placeId };
    if (organisation?.countryCode != null) return { ...base, country: organisation.countryCode };
  }
  return base;
}

/** Offers posted by the need's own place or organisation are not counterparts. */
function samePoster(need: NeedProfile, offer: NeedOffer): boolean {
  return (need.placeId !== null && offer.placeId === need.placeId) || (need.organisationId !== null && offer.organisationId === need.organisationId);
}

async function placeMatches(db: Db, query: MatchQuery): Promise<Awaited<ReturnType<typeof matchPlaces>>['items']> {
  if (query.place === undefined && query.country === undefined) return [];
  try {
    return (await matchPlaces(db, query)).items;
  } catch (error) {
    // No context to compare places with: no places proposed.
    if (isPontesError(error) && error.code === 'VALIDATION_FAILED') return [];
    throw error;
  }
}

/**
 * The counterparts proposed for a need, best first: published offers that have not expired
 * (shared codes and terms), practices that answer it ("who solved this") and places like the
 * need's ("places like mine"), each with its reasons.
 */
export async function proposalsFor(db: Db, actor: Actor, need: NeedProfile): Promise<Proposal[]> {
  const L = PROPOSAL_WEIGHTS.limits;
  const [offers, query] = await Promise.all([liveOffers(db, PROPOSAL_WEIGHTS.offers), seekerQuery(db, need, L.practice)]);
  const offerProposals: Proposal[] = offers
    .filter((offer) => offer.id !== need.id && !samePoster(need, offer))
    .map((offer) => ({ kind: 'offer' as const, id: offer.id, title: offer.title, ...profileSimilarity(need, offerProfile(offer)) }))
    .filter((proposal) => proposal.score > 0)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, L.offer);
  const practices = (await matchPractices(db, actor, query)).items.map((m) => ({ kind: 'practice' as const, id: m.practice.id, title: m.practice.title, score: m.score, explanation: m.explanation }));
  const places = (await placeMatches(db, { ...query, limit: L.place })).map((m) => ({ kind: 'place' as const, id: m.place.id, title: m.place.name, score: m.score, explanation: m.explanation }));
  return [...offerProposals, ...practices, ...places].sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}

/** A counterpart as the matches module hands it to be scored (it checked the actor may see it). */
export type Counterpart =
  | { kind: 'offer'; offer: NeedOffer }
  | { kind: 'practice'; practice: Profile & { id: string } }
  | { kind: 'place'; place: Place };

/**
 * The score and reasons of one counterpart for a need, by the same code as the need's
 * proposals: its entry in the ranking when it has one there; otherwise (a practice the search
 * does not reach, a place without published practices) its shared codes and terms, or how
 * alike the places are.
 */
export async function scoreCounterpart(db: Db, actor: Actor, need: NeedProfile, counterpart: Counterpart): Promise<{ score: number; explanation: ProposalFactor[] }> {
  if (counterpart.kind === 'offer') return profileSimilarity(need, offerProfile(counterpart.offer));
  const query = await seekerQuery(db, need, PROPOSAL_WEIGHTS.pool);
  if (counterpart.kind === 'practice') {
    const ranked = (await matchPractices(db, actor, query)).items.find((m) => m.practice.id === counterpart.practice.id);
    return ranked !== undefined ? { score: ranked.score, explanation: ranked.explanation } : profileSimilarity(need, counterpart.practice);
  }
  const place = counterpart.place;
  const ranked = (await placeMatches(db, query)).find((m) => m.place.id === place.id);
  if (ranked !== undefined) return { score: ranked.score, explanation: ranked.explanation };
  // A place no ranking reached: how alike it is to the need's place (size, region, language...).
  const registry = await countryRegistry(db);
  const [seekerPlace] = query.place !== undefined ? await getPlacesByIds(db, [query.place]) : [];
  const seeker = { countryCode: seekerPlace?.countryCode ?? query.country ?? null, population: seekerPlace?.population ?? null, sectors: [], challenges: [] };
  const similarity = contextSimilarity(seeker, { countryCode: place.countryCode, population: place.population, sectors: [], challenges: [] }, registry);
  const weights = MATCH_WEIGHTS.context as Record<string, number>;
  const totalW = similarity.factors.reduce((sum, f) => sum + (weights[f.factor] ?? 0), 0) || 1;
  const explanation = similarity.factors
    .map((f) => ({ ...f, weight: (weights[f.factor] ?? 0) / totalW, contribution: (f.value * (weights[f.factor] ?? 0)) / totalW }))
    .sort((a, b) => b.contribution - a.contribution);
  return { score: similarity.value, explanation };
}
