export { organisationTies, type Organisation } from './organisations.domain.js';
export { organisationStore, getOrganisation, getOrganisationsByIds, listOrganisations, resolveOrganisation, searchOrganisationsByName, type PartnerRef } from './organisations.service.js';
export type { OrganisationChange } from './organisations.repository.js';
export { presentOrganisation } from './organisations.api.js';
export { OrganisationSchema } from './organisations.schemas.js';
