export * from './practices.domain.js';
export { deriveModality, type Modality } from './practices.modality.js';
export { practiceSchema, validateExchangeRecord, type LineError } from './practices.exchange.js';
export { checkPracticeLines, importPractices, SOURCE_PATTERN, type ImportOptions, type ImportStatus, type ImportSummary } from './practices.import.js';
export {
  countPlacesWithPublishedPractices, countPractices, countPublished, DEFAULT_LIMIT, exportPractices, FILTER_NAMES, getPractice, listPractices, MAX_LIMIT, practiceFacets,
  practicesAtPlace, practicesWithOrganisation, toExchange,
  type FacetCounts, type PracticeList, type PracticeListItem, type PracticeQuery,
} from './practices.service.js';
export type { PracticeFilters, FilterName } from './practices.repository.js';
export { PracticeCard, PracticeCards } from './practices.views.js';
