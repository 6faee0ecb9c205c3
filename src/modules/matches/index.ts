export { matchesApi } from './matches.api.js';
export { matchesPages } from './matches.pages.js';
