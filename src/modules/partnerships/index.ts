export { partnershipsApi } from './partnerships.api.js';
export { partnershipsPages } from './partnerships.pages.js';
export {
  contributionTotals, partnershipLifecycle, PARTNERSHIP_STATUSES, PARTNERSHIP_TYPES, PARTY_ROLES,
  type Contribution, type CurrencyTotal, type Partnership, type PartnershipDocument, type PartnershipListItem, type PartnershipType, type Party,
} from './partnerships.domain.js';
export {
  createPartnership, getPartnership, isCurrencyCode, listPartnerships, partnershipsOfPlace, updatePartnership,
  type PartnershipBody, type PartnershipList, type PartnershipQuery,
} from './partnerships.service.js';
export { partnershipStore } from './partnerships.store.js';
export { presentPartnership, presentPartnershipItem, type PartnershipObject } from './partnerships.presenter.js';
export { PartnershipSchema, PartnershipItem } from './partnerships.schemas.js';
export { PartnershipCard, PartnershipCards } from './partnerships.views.js';
export { registerPartnershipSection, type PartnershipSection } from './partnerships.slots.js';
