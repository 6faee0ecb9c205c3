export { partnershipsApi } from './partnerships.api.js';
export { partnershipsPages } from './partnerships.pages.js';
