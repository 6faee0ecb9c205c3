export * from './places.domain.js';
export type { PlaceChange } from './places.repository.js';
export { fromAllTheCities, readAllTheCities, REFERENCE_SOURCE, type AllTheCitiesEntry } from './places.reference.js';
export {
  countReferencePlaces, getPlace, getPlacesByIds, loadReferencePlaces, placeNameWords, placeStore, referencePlacesMeta, resolvePlace, searchPlaces,
  type PlaceRef,
} from './places.service.js';
export { presentPlace } from './places.presenter.js';
export { PlaceSchema } from './places.schemas.js';
