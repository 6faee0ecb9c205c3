export * from './practices.domain.js';
export { deriveModality, type Modality } from './practices.modality.js';
export { practiceSchema, validateExchangeRecord, type LineError } from './practices.exchange.js';
export { PracticeListQuery } from './practices.schemas.js';
export { checkPracticeLines, importPractices, SOURCE_PATTERN, type ImportOptions, type ImportStatus, type ImportSummary } from './practices.import.js';
export {
  countPlacesWithPublishedPractices, countPractices, countPublished, publishedFigures, DEFAULT_LIMIT, exportPractices, FILTER_NAMES, getPractice, listPractices, MAX_LIMIT, practiceFacets, browsePractices,
  practicesAtPlace, practicesWithOrganisation, searchPractices, searchPracticeHits, toExchange, practiceMatchFacts, placesWithPractices, practiceSummaries,
  type PracticeSearchResult,
  type FacetCounts, type PracticeList, type PracticeListItem, type PracticeQuery,
} from './practices.service.js';
export type { PracticeFilters, FilterName, PreparedSearch, SearchConfig, MatchFacts } from './practices.repository.js';
export { SEARCH_CONFIGS, SEARCH_LIMITS, searchPracticeRows, frequencies, headlines, refreshSearchStatistics, sampledCatalogue } from './practices.repository.js';
export { PracticeCard, PracticeCards } from './practices.views.js';
export { presentPracticeItem } from './practices.presenter.js';
export { PracticeItem } from './practices.schemas.js';
export {
  changePracticeStatus, createPractice, deletePractice, OWN_SOURCE, practiceActions, practicesAwaitingReview, practiceVersions, practiceWithActions, updatePractice,
  type PracticeFields, type SaveOptions,
} from './practices.curation.js';
export { practiceIdBySource, refreshPracticesLinkedTo, seenBy, PRACTICE_STATES } from './practices.service.js';
