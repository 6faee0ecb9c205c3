export { eventsApi } from './events.api.js';
export { eventsPages } from './events.pages.js';
