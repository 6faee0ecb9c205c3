import type { CooperationRecordType, Db } from '../../database.js';

export type RecordType = 'practice' | 'place' | 'organisation' | CooperationRecordType;

/** Keeps one saved version of a record: its API object as JSON, who saved it, its state, a note. */
export async function insertVersion(
  db: Db,
  version: { recordType: RecordType; recordId: string; version: number; memberId: string | null; status: string | null; note: string | null; data: unknown },
): Promise<void> {
  await db
    .insertInto('recordVersions')
    .values({ ...version, data: JSON.stringify(version.data) })
    .onConflict((oc) => oc.columns(['recordType', 'recordId', 'version']).doNothing())
    .execute();
}

export async function hasVersion(db: Db, recordType: RecordType, recordId: string, version: number): Promise<boolean> {
  const row = await db
    .selectFrom('recordVersions')
    .select('version')
    .where('recordType', '=', recordType)
    .where('recordId', '=', recordId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every kept version of a record, oldest first. */
export async function listVersions(db: Db, recordType: RecordType, recordId: string) {
  return db
    .selectFrom('recordVersions')
    .select(['version', 'memberId', 'at', 'status', 'note', 'data'])
    .where('recordType', '=', recordType)
    .where('recordId', '=', recordId)
    .orderBy('version')
    .execute();
}
