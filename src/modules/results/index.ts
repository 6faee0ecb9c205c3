export { resultsApi } from './results.api.js';
export { resultsPages } from './results.pages.js';
