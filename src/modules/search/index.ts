export { search, prepareSearch, normaliseQuery, SEARCH_WEIGHTS, SEARCH_TYPES, type SearchResult, type SearchItem } from './search.service.js';
export { analyseQuery, thesaurus, buildThesaurus, conceptCodes, type Concept, type Thesaurus } from './search.thesaurus.js';
export { snippetParts, snippetHtml } from './search.presenter.js';
export { syncSearchConcepts } from './search.repository.js';
