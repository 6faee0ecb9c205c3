import { diffLines } from 'diff';
import type { Db } from '../../database.js';
import { actorMemberId, type Actor } from '../../platform/auth/actor.js';
import { recordAudit as writeAudit } from '../accounts/index.js';
import * as repo from './versions.repository.js';
import type { RecordType } from './versions.repository.js';

export type { RecordType };

/** A saved version as the API and the history page show it. */
export interface RecordVersion {
  version: number;
  at: Date;
  memberId: string | null;
  status: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** One line-level change between two versions' JSON: added, removed or unchanged text. */
export interface DiffPart {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

/**
 * What every save of a record does besides the save itself, in the caller's transaction: keep
 * the new version (its API object) and log the change. Before the first save through Pontes of
 * a record an import wrote, the version it had is kept too, so the first diff shows the edit.
 */
export async function recordSave(
  db: Db,
  actor: Actor,
  save: { recordType: RecordType; recordId: string; version: number; status: string | null; note?: string | null; data: unknown; before?: { version: number; status: string | null; data: unknown } | undefined; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  const memberId = actorMemberId(actor);
  if (save.before !== undefined && !(await repo.hasVersion(db, save.recordType, save.recordId, save.before.version))) {
    await repo.insertVersion(db, { recordType: save.recordType, recordId: save.recordId, version: save.before.version, memberId: null, status: save.before.status, note: null, data: save.before.data });
  }
  await repo.insertVersion(db, { recordType: save.recordType, recordId: save.recordId, version: save.version, memberId, status: save.status, note: save.note ?? null, data: save.data });
  await writeAudit(db, { memberId, action: save.action, recordType: save.recordType, recordId: save.recordId, detail: { version: save.version, ...(save.detail ?? {}) } });
}

/** Logs a change that keeps no version (a merge's survivor, say). */
export async function recordAudit(db: Db, actor: Actor, entry: { action: string; recordType: RecordType; recordId: string; detail?: Record<string, unknown> }): Promise<void> {
  await writeAudit(db, { memberId: actorMemberId(actor), ...entry });
}

/** The kept versions of a record, oldest first (the caller checked the actor may see them). */
export async function versionsOf(db: Db, recordType: RecordType, recordId: string): Promise<RecordVersion[]> {
  const rows = await repo.listVersions(db, recordType, recordId);
  return rows.map((row) => ({ ...row, data: row.data }));
}

/** Line diff of two versions' JSON (pretty-printed, keys in a stable order). */
export function diffVersions(older: Record<string, unknown> | null, newer: Record<string, unknown>): DiffPart[] {
  const text = (data: Record<string, unknown> | null) => (data === null ? '' : `${JSON.stringify(sortKeys(data), null, 2)}\n`);
  return diffLines(text(older), text(newer)).map((change) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
