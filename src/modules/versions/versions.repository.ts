import type { Db } from '../../database.js';

export type RecordType = 'practice' | 'place' | 'organisation';

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

/**
 * One audit_log entry. Transitional: the accounts module's recordAudit replaces this when it
 * lands (same table, same columns).
 */
export async function insertAudit(
  db: Db,
  entry: { memberId: string | null; action: string; recordType: RecordType; recordId: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({ memberId: entry.memberId, action: entry.action, recordType: entry.recordType, recordId: entry.recordId, subjectKey: null, ip: null, detail: JSON.stringify(entry.detail ?? {}) })
    .execute();
}
