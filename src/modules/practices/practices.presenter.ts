import type { Practice } from './practices.domain.js';
import type { PracticeListItem } from './practices.service.js';

/** The API's shape of a practice in a list. */
export function presentPracticeItem(practice: PracticeListItem) {
  const { countryCodes, placeNames, adaptedFromSourceId, ...rest } = practice;
  return { ...rest, url: `/practices/${practice.id}`, countries: countryCodes, places: placeNames, adaptedFrom: adaptedFromSourceId };
}

/** The API's shape of one practice. */
export function presentPractice(practice: Practice) {
  const { countryCodes, adaptedFromSourceId, adaptedFrom, places, partners, ...rest } = practice;
  return {
    ...rest,
    url: `/practices/${practice.id}`,
    countries: countryCodes,
    adaptedFrom: adaptedFromSourceId,
    adaptedFromPractice: adaptedFrom,
    places: places.map(({ countryCode, position: _p, ...place }) => ({ ...place, country: countryCode })),
    partners: partners.map(({ countryCode, position: _p, ...partner }) => ({ ...partner, country: countryCode })),
  };
}
