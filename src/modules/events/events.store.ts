import type { Db } from '../../database.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import * as repo from './events.repository.js';
import { eventSnapshot } from './events.service.js';

/**
 * Events in the shared lifecycle service: they have no lifecycle status (an event happens; its
 * record is only curated), so no `lifecycle`. Ties: its creator, owner organisation, host
 * place, the places taking part and its organisers.
 */
export const eventStore: CooperationStore = {
  type: 'event',
  table: 'events',
  async head(db: Db, id: string): Promise<RecordHead | undefined> {
    const head = await repo.eventHead(db, id);
    if (head === undefined) return undefined;
    const { columns } = head;
    return {
      id, title: head.title, status: null, publication: columns.publication, deleted: columns.deletedAt !== null, version: columns.version,
      ties: tiesOf(columns, head.placeIds, head.organisationIds),
    };
  },
  snapshot: (db: Db, id: string) => eventSnapshot(db, id),
};
