export type { Organisation } from './organisations.domain.js';
export { getOrganisation, getOrganisationsByIds, listOrganisations, resolveOrganisation, searchOrganisationsByName, type PartnerRef } from './organisations.service.js';
