export { curationApi } from './curation.api.js';
export { curationPages } from './curation.pages.js';
export { createOrganisation, createPlace, mergeOrganisations, mergePlaces, recordVersions, reviewQueue, updateOrganisation, updatePlace } from './curation.service.js';
