export type { Organisation } from './organisations.domain.js';
export { getOrganisation, getOrganisationsByIds, listOrganisations, resolveOrganisation, type PartnerRef } from './organisations.service.js';
