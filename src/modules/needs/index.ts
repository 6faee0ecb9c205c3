export { needsApi } from './needs.api.js';
export { needsPages } from './needs.pages.js';
export { COLLECTION_OF, NEED_FACETS, NEED_KINDS, todayUtc, type NeedFacet, type NeedKind, type NeedOffer, type NeedProfile } from './needs.domain.js';
export { needStore, offerStore, storeOf as needOfferStore } from './needs.store.js';
export {
  checkNeedOffer, createNeed, createNeedOffer, createOffer, getNeed, getNeedOffer, getOffer, insertNeedOffer, listNeedOffers, listNeeds, listOffers, loadNeedOffer,
  loadNeedOffers, updateNeedOffer, type CheckedNeedOffer, type NeedOfferInput, type NeedOfferQuery,
} from './needs.service.js';
export { COUNTERPART_KINDS, PROPOSAL_WEIGHTS, proposalsFor, scoreCounterpart, type Counterpart, type CounterpartKind, type Proposal, type ProposalFactor } from './needs.proposals.js';
export { explanationText, presentExplanation, presentProposal } from './needs.explain.js';
export { presentNeedOffer, seesContact } from './needs.presenter.js';
export { formFailure, posterChoices, posterNames } from './needs.pages.js';
export { formToInput, readNeedForm, type NeedForm } from './needs.form.js';
export { NeedFormPage, PlainText, Reasons, type FormError, type PosterChoices, type PosterNames } from './needs.views.js';
