import type { Practice } from './practices.domain.js';
import type { PracticeExportItem, PracticeListItem } from './practices.service.js';

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

/** What the CSV download is called when saved. */
export const PRACTICES_CSV_FILENAME = 'pontes-practices.csv';

/** The columns of the CSV export, named as the JSON API names the same values. */
export const PRACTICE_CSV_COLUMNS = [
  'id', 'sourceId', 'source', 'status', 'title', 'summary', 'language', 'modality', 'countries', 'places', 'partners',
  'pillars', 'sectors', 'challenges', 'targetGroups', 'goodPractice', 'criteriaMet', 'period', 'url',
] as const;

/**
 * One practice as a CSV row (PRACTICE_CSV_COLUMNS): lists joined with "; " (names may hold
 * commas), codes as the API gives them, the status as the curation state (deleted included),
 * the period as "start/end" (a side left empty when open), the page's address absolute when the
 * public URL is configured. Cells are plain text here; the CSV writer neutralises formulas.
 */
export function practiceCsvRow(practice: PracticeExportItem, publicUrl: string | undefined): string[] {
  const list = (values: readonly string[]) => values.join('; ');
  const period = practice.period === null ? '' : `${practice.period.start ?? ''}/${practice.period.end ?? ''}`;
  return [
    practice.id, practice.sourceId, practice.source, practice.state, practice.title, practice.summary, practice.language, practice.modality,
    list(practice.countryCodes), list(practice.placeNames), list(practice.partnerNames), list(practice.pillars), list(practice.sectors),
    list(practice.challenges), list(practice.targetGroups), String(practice.goodPractice), String(practice.criteriaMet), period,
    `${publicUrl ?? ''}/practices/${practice.id}`,
  ];
}
