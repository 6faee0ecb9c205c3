export { eventsApi } from './events.api.js';
export { eventsPages } from './events.pages.js';
export { EVENT_KINDS, type EventKind, type EventLearning, type PeerEvent } from './events.domain.js';
export { eventStore } from './events.store.js';
export {
  createEvent, createLearning, eventsOfPartnership, eventsOfPlace, getEvent, learningToPractice, learningsOfEvent, listEvents, updateEvent, upcomingEvents,
  type EventInput, type EventSummary,
} from './events.service.js';
export { presentEvent, presentEventItem, presentLearning } from './events.presenter.js';
export { EventCard, EventCards, formatEventDates } from './events.views.js';
export { EventDetail, EventItem } from './events.schemas.js';
