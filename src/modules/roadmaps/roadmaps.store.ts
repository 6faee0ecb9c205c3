import type { Db } from '../../database.js';
import type { RecordTies } from '../../platform/auth/permissions.js';
import { tiesOf, type CooperationStore, type RecordHead } from '../lifecycle/index.js';
import { COMMITMENT_LIFECYCLE } from './roadmaps.domain.js';
import * as repo from './roadmaps.repository.js';

/**
 * The roadmap's ties: who created it, its owner organisation, and the host place and organisers
 * of the event where it was adopted (so the host city's focal point works on it).
 */
export async function roadmapTies(db: Db, row: repo.RoadmapRow): Promise<RecordTies> {
  const event = await repo.eventTies(db, row.eventId);
  return tiesOf(row, event.placeIds, event.organisationIds);
}

/**
 * Roadmaps have no lifecycle status, only a publication (the curation workflow). Their
 * commitments are separate records (commitmentStore) with their own status and version.
 */
export const roadmapStore: CooperationStore = {
  type: 'roadmap',
  table: 'roadmaps',
  lifecycle: undefined,
  async head(db: Db, id: string): Promise<RecordHead | undefined> {
    const row = await repo.roadmapRow(db, id);
    if (row === undefined) return undefined;
    return { id, title: row.title, status: null, publication: row.publication, deleted: row.deletedAt !== null, version: row.version, ties: await roadmapTies(db, row) };
  },
  async snapshot(db: Db, id: string) {
    const row = await repo.roadmapRow(db, id);
    if (row === undefined) throw new Error(`roadmap ${id} is not there`);
    return {
      title: row.title, description: row.description, language: row.language, event_id: row.eventId, adopted_on: row.adoptedOn,
      owner_organisation_id: row.ownerOrganisationId, publication: row.publication,
    };
  },
};

/**
 * A commitment: its own status (COMMITMENT_LIFECYCLE) and version; its publication and deletion
 * are its roadmap's. Its ties are the roadmap's plus its owners' places and organisations, so
 * the owners' focal points may move it and write notes.
 */
export const commitmentStore: CooperationStore = {
  type: 'commitment',
  table: 'commitments',
  lifecycle: COMMITMENT_LIFECYCLE,
  async head(db: Db, id: string): Promise<RecordHead | undefined> {
    const row = await repo.commitmentRow(db, id);
    if (row === undefined) return undefined;
    const roadmap = await repo.roadmapRow(db, row.roadmapId);
    if (roadmap === undefined) return undefined;
    const ties = await roadmapTies(db, roadmap);
    const owners = (await repo.ownersOf(db, [id])).get(id) ?? [];
    return {
      id, title: `${roadmap.title} — ${row.number}. ${row.text.length > 120 ? `${row.text.slice(0, 119)}…` : row.text}`, status: row.status,
      publication: roadmap.publication, deleted: roadmap.deletedAt !== null, version: row.version,
      ties: { ...ties, placeIds: unique([...ties.placeIds, ...owners.map((o) => o.placeId)]), organisationIds: unique([...ties.organisationIds, ...owners.map((o) => o.organisationId)]) },
    };
  },
  async snapshot(db: Db, id: string) {
    const row = await repo.commitmentRow(db, id);
    if (row === undefined) throw new Error(`commitment ${id} is not there`);
    const owners = (await repo.ownersOf(db, [id])).get(id) ?? [];
    return {
      roadmap_id: row.roadmapId, number: row.number, text: row.text, due_on: row.dueOn, status: row.status,
      owners: owners.map((o) => (o.placeId !== null ? { place_id: o.placeId } : { organisation_id: o.organisationId })),
      evidence: row.evidence,
    };
  },
};

function unique(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
