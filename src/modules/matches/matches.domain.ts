import type { MatchStatus, Publication } from '../../database.js';
import { defineLifecycle } from '../lifecycle/index.js';
import type { CounterpartKind, ProposalFactor } from '../needs/index.js';

export type { MatchStatus };

/**
 * A match's lifecycle: proposed → contacted → accepted or declined; an accepted match becomes
 * partnership_created when the partnership is created from it (POST /api/v1/partnerships
 * {"match_id": …}), never by a status move of its own. Declined and partnership_created are final.
 */
export const matchLifecycle = defineLifecycle<MatchStatus>({
  noun: 'match',
  initial: 'proposed',
  statuses: ['proposed', 'contacted', 'accepted', 'declined', 'partnership_created'],
  moves: { proposed: ['contacted'], contacted: ['accepted', 'declined'], accepted: ['partnership_created'], declined: [], partnership_created: [] },
});

/** A match as stored: a need paired with an offer, a practice or a place, with its score and reasons. */
export interface Match {
  id: string;
  needId: string;
  counterpartKind: CounterpartKind;
  /** The offer's, practice's or place's id. */
  counterpartId: string;
  score: number;
  explanation: ProposalFactor[];
  status: MatchStatus;
  partnershipId: string | null;
  publication: Publication;
  deleted: boolean;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The places and organisations on one side of a match (whose focal points see and move it). */
export interface Side {
  placeIds: string[];
  organisationIds: string[];
}

/** A match with both sides as the reader may see them (pages and the API). */
export interface MatchView extends Match {
  need: {
    id: string;
    title: string;
    placeId: string | null;
    organisationId: string | null;
    contactName: string | null;
    contactEmail: string | null;
    expiresOn: string;
    /** May the reader open the need itself (it may still be a draft of the other side)? */
    readable: boolean;
  };
  counterpart: Side & {
    kind: CounterpartKind;
    id: string;
    /** Null when the reader may not see the counterpart record (a draft practice, say). */
    title: string | null;
    contactName: string | null;
    contactEmail: string | null;
  };
}
