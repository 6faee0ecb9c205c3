export { needsApi } from './needs.api.js';
export { needsPages } from './needs.pages.js';
