import type { Db, Publication } from '../../database.js';
import { PontesError } from '../../errors.js';
import { actorMemberId, type Actor } from '../../platform/auth/actor.js';
import { can, canCreate, transitionTo, workflowAllows, type Action, type RecordState, type RecordTies } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { recordSave, versionsOf, type RecordVersion } from '../versions/index.js';
import { lifecycleAllows, type CooperationRecordType, type Lifecycle, type RecordHead, type StateChange } from './lifecycle.domain.js';
import * as repo from './lifecycle.repository.js';
import type { CooperationTable } from './lifecycle.repository.js';

/**
 * What the lifecycle service needs to know of one kind of record; each module declares one
 * (e.g. partnerships.store.ts) and every state change, creation and guarded edit goes through
 * the functions below, so all records answer alike: 404 unreadable, 409 no such move, 401/403
 * not yours, 428/409 version missing or stale, and each change kept in the timeline, the
 * versions and the audit log in one transaction.
 */
export interface CooperationStore {
  type: CooperationRecordType;
  table: CooperationTable;
  /** The lifecycle of `status`; undefined for records without one. */
  lifecycle?: Lifecycle | undefined;
  /** Where the record stands; undefined when there is no such record. */
  head(db: Db, id: string): Promise<RecordHead | undefined>;
  /** The record's API object as a version keeps it. */
  snapshot(db: Db, id: string): Promise<Record<string, unknown>>;
  /** Refuses a move the lifecycle lists but the record's own rules forbid (throw a PontesError). */
  checkStatus?(db: Db, actor: Actor, head: RecordHead, to: string): Promise<void>;
  /** Runs in the move's transaction after the state is written (e.g. a match's partnership). */
  afterStatus?(db: Db, actor: Actor, head: RecordHead, to: string): Promise<void>;
}

/** The curation state a permission check looks at: the publication, or deleted. */
export function stateOf(head: RecordHead): RecordState {
  return head.deleted ? 'deleted' : head.publication;
}

/** The refusal of an action the actor may not take on a record it may read: 401 for the public, 403 for a member. */
export function refused(actor: Actor, what: string): PontesError {
  return actor.kind === 'public'
    ? new PontesError('UNAUTHENTICATED', { detail: `sign in to ${what}` })
    : new PontesError('FORBIDDEN', { detail: `you may not ${what}` });
}

/** A 400 naming each bad field, the one shape every cooperation record's validation uses. */
export function invalid(errors: { field?: string; reason: string; value?: unknown }[]): PontesError {
  return new PontesError('VALIDATION_FAILED', {
    detail: errors.map((e) => `${e.field ?? '(record)'} ${e.reason}`).join('; '),
    errors: errors.map(({ field, reason, value }) => ({ field, reason, ...(value !== undefined ? { value: String(value).slice(0, 100) } : {}) })),
  });
}

/** The 409 of a save from a version someone else has saved over. */
export function stale(noun: string, current: number, sent: number): PontesError {
  return new PontesError('VERSION_CONFLICT', {
    detail: `the ${noun} was saved by someone else since version ${sent}; it is now at version ${current}. Nothing was changed.`,
    params: { current, sent },
    errors: [{ field: 'version', reason: 'is stale', sent, current }],
  });
}

/** The record, if the actor may read it; 404 otherwise (an unreadable record does not exist for them). */
export async function readableHead(db: Db, actor: Actor, store: CooperationStore, id: string): Promise<RecordHead> {
  const head = isUuid(id) ? await store.head(db, id) : undefined;
  if (head === undefined || !can(actor, 'read', stateOf(head), head.ties)) {
    throw new PontesError('NOT_FOUND', { detail: `no ${store.lifecycle?.noun ?? store.type} ${id.slice(0, 100)}` });
  }
  return head;
}

/** Guards an edit: readable, the actor's to edit in this state, from the current version. */
export async function editableHead(db: Db, actor: Actor, store: CooperationStore, id: string, version: number | undefined): Promise<RecordHead> {
  const head = await readableHead(db, actor, store, id);
  const noun = store.lifecycle?.noun ?? store.type;
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `edit this ${noun} while it is ${stateOf(head)}`);
  if (version === undefined) {
    throw new PontesError('VERSION_REQUIRED', { detail: `say which version you edited (If-Match: "${head.version}" or "version": ${head.version})`, params: { current: head.version } });
  }
  if (version !== head.version) throw stale(noun, head.version, version);
  return head;
}

/** May the actor create cooperation records (members with a write scope, the operator)? */
export function checkCanCreate(actor: Actor, noun: string): void {
  if (!canCreate(actor)) throw refused(actor, `create a ${noun}`);
}

/**
 * What a new record's creation leaves, in the creating transaction: its first timeline entries
 * (publication, and status if it has one), version 1 and the audit entry.
 */
export async function recordCreation(db: Db, actor: Actor, store: CooperationStore, id: string, options: { note?: string | null } = {}): Promise<void> {
  const head = await store.head(db, id);
  if (head === undefined) throw new Error(`recordCreation: ${store.type} ${id} is not there`);
  const memberId = actorMemberId(actor);
  const note = options.note ?? null;
  await repo.insertStateChange(db, { recordType: store.type, recordId: id, field: 'publication', fromValue: null, toValue: head.publication, note, memberId });
  if (head.status !== null) await repo.insertStateChange(db, { recordType: store.type, recordId: id, field: 'status', fromValue: null, toValue: head.status, note: null, memberId });
  await recordSave(db, actor, { recordType: store.type, recordId: id, version: head.version, status: head.status ?? head.publication, data: await store.snapshot(db, id), action: `${store.type}.create` });
}

/**
 * What an edit leaves, in the editing transaction: the new version and the audit entry (the
 * caller wrote the row with `version = version + 1 WHERE version = sent`).
 */
export async function recordEdit(db: Db, actor: Actor, store: CooperationStore, id: string, before: { version: number; data: Record<string, unknown> }): Promise<void> {
  const head = await store.head(db, id);
  if (head === undefined) throw new Error(`recordEdit: ${store.type} ${id} is not there`);
  await recordSave(db, actor, {
    recordType: store.type, recordId: id, version: head.version, status: head.status ?? head.publication, data: await store.snapshot(db, id), action: `${store.type}.edit`,
    before: { version: before.version, status: head.status ?? head.publication, data: before.data },
  });
}

function cleanNote(note: string | undefined): string | null {
  const trimmed = note?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed.slice(0, 5000);
}

/**
 * The checks of a lifecycle move, in the order every record answers them: 404 when the actor
 * may not read it; 409 when the lifecycle has no such move from the current status (the status
 * it is in already included); 401/403 when the move is not the actor's to make; 409 when
 * `version` is given and stale.
 */
async function checkedMove(db: Db, actor: Actor, store: CooperationStore, lifecycle: Lifecycle, id: string, change: { status: string; version?: number | undefined }) {
  const head = await readableHead(db, actor, store, id);
  const from = head.status ?? lifecycle.initial;
  if (!lifecycleAllows(lifecycle, from, change.status)) {
    const allowed = lifecycle.moves[from] ?? [];
    throw new PontesError('TRANSITION_NOT_ALLOWED', {
      detail: `a ${lifecycle.noun} that is ${from} cannot become ${change.status}${allowed.length > 0 ? ` (from ${from}: ${allowed.join(', ')})` : ` (${from} is final)`}`,
      params: { from, to: change.status },
    });
  }
  if (!can(actor, 'status', stateOf(head), head.ties)) throw refused(actor, `change the status of this ${lifecycle.noun}`);
  if (change.version !== undefined && change.version !== head.version) throw stale(lifecycle.noun, head.version, change.version);
  return { head, from };
}

function lifecycleOf(store: CooperationStore): Lifecycle {
  if (store.lifecycle === undefined) throw new Error(`${store.type} has no lifecycle status`);
  return store.lifecycle;
}

/**
 * Moves a record through its lifecycle (`POST /{collection}/{id}/status`): the checks of
 * checkedMove, then the record's own rules (store.checkStatus), then, in one transaction, the
 * change, its timeline entry, its version and its audit entry.
 */
export async function changeStatus(
  db: Db, actor: Actor, store: CooperationStore, id: string, change: { status: string; note?: string | undefined; version?: number | undefined },
): Promise<RecordHead> {
  const { head } = await checkedMove(db, actor, store, lifecycleOf(store), id, change);
  await store.checkStatus?.(db, actor, head, change.status);
  return db.transaction().execute((trx) => changeStatusIn(trx, actor, store, id, change));
}

/**
 * A lifecycle move inside the caller's transaction, without the store's `checkStatus` (the one
 * internal path it refuses from outside: a match becomes partnership_created only when the
 * partnership is created, in the partnership's transaction). The same checks (checkedMove, run
 * again inside the transaction) and the same traces (timeline, version, audit). `write`
 * replaces the plain status update when other columns must change in the same statement (a
 * match's partnership_id, bound to its status by a CHECK); it returns the new version, or
 * undefined when the row is no longer at `expectedVersion`.
 */
export async function changeStatusIn(
  trx: Db, actor: Actor, store: CooperationStore, id: string, change: { status: string; note?: string | undefined; version?: number | undefined },
  write?: (trx: Db, expectedVersion: number) => Promise<number | undefined>,
): Promise<RecordHead> {
  const lifecycle = lifecycleOf(store);
  const { head, from } = await checkedMove(trx, actor, store, lifecycle, id, change);
  const note = cleanNote(change.note);
  const before = await store.snapshot(trx, id);
  const version = write !== undefined ? await write(trx, head.version) : await repo.updateState(trx, store.table, id, head.version, { status: change.status });
  if (version === undefined) throw stale(lifecycle.noun, head.version + 1, head.version);
  await repo.insertStateChange(trx, { recordType: store.type, recordId: id, field: 'status', fromValue: from, toValue: change.status, note, memberId: actorMemberId(actor) });
  await store.afterStatus?.(trx, actor, head, change.status);
  const after = (await store.head(trx, id))!;
  await recordSave(trx, actor, {
    recordType: store.type, recordId: id, version: after.version, status: change.status, note, data: await store.snapshot(trx, id), action: `${store.type}.status`,
    before: { version: head.version, status: from, data: before }, detail: { from, to: change.status },
  });
  return after;
}

/** The curation states a publication change may ask for (`deleted`: an admin's soft delete). */
export const PUBLICATION_TARGETS: readonly RecordState[] = ['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'];

/**
 * Moves a record through the curation workflow (`POST /{collection}/{id}/publication`), the
 * practices' rules (permissions.ts), with the same order of answers as changeStatus.
 */
export async function changePublication(
  db: Db, actor: Actor, store: CooperationStore, id: string, change: { publication: RecordState; note?: string | undefined; version?: number | undefined },
): Promise<RecordHead> {
  const head = await readableHead(db, actor, store, id);
  const state = stateOf(head);
  const noun = store.lifecycle?.noun ?? store.type;
  const action: Action | undefined = transitionTo(change.publication, state);
  if (action === undefined || !workflowAllows(action, state)) {
    throw new PontesError('TRANSITION_NOT_ALLOWED', { detail: `a ${noun} that is ${state} cannot become ${change.publication}`, params: { from: state, to: change.publication } });
  }
  if (!can(actor, action, state, head.ties)) throw refused(actor, `${action} this ${noun}`);
  if (change.version !== undefined && change.version !== head.version) throw stale(noun, head.version, change.version);
  const note = cleanNote(change.note);
  const before = await store.snapshot(db, id);
  return db.transaction().execute(async (trx) => {
    const write = action === 'delete' ? { deleted: true } : action === 'restore' ? { deleted: false, publication: 'draft' as Publication } : { publication: change.publication as Publication };
    const version = await repo.updateState(trx, store.table, id, head.version, write);
    if (version === undefined) throw stale(noun, head.version + 1, head.version);
    await repo.insertStateChange(trx, { recordType: store.type, recordId: id, field: 'publication', fromValue: state, toValue: change.publication, note, memberId: actorMemberId(actor) });
    const after = (await store.head(trx, id))!;
    await recordSave(trx, actor, {
      recordType: store.type, recordId: id, version: after.version, status: after.status ?? stateOf(after), note, data: await store.snapshot(trx, id), action: `${store.type}.${action}`,
      before: { version: head.version, status: head.status ?? state, data: before }, detail: { from: state, to: change.publication },
    });
    return after;
  });
}

/** A record's timeline (every lifecycle and publication change), for whoever may read it. */
export async function timelineOf(db: Db, actor: Actor, store: CooperationStore, id: string): Promise<StateChange[]> {
  const head = await readableHead(db, actor, store, id);
  return repo.listStateChanges(db, store.type, head.id);
}

/** The kept versions of a record, for those who may see its history. */
export async function versionsOfRecord(db: Db, actor: Actor, store: CooperationStore, id: string): Promise<RecordVersion[]> {
  const head = await readableHead(db, actor, store, id);
  if (!can(actor, 'history', stateOf(head), head.ties)) throw refused(actor, `see the versions of this ${store.lifecycle?.noun ?? store.type}`);
  return versionsOf(db, store.type, head.id);
}

/** What the actor may do to a record now: edit, lifecycle moves, publication moves (the page's buttons). */
export function allowedActions(actor: Actor, store: CooperationStore, head: RecordHead): { edit: boolean; statuses: string[]; publications: RecordState[] } {
  const state = stateOf(head);
  const lifecycle = store.lifecycle;
  const statuses = lifecycle === undefined || !can(actor, 'status', state, head.ties) ? [] : [...(lifecycle.moves[head.status ?? lifecycle.initial] ?? [])];
  const publications = PUBLICATION_TARGETS.filter((target) => {
    const action = transitionTo(target, state);
    return action !== undefined && workflowAllows(action, state) && can(actor, action, state, head.ties);
  });
  return { edit: can(actor, 'edit', state, head.ties), statuses, publications };
}

/** Ties from the curation columns plus the record's own places and organisations. */
export function tiesOf(columns: { createdBy: string | null; ownerOrganisationId: string | null }, placeIds: (string | null)[], organisationIds: (string | null)[]): RecordTies {
  const present = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
  return { createdBy: columns.createdBy, ownerOrganisationId: columns.ownerOrganisationId, placeIds: present(placeIds), organisationIds: present(organisationIds) };
}
