import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import { loadNeedOffer, type ProposalFactor } from '../needs/index.js';
import { getPractice } from '../practices/index.js';
import { matchLifecycle, type Match, type Side } from './matches.domain.js';
import * as repo from './matches.repository.js';
import type { MatchRow } from './matches.repository.js';

export function toMatch(row: MatchRow): Match {
  const { deletedAt, offerId, practiceId, placeId, explanation, ...rest } = row;
  return { ...rest, counterpartId: (offerId ?? practiceId ?? placeId)!, explanation: explanation as unknown as ProposalFactor[], deleted: deletedAt !== null };
}

/**
 * The counterpart's side: an offer's place and organisation; a practice's places, partners and
 * owner organisation (as the practice's own ties); a place itself. Read whatever the reader may
 * see (ties decide who sees, so they cannot depend on it).
 */
export async function counterpartSide(db: Db, match: Pick<Match, 'counterpartKind' | 'counterpartId'>): Promise<Side> {
  const present = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
  if (match.counterpartKind === 'offer') {
    const offer = await loadNeedOffer(db, match.counterpartId);
    return { placeIds: present([offer?.placeId ?? null]), organisationIds: present([offer?.organisationId ?? null]) };
  }
  if (match.counterpartKind === 'practice') {
    const practice = await getPractice(db, OPERATOR, match.counterpartId);
    return {
      placeIds: present(practice.places.map((p) => p.placeId)),
      organisationIds: present([...practice.partners.map((p) => p.organisationId), practice.ownerOrganisationId]),
    };
  }
  return { placeIds: [match.counterpartId], organisationIds: [] };
}

async function headOf(db: Db, row: MatchRow): Promise<RecordHead> {
  const match = toMatch(row);
  const [need, side] = await Promise.all([loadNeedOffer(db, row.needId), counterpartSide(db, match)]);
  return {
    id: row.id, title: need?.title ?? row.id, status: row.status, publication: row.publication, deleted: row.deletedAt !== null, version: row.version,
    ties: tiesOf(row, [need?.placeId ?? null, ...side.placeIds], [need?.organisationId ?? null, ...side.organisationIds]),
  };
}

/** What a version keeps of a match (its reasons as factors; sentences are the reader's language). */
export function matchSnapshot(match: Match): Record<string, unknown> {
  return JSON.parse(JSON.stringify({
    id: match.id, need_id: match.needId, counterpart: { kind: match.counterpartKind, id: match.counterpartId }, score: match.score, explanation: match.explanation,
    status: match.status, partnership_id: match.partnershipId, publication: match.deleted ? 'deleted' : match.publication, demo: match.demo,
  })) as Record<string, unknown>;
}

/**
 * The lifecycle module's view of matches. Ties: whoever proposed it, the need's place and
 * organisation, and the counterpart's places and organisations, so both sides' focal points
 * see it and move it.
 */
export const matchStore: CooperationStore = {
  type: 'match',
  table: 'matches',
  lifecycle: matchLifecycle,
  async head(db, id) {
    const row = await repo.getMatchRow(db, id);
    return row === undefined ? undefined : headOf(db, row);
  },
  async snapshot(db, id) {
    const row = await repo.getMatchRow(db, id);
    if (row === undefined) throw new Error(`no match ${id}`);
    return matchSnapshot(toMatch(row));
  },
  // The last move is the partnership's creation, never a status change of its own.
  async checkStatus(_db, _actor, head, to) {
    if (to === 'partnership_created') {
      throw new PontesError('TRANSITION_NOT_ALLOWED', {
        detail: `a match becomes partnership_created when its partnership is created: POST /api/v1/partnerships {"match_id": "${head.id}", …}`,
        params: { from: head.status ?? 'accepted', to },
      });
    }
  },
};
