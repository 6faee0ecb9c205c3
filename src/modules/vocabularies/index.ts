export { FACETS, codesOf, isCode, vocabularies, type Facet, type VocabularyName } from './vocabularies.js';
