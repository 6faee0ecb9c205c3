export { matchesApi } from './matches.api.js';
export { matchesPages } from './matches.pages.js';
export { matchLifecycle, type Match, type MatchStatus, type MatchView, type Side } from './matches.domain.js';
export { matchStore } from './matches.store.js';
export {
  createMatch, getMatch, learnFromPractice, linkMatchToPartnership, listMatches, matchForPartnership, matchOfPartnership, matchWithActions,
  type MatchForPartnership, type MatchInput, type MatchNotifier, type MatchQuery,
} from './matches.service.js';
