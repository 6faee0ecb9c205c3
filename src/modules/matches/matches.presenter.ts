import type { Translate } from '../../platform/i18n/i18n.js';
import { presentExplanation } from '../needs/index.js';
import type { MatchView } from './matches.domain.js';

const COUNTERPART_PATH = { offer: 'offers', practice: 'practices', place: 'places' } as const;

/** A match on the wire (snake_case), its reasons in the reader's language. */
export function presentMatch(match: MatchView, t: Translate, lang: string) {
  return {
    id: match.id,
    need_id: match.needId,
    need: {
      id: match.need.id, title: match.need.title, place_id: match.need.placeId, organisation_id: match.need.organisationId,
      contact_name: match.need.contactName, contact_email: match.need.contactEmail, expires_on: match.need.expiresOn,
      url: match.need.readable ? `/needs/${match.need.id}` : null,
    },
    counterpart: {
      kind: match.counterpart.kind, id: match.counterpart.id, title: match.counterpart.title, url: `/${COUNTERPART_PATH[match.counterpart.kind]}/${match.counterpart.id}`,
      place_ids: match.counterpart.placeIds, organisation_ids: match.counterpart.organisationIds,
      contact_name: match.counterpart.contactName, contact_email: match.counterpart.contactEmail,
    },
    score: Math.round(match.score * 10000) / 10000,
    explanation: presentExplanation(match.explanation, t, lang),
    status: match.status,
    partnership_id: match.partnershipId,
    url: `/matches/${match.id}`,
    publication: match.deleted ? 'deleted' : match.publication,
    version: match.version,
    demo: match.demo,
    created_at: match.createdAt,
    updated_at: match.updatedAt,
  };
}

export { COUNTERPART_PATH };
