export { roadmapsApi } from './roadmaps.api.js';
export { roadmapsPages } from './roadmaps.pages.js';
