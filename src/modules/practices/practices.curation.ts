import { randomUUID } from 'node:crypto';
import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { actorMemberId, OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { can, canCreate, isCurator, transitionTo, workflowAllows, type Action, type RecordState, type RecordTies } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { countryRegistry } from '../countries/index.js';
import { recordSave, versionsOf, type RecordVersion } from '../versions/index.js';
import type { ExchangePractice, Practice } from './practices.domain.js';
import { checkPracticeRecord, derivePractice } from './practices.import.js';
import { presentPractice } from './practices.presenter.js';
import * as repo from './practices.repository.js';
import { loadPractice, readableCuration, seenBy, toExchange } from './practices.service.js';

/** The source of practices written in Pontes itself (forms and the API); their id is their source id. */
export const OWN_SOURCE = 'pontes';

/** Exchange-format fields a member writes; `id` is Pontes' to choose. */
export type PracticeFields = Omit<Partial<ExchangePractice>, 'id'> & Record<string, unknown>;

/** What a save carries besides the record: whose it is and which version it edited. */
export interface SaveOptions {
  ownerOrganisationId?: string | null | undefined;
  /** The version the client edited (If-Match or the body's `version`); required for edits. */
  version?: number | undefined;
}

/** The refusal of an action the actor may not take on a record it may read: 401 for the public, 403 for a member. */
function refused(actor: Actor, what: string): PontesError {
  return actor.kind === 'public'
    ? new PontesError('UNAUTHENTICATED', { detail: `sign in to ${what}` })
    : new PontesError('FORBIDDEN', { detail: `you may not ${what}` });
}

function invalid(errors: { field?: string; reason: string; value?: string }[]): PontesError {
  return new PontesError('VALIDATION_FAILED', {
    detail: errors.map((e) => `${e.field ?? '(record)'} ${e.reason}`).join('; '),
    errors: errors.map(({ field, reason, value }) => ({ field, reason, ...(value !== undefined ? { value } : {}) })),
  });
}

function stale(current: number, sent: number): PontesError {
  return new PontesError('VERSION_CONFLICT', {
    detail: `the practice was saved by someone else since version ${sent}; it is now at version ${current}. Nothing was changed.`,
    params: { current, sent },
    errors: [{ field: 'version', reason: 'is stale', sent, current }],
  });
}

/** The API object of a practice as a version keeps it (no lineage: that belongs to other records). */
export function practiceSnapshot(practice: Practice): Record<string, unknown> {
  const { adaptedBy: _by, adaptedFromPractice: _from, url: _url, ...data } = presentPractice(practice);
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

/**
 * The owner organisation a save names: one of the member's organisations, unless a curator or
 * an admin (who may give a record to any organisation). Unknown ids are refused like foreign ones.
 */
function checkOwner(actor: Actor, ownerOrganisationId: string | null): void {
  if (ownerOrganisationId === null || isCurator(actor)) return;
  const own = actor.kind === 'member' ? actor.organisationIds : [];
  if (!own.includes(ownerOrganisationId)) {
    throw invalid([{ field: 'owner_organisation_id', reason: 'must be one of your organisations' }]);
  }
}

/**
 * The second id of a request: `adapted_from` names another practice of the same source, which
 * the actor must be able to read (a missing one and a hidden one are refused alike).
 */
async function checkAdaptedFrom(db: Db, actor: Actor, source: string, sourceId: string, adaptedFrom: string | undefined): Promise<void> {
  if (adaptedFrom === undefined) return;
  const id = await repo.findIdBySource(db, source, adaptedFrom);
  const visible = id === undefined ? [] : await repo.summariesByIds(db, [id], seenBy(actor));
  if (visible.length === 0 || adaptedFrom === sourceId) {
    throw invalid([{ field: 'adapted_from', reason: 'names no practice of this collection that you can see', value: adaptedFrom.slice(0, 100) }]);
  }
}

async function checkedRecord(db: Db, value: Record<string, unknown>): Promise<ExchangePractice> {
  const checked = await checkPracticeRecord(db, value);
  if (!checked.ok) throw invalid(checked.errors);
  return checked.record;
}

/** Drops the fields that are not the exchange format's (owner, version), keeping the record. */
function exchangeFields(fields: PracticeFields): Record<string, unknown> {
  const { owner_organisation_id: _o, version: _v, id: _i, ...record } = fields as Record<string, unknown>;
  return record;
}

/**
 * A new practice written by a member: a draft of source `pontes`, created by them, owned by one
 * of their organisations if they say so. Derived like an imported one (derivePractice).
 */
export async function createPractice(db: Db, actor: Actor, fields: PracticeFields, options: SaveOptions = {}): Promise<Practice> {
  if (!canCreate(actor)) throw refused(actor, 'write practices');
  const owner = options.ownerOrganisationId ?? null;
  if (owner !== null && !isUuid(owner)) throw invalid([{ field: 'owner_organisation_id', reason: 'must be one of your organisations' }]);
  checkOwner(actor, owner);
  const id = randomUUID();
  const record = await checkedRecord(db, { ...exchangeFields(fields), id });
  await checkAdaptedFrom(db, actor, OWN_SOURCE, id, record.adapted_from);
  const registry = await countryRegistry(db);
  return db.transaction().execute(async (trx) => {
    const derived = await derivePractice(trx, record, registry);
    await repo.insertPractice(trx, { ...derived.write, id, source: OWN_SOURCE, sourceId: id, status: 'draft', createdBy: actorMemberId(actor), ownerOrganisationId: owner });
    await repo.replaceLinks(trx, id, derived.places, derived.partners);
    await repo.refreshSearchDocuments(trx, [id]);
    const practice = await loadPractice(trx, OPERATOR, id);
    await recordSave(trx, actor, { recordType: 'practice', recordId: id, version: practice.version, status: 'draft', data: practiceSnapshot(practice), action: 'practice.create' });
    return practice;
  });
}

/**
 * Saves an edit of a practice: `fields` replace the record's fields (JSON merge patch: null
 * removes one), from the version the client edited. A stale version changes nothing (409 with
 * the current version); the save, its version row, its audit entry and its search row are one
 * transaction.
 */
export async function updatePractice(db: Db, actor: Actor, id: string, fields: PracticeFields, options: SaveOptions): Promise<Practice> {
  const { row, state, ties } = await readableCuration(db, actor, id);
  if (!can(actor, 'edit', state, ties)) throw refused(actor, `edit this practice while it is ${state}`);
  if (options.version === undefined) {
    throw new PontesError('VERSION_REQUIRED', { detail: `say which version you edited (If-Match: "${row.version}" or "version": ${row.version})`, params: { current: row.version } });
  }
  if (options.version !== row.version) throw stale(row.version, options.version);
  const owner = options.ownerOrganisationId === undefined ? row.ownerOrganisationId : options.ownerOrganisationId;
  if (owner !== row.ownerOrganisationId) {
    if (owner !== null && !isUuid(owner)) throw invalid([{ field: 'owner_organisation_id', reason: 'must be one of your organisations' }]);
    checkOwner(actor, owner);
  }
  const detail = await repo.getPracticeRow(db, row.id);
  const current = toExchange(detail!) as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(exchangeFields(fields))) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  merged.id = row.sourceId;
  const record = await checkedRecord(db, merged);
  if (record.adapted_from !== row.adaptedFrom) await checkAdaptedFrom(db, actor, row.source, row.sourceId, record.adapted_from);
  const registry = await countryRegistry(db);
  const before = await loadPractice(db, OPERATOR, row.id);
  return db.transaction().execute(async (trx) => {
    const derived = await derivePractice(trx, record, registry);
    const version = await repo.updatePracticeContent(trx, row.id, options.version!, { ...derived.write, ownerOrganisationId: owner });
    if (version === undefined) {
      const now = await repo.curationRow(trx, row.id);
      throw stale(now?.version ?? row.version + 1, options.version!);
    }
    await repo.replaceLinks(trx, row.id, derived.places, derived.partners);
    await repo.refreshSearchDocuments(trx, [row.id]);
    const practice = await loadPractice(trx, OPERATOR, row.id);
    await recordSave(trx, actor, {
      recordType: 'practice', recordId: row.id, version, status: practice.state, data: practiceSnapshot(practice), action: 'practice.edit',
      before: { version: before.version, status: before.state, data: practiceSnapshot(before) },
    });
    return practice;
  });
}

/** The workflow states a status change may ask for (deleted: DELETE /practices/{id}). */
export const TARGET_STATES: readonly RecordState[] = ['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'];

/**
 * Moves a practice through the workflow (permissions.ts: TRANSITIONS). In order: 404 when the
 * actor may not read it; 409 when the workflow has no such move from the current state (the
 * state it is in already included); 401/403 when the move exists but is not the actor's to
 * make; 409 when `version` is given and stale. A return to draft keeps the curator's note as
 * the review comment.
 */
export async function changePracticeStatus(
  db: Db, actor: Actor, id: string, change: { status: RecordState; note?: string | undefined; version?: number | undefined },
): Promise<Practice> {
  const { row, state, ties } = await readableCuration(db, actor, id);
  const action: Action | undefined = transitionTo(change.status, state);
  if (action === undefined || !workflowAllows(action, state)) {
    throw new PontesError('TRANSITION_NOT_ALLOWED', {
      detail: `a practice that is ${state} cannot become ${change.status}`,
      params: { from: state, to: change.status },
    });
  }
  if (!can(actor, action, state, ties)) throw refused(actor, `${action} this practice`);
  if (change.version !== undefined && change.version !== row.version) throw stale(row.version, change.version);
  const note = change.note?.trim() === '' ? undefined : change.note?.trim();
  const before = await loadPractice(db, OPERATOR, row.id);
  return db.transaction().execute(async (trx) => {
    const version = await repo.updatePracticeState(trx, row.id, row.version, {
      ...(action === 'delete' ? { deleted: true } : action === 'restore' ? { deleted: false, status: 'draft' } : { status: change.status }),
      ...(action === 'return' ? { reviewComment: note ?? null } : action === 'publish' || action === 'submit' ? { reviewComment: null } : {}),
    });
    if (version === undefined) throw stale(row.version + 1, row.version);
    await repo.refreshSearchDocuments(trx, [row.id]);
    const practice = await loadPractice(trx, OPERATOR, row.id);
    await recordSave(trx, actor, {
      recordType: 'practice', recordId: row.id, version, status: practice.state,
      note: note ?? null, data: practiceSnapshot(practice), action: `practice.${action}`,
      before: { version: before.version, status: before.state, data: practiceSnapshot(before) }, detail: { from: state, to: change.status },
    });
    return practice;
  });
}

/** An admin's soft delete: the practice leaves every list, search and count but admins'. */
export function deletePractice(db: Db, actor: Actor, id: string, version?: number): Promise<Practice> {
  return changePracticeStatus(db, actor, id, { status: 'deleted', version });
}

/** The kept versions of a practice, for those who may see its history (permissions.ts: history). */
export async function practiceVersions(db: Db, actor: Actor, id: string): Promise<{ practice: { id: string; title: string }; versions: RecordVersion[] }> {
  const { row, state, ties } = await readableCuration(db, actor, id);
  if (!can(actor, 'history', state, ties)) throw refused(actor, 'see the history of this practice');
  return { practice: { id: row.id, title: row.title }, versions: await versionsOf(db, 'practice', row.id) };
}

/** Which workflow moves and edits the actor may make on a practice now (for the page's buttons). */
export function practiceActions(actor: Actor, practice: Practice, ties: RecordTies): { edit: boolean; history: boolean; transitions: RecordState[] } {
  const state = practice.state;
  const transitions = TARGET_STATES.filter((target) => {
    const action = transitionTo(target, state);
    return action !== undefined && workflowAllows(action, state) && can(actor, action, state, ties);
  });
  return { edit: can(actor, 'edit', state, ties), history: can(actor, 'history', state, ties), transitions };
}

/** A practice the actor may read, with what it may do to it (for the practice page). */
export async function practiceWithActions(db: Db, actor: Actor, id: string) {
  const { ties } = await readableCuration(db, actor, id);
  const practice = await loadPractice(db, actor, id);
  return { practice, actions: practiceActions(actor, practice, ties) };
}

/** The practice an edit form starts from: its exchange record, if the actor may edit it. */
export async function practiceForEdit(db: Db, actor: Actor, id: string): Promise<{ practice: Practice; record: ExchangePractice }> {
  const { row, state, ties } = await readableCuration(db, actor, id);
  if (!can(actor, 'edit', state, ties)) throw refused(actor, `edit this practice while it is ${state}`);
  const detail = await repo.getPracticeRow(db, row.id);
  return { practice: await loadPractice(db, actor, row.id), record: toExchange(detail!) };
}

/** Practices waiting for a curator (the review queue); curators and admins only. */
export async function practicesAwaitingReview(db: Db, actor: Actor) {
  if (!isCurator(actor)) throw refused(actor, 'see the review queue');
  return repo.practicesAwaitingReview(db, 200);
}
