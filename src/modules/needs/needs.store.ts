import type { Db } from '../../database.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import type { NeedKind, NeedOffer } from './needs.domain.js';
import { presentNeedOffer } from './needs.presenter.js';
import * as repo from './needs.repository.js';
import type { NeedOfferRow } from './needs.repository.js';

/** A row as the domain object (expiry judged against `today`). */
export function toNeedOffer(row: NeedOfferRow, today: string): NeedOffer {
  const { deletedAt, ...rest } = row;
  return { ...rest, deleted: deletedAt !== null, expired: row.expiresOn < today };
}

function storeFor(kind: NeedKind): CooperationStore {
  return {
    type: kind,
    table: 'needsOffers',
    // Needs and offers have no lifecycle status: only their publication moves.
    lifecycle: undefined,
    async head(db: Db, id: string): Promise<RecordHead | undefined> {
      const row = await repo.getNeedOfferRow(db, id);
      // An offer is not a need: /needs/{an offer's id} does not exist.
      if (row === undefined || row.kind !== kind) return undefined;
      return {
        id, title: row.title, status: null, publication: row.publication, deleted: row.deletedAt !== null, version: row.version,
        ties: tiesOf(row, [row.placeId], [row.organisationId]),
      };
    },
    async snapshot(db: Db, id: string) {
      const row = await repo.getNeedOfferRow(db, id);
      if (row === undefined) throw new Error(`no ${kind} ${id}`);
      const { expired: _expired, ...data } = presentNeedOffer(toNeedOffer(row, row.expiresOn), { contact: true });
      return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    },
  };
}

/** The lifecycle module's view of needs (record type `need`) and of offers (`offer`): one table, two stores. */
export const needStore = storeFor('need');
export const offerStore = storeFor('offer');

export function storeOf(kind: NeedKind): CooperationStore {
  return kind === 'need' ? needStore : offerStore;
}
