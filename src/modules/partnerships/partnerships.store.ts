import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import { practiceSummaries } from '../practices/index.js';
import { contributionTotals, partnershipLifecycle, type Partnership, type PartnershipType } from './partnerships.domain.js';
import { presentPartnership } from './partnerships.presenter.js';
import * as repo from './partnerships.repository.js';

/**
 * A partnership as stored, for a reader the caller has already checked: linked practices are
 * those the actor may see (a draft practice of someone else stays hidden).
 */
export async function loadPartnership(db: Db, actor: Actor, id: string): Promise<Partnership> {
  const row = await repo.getPartnershipRow(db, id);
  if (row === undefined) throw new PontesError('NOT_FOUND', { detail: `no partnership ${id}` });
  const [parties, practiceIds, contributions, matchIds] = await Promise.all([repo.partiesOf(db, [id]), repo.practiceIdsOf(db, id), repo.contributionsOf(db, id), repo.matchIdsOf(db, id)]);
  const practices = (await practiceSummaries(db, actor, practiceIds)).map((practice) => ({ id: practice.id, title: practice.title })).sort((a, b) => a.title.localeCompare(b.title));
  const contributionList = contributions.map((c) => ({ position: c.position, party: c.partyPosition, kind: c.kind, amount: c.amount === null ? null : Number(c.amount), currency: c.currency, description: c.description }));
  const { deletedAt, documents, ...rest } = row;
  return {
    ...rest,
    type: row.type as PartnershipType,
    deleted: deletedAt !== null,
    documents: documents.map((d) => ({ title: d.title, url: d.url, ...(d.date !== undefined ? { date: d.date } : {}) })),
    parties: parties.map(({ partnershipId: _p, ...party }) => party),
    practices,
    contributions: contributionList,
    totals: contributionTotals(contributionList),
    matchIds,
  };
}

/** The lifecycle's view of partnerships: one kind of cooperation record among others (lifecycle module). */
export const partnershipStore: CooperationStore = {
  type: 'partnership',
  table: 'partnerships',
  lifecycle: partnershipLifecycle,
  async head(db: Db, id: string): Promise<RecordHead | undefined> {
    const row = await repo.headRow(db, id);
    if (row === undefined) return undefined;
    return {
      id: row.id, title: row.title, status: row.status, publication: row.publication, deleted: row.deletedAt !== null, version: row.version,
      // Each party's focal points may read, edit and move it (permissions.ts: focal_point).
      ties: tiesOf(row, row.placeIds, row.organisationIds),
    };
  },
  async snapshot(db: Db, id: string) {
    return JSON.parse(JSON.stringify(presentPartnership(await loadPartnership(db, OPERATOR, id)))) as Record<string, unknown>;
  },
};
