/** Kinds of place Pontes records (DESIGN.md: Place). */
export const PLACE_KINDS = ['city', 'municipality', 'district', 'province', 'metropolitan_area'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export type SizeBand = 'small' | 'intermediary' | 'large' | 'metropolis';

/** The handbook's definition of an intermediary city: 50,000 to 500,000 inhabitants. */
export const INTERMEDIARY_MIN = 50_000;
export const INTERMEDIARY_MAX = 500_000;
const METROPOLIS_MIN = 5_000_000;

/**
 * Size band from population: small (under 50,000), intermediary (50,000–500,000, the
 * handbook's band), large (to 5 million), metropolis (5 million and more). Unknown
 * population gives no band rather than a guess.
 */
export function sizeBand(population: number | null | undefined): SizeBand | null {
  if (population === null || population === undefined || population <= 0) return null;
  if (population < INTERMEDIARY_MIN) return 'small';
  if (population <= INTERMEDIARY_MAX) return 'intermediary';
  if (population < METROPOLIS_MIN) return 'large';
  return 'metropolis';
}

export function isIntermediaryCity(population: number | null | undefined): boolean {
  return sizeBand(population) === 'intermediary';
}

/** A place as services hand it to views and the API. */
export interface Place {
  id: string;
  kind: PlaceKind;
  name: string;
  altNames: string[];
  countryCode: string;
  adminCode: string | null;
  population: number | null;
  populationYear: number | null;
  latitude: number | null;
  longitude: number | null;
  geonamesId: number | null;
  origin: 'reference' | 'import' | 'member';
  needsReview: boolean;
  /** Counts saves (optimistic concurrency). */
  version: number;
  /** Set when a curator merged this place into another (its page redirects there). */
  mergedInto: string | null;
  sizeBand: SizeBand | null;
  intermediaryCity: boolean;
}

/** One reference place, as read from a gazetteer before it is stored. */
export interface ReferencePlace {
  geonamesId: number;
  name: string;
  altNames: string[];
  countryCode: string;
  adminCode: string | null;
  kind: PlaceKind;
  population: number | null;
  latitude: number;
  longitude: number;
}

/** What ties a place to people (permissions.ts): its focal points. */
export function placeTies(place: { id: string }) {
  return { createdBy: null, ownerOrganisationId: null, placeIds: [place.id], organisationIds: [] };
}
