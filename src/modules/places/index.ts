export * from './places.domain.js';
export { readAllTheCities, REFERENCE_SOURCE } from './places.reference.js';
export {
  countReferencePlaces, getPlace, getPlacesByIds, loadReferencePlaces, referencePlacesMeta, resolvePlace, searchPlaces,
  type PlaceRef,
} from './places.service.js';
