import type { Db } from '../../database.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import { presentIndicator } from './results.presenter.js';
import { loadIndicators } from './results.read.js';
import * as repo from './results.repository.js';

/**
 * Where an indicator stands for the lifecycle service. It has no lifecycle status, only its
 * publication. Its ties: who created it, its owner organisation, and the places and
 * organisations of its partnership's parties or its programme's place. An indicator of a
 * deleted partnership counts as deleted (it left with its partnership).
 */
export async function indicatorHead(db: Db, id: string): Promise<RecordHead | undefined> {
  const row = await repo.headRow(db, id);
  if (row === undefined) return undefined;
  const parties = row.partnershipId !== null ? await repo.partiesOf(db, row.partnershipId) : [];
  return {
    id: row.id,
    title: row.title,
    status: null,
    publication: row.publication,
    deleted: row.deletedAt !== null || row.partnershipDeletedAt !== null,
    version: row.version,
    ties: tiesOf(row, [row.programmePlaceId, ...parties.map((p) => p.placeId)], parties.map((p) => p.organisationId)),
  };
}

/** The lifecycle store of indicators (publication, history, versions); its snapshot is the API object. */
export const indicatorStore: CooperationStore = {
  type: 'indicator',
  table: 'indicators',
  lifecycle: undefined,
  head: indicatorHead,
  async snapshot(db: Db, id: string) {
    const [indicator] = await loadIndicators(db, OPERATOR, [id]);
    if (indicator === undefined) throw new Error(`indicator ${id} is not there`);
    return JSON.parse(JSON.stringify(presentIndicator(indicator))) as Record<string, unknown>;
  },
};
