import type { Place } from './places.domain.js';

export function presentPlace(place: Place, countryName: (code: string) => string) {
  const { countryCode, ...rest } = place;
  return { ...rest, url: `/places/${place.id}`, country: countryCode, countryName: countryName(countryCode) };
}
