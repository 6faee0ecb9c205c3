import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { readMeta, writeMeta } from '../../platform/db/meta.js';
import { createProgress } from '../../platform/progress.js';
import { isUuid } from '../../platform/ids.js';
import { foldKey } from '../../platform/text.js';
import { countryRegistry } from '../countries/index.js';
import type { Place, ReferencePlace } from './places.domain.js';
import * as repo from './places.repository.js';

const BATCH = 5000;
const META_KEY = 'reference_places';

export interface ReferencePlacesMeta {
  source: string;
  count: number;
  loadedAt: string;
}

function nameKeys(place: { name: string; altNames: string[] }): string[] {
  return [...new Set([place.name, ...place.altNames].map(foldKey).filter((key) => key !== ''))];
}

/**
 * Loads (or reloads) reference places in batches, each in its own transaction, reporting
 * progress. Places of countries Pontes does not know are skipped and counted.
 */
export async function loadReferencePlaces(
  db: Db,
  places: ReferencePlace[],
  source: string,
  progressStream: NodeJS.WriteStream | null = process.stderr,
): Promise<{ loaded: number; added: number; skipped: number; seconds: number }> {
  const started = Date.now();
  const registry = await countryRegistry(db);
  const known = places.filter((place) => registry.get(place.countryCode) !== undefined);
  const progress = createProgress('Loading places', known.length, progressStream);
  let added = 0;
  for (let i = 0; i < known.length; i += BATCH) {
    const batch = known.slice(i, i + BATCH);
    added += await db.transaction().execute((trx) => repo.upsertReferencePlaces(trx, batch, nameKeys));
    progress.update(Math.min(i + BATCH, known.length));
  }
  const meta: ReferencePlacesMeta = { source, count: known.length, loadedAt: new Date().toISOString() };
  await writeMeta(db, META_KEY, meta);
  const skipped = places.length - known.length;
  progress.finish(`${known.length} places (${added} new${skipped > 0 ? `, ${skipped} skipped: unknown country` : ''})`);
  return { loaded: known.length, added, skipped, seconds: (Date.now() - started) / 1000 };
}

export function referencePlacesMeta(db: Db): Promise<ReferencePlacesMeta | undefined> {
  return readMeta<ReferencePlacesMeta>(db, META_KEY);
}

export interface PlaceRef {
  city?: string | undefined;
  country: string;
  geonames_id?: number | undefined;
}

/** Candidate spellings of a written place name: "eThekwini (Durban)" also tries each part. */
function candidateKeys(city: string): string[] {
  const parts = [city, city.replace(/\(.*?\)/g, ''), ...Array.from(city.matchAll(/\(([^)]*)\)/g), (m) => m[1] ?? ''), ...city.split(/[/,]/)];
  return [...new Set(parts.map(foldKey).filter((key) => key !== ''))];
}

/**
 * Finds the stored place a written reference means: by GeoNames id when it names a known
 * place of that country, else by name within the country (accents, case and alternative names
 * tolerated; the most populous wins). An unknown place is created and flagged for review.
 * A reference with no city means the whole country: no place.
 */
export async function resolvePlace(db: Db, ref: PlaceRef): Promise<{ placeId: string | null; created: boolean }> {
  if (ref.city === undefined || ref.city.trim() === '') return { placeId: null, created: false };
  if (ref.geonames_id !== undefined) {
    const id = await repo.findByGeonamesId(db, ref.geonames_id, ref.country);
    if (id !== undefined) return { placeId: id, created: false };
  }
  const keys = candidateKeys(ref.city);
  for (const key of keys) {
    const id = await repo.findByNameKey(db, ref.country, key);
    if (id !== undefined) return { placeId: id, created: false };
  }
  const placeId = await repo.insertImportedPlace(db, { name: ref.city.trim(), countryCode: ref.country, nameKeys: keys.slice(0, 1) });
  return { placeId, created: true };
}

export async function getPlace(db: Db, id: string): Promise<Place> {
  const place = isUuid(id) ? await repo.getPlace(db, id) : undefined;
  if (place === undefined) throw new PontesError('NOT_FOUND', { detail: `no place with id ${id}` });
  return place;
}

export const getPlacesByIds = repo.getPlacesByIds;

export interface PlaceQuery {
  q?: string | undefined;
  country?: string | undefined;
  limit: number;
  offset: number;
}

/** Finds places by name for the public: anyone may look up places. */
export async function searchPlaces(db: Db, query: PlaceQuery): Promise<{ items: (Place & { score: number })[]; total: number }> {
  let countryCode: string | undefined;
  if (query.country !== undefined && query.country !== '') {
    countryCode = query.country.toUpperCase();
    if ((await countryRegistry(db)).get(countryCode) === undefined) {
      throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown country "${query.country}"`, params: { filter: 'country', value: query.country } });
    }
  }
  const q = query.q === undefined ? undefined : foldKey(query.q).slice(0, 200);
  return repo.searchPlaces(db, { nameKey: q, countryCode, limit: query.limit, offset: query.offset });
}

export const countReferencePlaces = repo.countReferencePlaces;

/**
 * Storage for the curation module, which checks permissions, keeps versions and refreshes the
 * search rows of linked practices (it may use the practices module; this one may not).
 */
export const placeStore = {
  get: async (db: Db, id: string) => (isUuid(id) ? repo.getPlace(db, id) : undefined),
  update: repo.updatePlace,
  insert: repo.insertMemberPlace,
  addNameKeys: repo.addNameKeys,
  merge: repo.mergePlace,
  needingReview: repo.placesNeedingReview,
};

/** A single word is read as a place's name when a place of this many people carries it (Lima, Pune; not Mesa or Natal). */
const CITY_WORD_POPULATION = 1_000_000;

/**
 * The words of a text that name a place: a name of two or more words ("porto alegre", "dar es
 * salaam", "la paz"), or a single word naming a city of a million people or more ("lima",
 * "pune"). Search keeps them as typed rather than reading them as everyday words.
 */
export async function placeNameWords(db: Db, text: string): Promise<Set<string>> {
  const words = foldKey(text).split(' ').filter((w) => w !== '');
  const runs: string[] = [];
  for (let n = 1; n <= 4; n++) for (let i = 0; i + n <= words.length; i++) runs.push(words.slice(i, i + n).join(' '));
  const known = await repo.knownNameKeys(db, [...new Set(runs)].slice(0, 200), CITY_WORD_POPULATION);
  return new Set(runs.filter((run) => known.has(run)).flatMap((run) => run.split(' ')));
}
