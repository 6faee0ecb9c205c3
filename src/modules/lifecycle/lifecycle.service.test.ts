import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestPontes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import type { Db } from '../../database.js';
import { memberActor, OPERATOR, PUBLIC } from '../../platform/auth/actor.js';
import { defineLifecycle, type RecordHead } from './lifecycle.domain.js';
import { curationColumns } from './lifecycle.repository.js';
import { changePublication, changeStatus, editableHead, recordCreation, tiesOf, timelineOf, type CooperationStore } from './lifecycle.service.js';

// A store over the partnerships table with only what the lifecycle service needs; the
// partnerships module declares the real one.
const lifecycle = defineLifecycle({
  noun: 'partnership', initial: 'idea', statuses: ['idea', 'negotiating', 'signed', 'active', 'completed', 'lapsed'],
  moves: { idea: ['negotiating', 'lapsed'], negotiating: ['signed', 'lapsed'], signed: ['active', 'lapsed'], active: ['completed', 'lapsed'], completed: [], lapsed: [] },
});
const store: CooperationStore = {
  type: 'partnership', table: 'partnerships', lifecycle,
  async head(db: Db, id: string): Promise<RecordHead | undefined> {
    const columns = await curationColumns(db, 'partnerships', id);
    const row = await db.selectFrom('partnerships').select(['title', 'status']).where('id', '=', id).executeTakeFirst();
    if (columns === undefined || row === undefined) return undefined;
    return { id, title: row.title, status: row.status, publication: columns.publication, deleted: columns.deletedAt !== null, version: columns.version, ties: tiesOf(columns, [], []) };
  },
  async snapshot(db: Db, id: string) {
    const row = await db.selectFrom('partnerships').select(['title', 'status', 'publication']).where('id', '=', id).executeTakeFirstOrThrow();
    return { ...row };
  },
};

let pontes: Pontes;
let id: string;
let authorId: string;

beforeAll(async () => {
  pontes = await createTestPontes();
  authorId = (await createMember(pontes, { role: 'member' })).memberId;
  const row = await pontes.db.insertInto('partnerships').values({ title: 'Maputo–Durban', type: 'twinning', createdBy: authorId, documents: '[]' }).returning('id').executeTakeFirstOrThrow();
  id = row.id;
  await pontes.db.transaction().execute((trx) => recordCreation(trx, OPERATOR, store, id));
});
afterAll(() => pontes.close());

describe('the lifecycle service', () => {
  const author = () => memberActor({ memberId: authorId, role: 'member' });

  it('moves a record along its lifecycle and keeps each move in the timeline', async () => {
    const head = await changeStatus(pontes.db, author(), store, id, { status: 'negotiating', note: 'first call held' });
    expect(head.status).toBe('negotiating');
    expect(head.version).toBe(2);
    const timeline = await timelineOf(pontes.db, author(), store, id);
    expect(timeline.map((c) => [c.field, c.from, c.to])).toEqual([['publication', null, 'draft'], ['status', null, 'idea'], ['status', 'idea', 'negotiating']]);
    expect(timeline[2]!.note).toBe('first call held');
  });

  it('refuses a move the lifecycle does not list, and one to the status it is in, with 409 and nothing changed', async () => {
    await expect(changeStatus(pontes.db, author(), store, id, { status: 'completed' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', status: 409 });
    await expect(changeStatus(pontes.db, author(), store, id, { status: 'negotiating' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    await expect(changeStatus(pontes.db, author(), store, id, { status: 'nonsense' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect((await store.head(pontes.db, id))!.version).toBe(2);
  });

  it('hides a draft from the public (404) and refuses a stranger (403) and a stale version (409)', async () => {
    await expect(changeStatus(pontes.db, PUBLIC, store, id, { status: 'signed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const stranger = memberActor({ memberId: (await createMember(pontes, { role: 'member' })).memberId, role: 'member' });
    await expect(changeStatus(pontes.db, stranger, store, id, { status: 'signed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(changeStatus(pontes.db, author(), store, id, { status: 'signed', version: 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(editableHead(pontes.db, author(), store, id, undefined)).rejects.toMatchObject({ code: 'VERSION_REQUIRED' });
  });

  it('keeps publication apart from the lifecycle: publishing leaves the status as it was', async () => {
    for (const step of ['submitted', 'in_review', 'published'] as const) await changePublication(pontes.db, OPERATOR, store, id, { publication: step });
    const head = (await store.head(pontes.db, id))!;
    expect([head.status, head.publication]).toEqual(['negotiating', 'published']);
    await expect(changePublication(pontes.db, OPERATOR, store, id, { publication: 'published' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    // Published: the public reads it but may not move it.
    await expect(changeStatus(pontes.db, PUBLIC, store, id, { status: 'signed' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const versions = await pontes.db.selectFrom('recordVersions').select('version').where('recordType', '=', 'partnership').where('recordId', '=', id).execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
  });
});
