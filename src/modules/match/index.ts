export { matchPlaces, matchPractices, contextSimilarity, MATCH_WEIGHTS, type Explanation, type MatchQuery } from './match.service.js';
export { explanationText } from './match.presenter.js';
