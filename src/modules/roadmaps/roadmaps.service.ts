import type { Db } from '../../database.js';
import { actorMemberId, type Actor } from '../../platform/auth/actor.js';
import { can, isCurator, visibilityOf, type RecordState } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import {
  allowedActions, changeStatus, checkCanCreate, editableHead, invalid, readableHead, recordCreation, recordEdit, refused, stale, stateOf, timelineOf,
  type RecordHead, type StateChange,
} from '../lifecycle/index.js';
import { recordAudit } from '../versions/index.js';
import {
  isDay, isOverdue, nextDay, progressOf, todayUtc,
  type Commitment, type CommitmentOwner, type Evidence, type Roadmap, type RoadmapEventRef, type RoadmapSummary,
} from './roadmaps.domain.js';
import * as repo from './roadmaps.repository.js';
import { commitmentStore, roadmapStore } from './roadmaps.store.js';

/** A validation problem: the field (API path, e.g. `commitments[2].owners[0]`) and why. */
type Problem = { field?: string; reason: string; value?: unknown };

/** A commitment as the API, the forms and the demo loader write it (snake_case, like the API). */
export interface CommitmentInput {
  text?: unknown;
  owners?: unknown;
  due_on?: unknown;
  evidence?: unknown;
}

/** A roadmap as written; `commitments` only when creating. */
export interface RoadmapInput {
  title?: unknown;
  description?: unknown;
  language?: unknown;
  event_id?: unknown;
  adopted_on?: unknown;
  owner_organisation_id?: unknown;
  commitments?: unknown;
}

interface CheckedCommitment {
  text: string;
  dueOn: string | null;
  evidence: Evidence[];
  owners: { placeId: string | null; organisationId: string | null }[];
}

interface CheckedRoadmap {
  title: string;
  description: string;
  language: string;
  eventId: string;
  adoptedOn: string | null;
  ownerOrganisationId: string | null;
}

const MAX_OWNERS = 20;
const MAX_EVIDENCE = 50;
const MAX_COMMITMENTS = 200;

// Validation ------------------------------------------------------------------------------------

function text(value: unknown, field: string, problems: Problem[], options: { required: boolean; max: number }): string {
  if (value === undefined || value === null) {
    if (options.required) problems.push({ field, reason: 'is required' });
    return '';
  }
  if (typeof value !== 'string') {
    problems.push({ field, reason: 'must be text' });
    return '';
  }
  const trimmed = value.replace(/\r\n?/g, '\n').trim();
  if (options.required && trimmed === '') problems.push({ field, reason: 'must not be empty' });
  if (trimmed.length > options.max) problems.push({ field, reason: `is longer than ${options.max} characters` });
  return trimmed;
}

function day(value: unknown, field: string, problems: Problem[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isDay(value)) {
    problems.push({ field, reason: 'must be a date written YYYY-MM-DD', value });
    return null;
  }
  return value;
}

/** An http(s) URL, or a reason why not (a javascript: or data: link never reaches a page). */
function linkProblem(url: string): string | null {
  if (url.length > 2000) return 'is longer than 2000 characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a full http or https address';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https address (not ${parsed.protocol})`;
  if (parsed.hostname === '') return 'must name a host';
  return null;
}

function evidence(value: unknown, field: string, problems: Problem[]): Evidence[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field, reason: 'must be a list of links' });
    return [];
  }
  if (value.length > MAX_EVIDENCE) problems.push({ field, reason: `holds more than ${MAX_EVIDENCE} links` });
  const links: Evidence[] = [];
  value.slice(0, MAX_EVIDENCE).forEach((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (item === null || typeof item !== 'object') {
      problems.push({ field: at, reason: 'must be {"url", "title"?}' });
      return;
    }
    const { url, title } = item as { url?: unknown; title?: unknown };
    if (typeof url !== 'string' || url.trim() === '') {
      problems.push({ field: `${at}.url`, reason: 'is required' });
      return;
    }
    const problem = linkProblem(url.trim());
    if (problem !== null) problems.push({ field: `${at}.url`, reason: problem, value: url });
    const cleanTitle = text(title, `${at}.title`, problems, { required: false, max: 300 });
    links.push({ url: url.trim(), ...(cleanTitle !== '' ? { title: cleanTitle } : {}) });
  });
  return links;
}

/** Owners as written: each exactly one id; existence is checked by resolveOwners. */
function ownersOf(value: unknown, field: string, problems: Problem[]): { at: string; placeId: string | null; organisationId: string | null }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field, reason: 'must be a list of {"place_id"} or {"organisation_id"}' });
    return [];
  }
  if (value.length > MAX_OWNERS) problems.push({ field, reason: `holds more than ${MAX_OWNERS} owners` });
  const owners: { at: string; placeId: string | null; organisationId: string | null }[] = [];
  value.slice(0, MAX_OWNERS).forEach((item: unknown, i) => {
    const at = `${field}[${i}]`;
    const { place_id: placeId, organisation_id: organisationId } = (item ?? {}) as { place_id?: unknown; organisation_id?: unknown };
    const given = [placeId, organisationId].filter((id) => id !== undefined && id !== null && id !== '');
    if (item === null || typeof item !== 'object' || given.length !== 1) {
      problems.push({ field: at, reason: 'must name exactly one of place_id, organisation_id' });
      return;
    }
    const id = given[0];
    if (typeof id !== 'string' || !isUuid(id)) {
      problems.push({ field: at, reason: `names no ${placeId !== undefined && placeId !== null && placeId !== '' ? 'place' : 'organisation'} (not an id)`, value: id });
      return;
    }
    owners.push({ at, placeId: typeof placeId === 'string' && placeId !== '' ? placeId : null, organisationId: typeof organisationId === 'string' && organisationId !== '' ? organisationId : null });
  });
  return owners;
}

/**
 * Checks that every owner exists (a merged place or organisation stands for the one it was
 * merged into) and names none twice; the problems name the owner's index.
 */
async function resolveOwners(db: Db, owners: { at: string; placeId: string | null; organisationId: string | null }[], problems: Problem[]) {
  const places = await repo.existingPlaces(db, owners.flatMap((o) => (o.placeId !== null ? [o.placeId] : [])));
  const organisations = await repo.existingOrganisations(db, owners.flatMap((o) => (o.organisationId !== null ? [o.organisationId] : [])));
  const seen = new Set<string>();
  const resolved: { placeId: string | null; organisationId: string | null }[] = [];
  for (const owner of owners) {
    const kind = owner.placeId !== null ? 'place' : 'organisation';
    const id = (owner.placeId ?? owner.organisationId)!;
    const found = kind === 'place' ? places.get(id) : organisations.get(id);
    if (found === undefined) {
      problems.push({ field: owner.at, reason: `names no ${kind} (no ${kind} has the id ${id})`, value: id });
      continue;
    }
    const survivor = found ?? id;
    const key = `${kind}:${survivor}`;
    if (seen.has(key)) {
      problems.push({ field: owner.at, reason: `names the same ${kind} twice` });
      continue;
    }
    seen.add(key);
    resolved.push(kind === 'place' ? { placeId: survivor, organisationId: null } : { placeId: null, organisationId: survivor });
  }
  return resolved;
}

async function checkCommitment(db: Db, input: CommitmentInput, prefix: string, adoptedOn: string | null, problems: Problem[]): Promise<CheckedCommitment> {
  const before = problems.length;
  const checked = {
    text: text(input.text, `${prefix}text`, problems, { required: true, max: 5000 }),
    dueOn: day(input.due_on, `${prefix}due_on`, problems),
    evidence: evidence(input.evidence, `${prefix}evidence`, problems),
    owners: await resolveOwners(db, ownersOf(input.owners, `${prefix}owners`, problems), problems),
  };
  if (problems.length === before && checked.dueOn !== null && adoptedOn !== null && checked.dueOn < adoptedOn) {
    problems.push({ field: `${prefix}due_on`, reason: `is before the roadmap was adopted (${adoptedOn})`, value: checked.dueOn });
  }
  return checked;
}

/**
 * The owner organisation a save names: one of the member's organisations, unless a curator or
 * an admin (who may give a record to any existing organisation).
 */
async function checkOwnerOrganisation(db: Db, actor: Actor, value: unknown, problems: Problem[]): Promise<string | null> {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isUuid(value)) {
    problems.push({ field: 'owner_organisation_id', reason: 'must be one of your organisations' });
    return null;
  }
  if (isCurator(actor)) {
    if ((await repo.existingOrganisations(db, [value])).size === 0) problems.push({ field: 'owner_organisation_id', reason: 'names no organisation' });
    return value;
  }
  if (actor.kind !== 'member' || !actor.organisationIds.includes(value)) problems.push({ field: 'owner_organisation_id', reason: 'must be one of your organisations' });
  return value;
}

async function checkRoadmap(db: Db, actor: Actor, input: RoadmapInput, current: CheckedRoadmap | null, problems: Problem[]): Promise<CheckedRoadmap> {
  const has = (key: keyof RoadmapInput) => input[key] !== undefined || current === null;
  const title = has('title') ? text(input.title, 'title', problems, { required: true, max: 300 }) : current!.title;
  const description = has('description') ? text(input.description, 'description', problems, { required: false, max: 20000 }) : current!.description;
  let language = current?.language ?? 'en';
  if (input.language !== undefined && input.language !== null) {
    if (typeof input.language !== 'string' || !/^[a-z]{2,3}$/.test(input.language)) problems.push({ field: 'language', reason: 'must be an ISO 639 code such as en, fr, es, pt', value: input.language });
    else language = input.language;
  }
  let eventId = current?.eventId ?? '';
  if (has('event_id')) {
    if (input.event_id === undefined || input.event_id === null || input.event_id === '') problems.push({ field: 'event_id', reason: 'is required: the event where the roadmap was adopted' });
    else if (typeof input.event_id !== 'string' || !isUuid(input.event_id) || (await repo.liveEvent(db, input.event_id)) === undefined) {
      problems.push({ field: 'event_id', reason: 'names no event (it does not exist or was deleted)', value: input.event_id });
    } else eventId = input.event_id;
  }
  const adoptedOn = has('adopted_on') ? day(input.adopted_on, 'adopted_on', problems) : current!.adoptedOn;
  const ownerOrganisationId = input.owner_organisation_id !== undefined ? await checkOwnerOrganisation(db, actor, input.owner_organisation_id, problems) : (current?.ownerOrganisationId ?? null);
  return { title, description, language, eventId, adoptedOn, ownerOrganisationId };
}

// Reading ---------------------------------------------------------------------------------------

async function loadCommitments(db: Db, rows: repo.CommitmentRow[], roadmaps: Map<string, repo.RoadmapRow>, today: string): Promise<Commitment[]> {
  const ids = rows.map((row) => row.id);
  const owners = await repo.ownersOf(db, ids);
  const notes = await repo.notesOf(db, ids);
  return rows.map((row) => {
    const roadmap = roadmaps.get(row.roadmapId)!;
    return {
      id: row.id, roadmapId: row.roadmapId, roadmapTitle: roadmap.title, number: row.number, text: row.text,
      owners: owners.get(row.id) ?? [], dueOn: row.dueOn, status: row.status, overdue: isOverdue(row, today),
      evidence: row.evidence, notes: notes.get(row.id) ?? [], publication: roadmap.publication, version: row.version, demo: row.demo,
      createdAt: row.createdAt, updatedAt: row.updatedAt,
    };
  });
}

function summaryOf(row: repo.RoadmapRow, event: RoadmapEventRef | null, commitments: { dueOn: string | null; status: Commitment['status'] }[], today: string): RoadmapSummary {
  return {
    id: row.id, title: row.title, description: row.description, language: row.language, eventId: row.eventId, event,
    adoptedOn: row.adoptedOn, publication: row.publication, deleted: row.deletedAt !== null, version: row.version, createdBy: row.createdBy,
    ownerOrganisationId: row.ownerOrganisationId, demo: row.demo, createdAt: row.createdAt, updatedAt: row.updatedAt,
    progress: progressOf(commitments, today),
  };
}

async function loadRoadmap(db: Db, id: string, today: string): Promise<Roadmap> {
  const row = await repo.roadmapRow(db, id);
  if (row === undefined) throw new Error(`roadmap ${id} is not there`);
  const events = await repo.eventsByIds(db, row.eventId !== null ? [row.eventId] : []);
  const commitments = await loadCommitments(db, await repo.commitmentRowsOf(db, [id]), new Map([[id, row]]), today);
  return { ...summaryOf(row, row.eventId !== null ? (events.get(row.eventId) ?? null) : null, commitments, today), commitments };
}

async function summaries(db: Db, rows: repo.RoadmapRow[], today: string): Promise<RoadmapSummary[]> {
  const events = await repo.eventsByIds(db, rows.flatMap((row) => (row.eventId !== null ? [row.eventId] : [])));
  const commitments = await repo.commitmentRowsOf(db, rows.map((row) => row.id));
  return rows.map((row) => summaryOf(row, row.eventId !== null ? (events.get(row.eventId) ?? null) : null, commitments.filter((c) => c.roadmapId === row.id), today));
}

/** A roadmap with its commitments (by number) and progress, if the actor may read it (404 otherwise). */
export async function getRoadmap(db: Db, actor: Actor, id: string, today: string = todayUtc()): Promise<Roadmap> {
  const head = await readableHead(db, actor, roadmapStore, id);
  return loadRoadmap(db, head.id, today);
}

/** Roadmaps the actor may read, newest adoption first, with their progress (not their commitments). */
export async function listRoadmaps(
  db: Db, actor: Actor, filters: { event_id?: string | undefined; overdue?: boolean | undefined } = {}, paging: { limit?: number | undefined; offset?: number | undefined } = {}, today: string = todayUtc(),
): Promise<{ items: RoadmapSummary[]; total: number; limit: number; offset: number }> {
  const limit = Math.min(Math.max(paging.limit ?? 20, 1), 100);
  const offset = Math.max(paging.offset ?? 0, 0);
  if (filters.event_id !== undefined && !isUuid(filters.event_id)) return { items: [], total: 0, limit, offset };
  const { rows, total } = await repo.listRoadmapRows(db, visibilityOf(actor), { eventId: filters.event_id, overdueOn: filters.overdue === true ? today : undefined }, { limit, offset });
  return { items: await summaries(db, rows, today), total, limit, offset };
}

/** The roadmaps adopted at an event that the actor may read (for the event's page). */
export async function roadmapsOfEvent(db: Db, actor: Actor, eventId: string, today: string = todayUtc()): Promise<RoadmapSummary[]> {
  if (!isUuid(eventId)) return [];
  const ids = await repo.roadmapIdsOfEvent(db, visibilityOf(actor), eventId);
  const rows = await repo.roadmapRowsByIds(db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return summaries(db, ids.map((id) => byId.get(id)!), today);
}

/** A commitment with its owners, evidence and notes, if the actor may read it (404 otherwise). */
export async function getCommitment(db: Db, actor: Actor, id: string, today: string = todayUtc()): Promise<Commitment> {
  const head = await readableHead(db, actor, commitmentStore, id);
  return loadCommitment(db, head.id, today);
}

async function loadCommitment(db: Db, id: string, today: string): Promise<Commitment> {
  const row = await repo.commitmentRow(db, id);
  const roadmap = row === undefined ? undefined : await repo.roadmapRow(db, row.roadmapId);
  if (row === undefined || roadmap === undefined) throw new Error(`commitment ${id} is not there`);
  return (await loadCommitments(db, [row], new Map([[roadmap.id, roadmap]]), today))[0]!;
}

/**
 * The overdue commitments a place or an organisation answers for, that the actor may read
 * (their roadmap is visible to them, or they are focal point of an owner): for the owners' pages.
 */
export async function overdueCommitmentsOf(db: Db, actor: Actor, owner: { placeId?: string; organisationId?: string }, today: string = todayUtc()): Promise<Commitment[]> {
  if ((owner.placeId !== undefined && !isUuid(owner.placeId)) || (owner.organisationId !== undefined && !isUuid(owner.organisationId))) return [];
  if (owner.placeId === undefined && owner.organisationId === undefined) return [];
  const ids = await repo.overdueCommitmentIds(db, visibilityOf(actor), owner, today);
  const rows = await repo.commitmentRowsByIds(db, ids);
  const roadmaps = await repo.roadmapRowsByIds(db, [...new Set(rows.map((row) => row.roadmapId))]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return loadCommitments(db, ids.map((id) => byId.get(id)!), new Map(roadmaps.map((r) => [r.id, r])), today);
}

// Writing ---------------------------------------------------------------------------------------

async function insertCommitment(trx: Db, actor: Actor, roadmapId: string, number: number, commitment: CheckedCommitment, demo: boolean): Promise<string> {
  const id = await repo.insertCommitment(trx, { roadmapId, number, text: commitment.text, dueOn: commitment.dueOn, evidence: commitment.evidence, demo });
  await repo.replaceOwners(trx, id, commitment.owners);
  await recordCreation(trx, actor, commitmentStore, id);
  return id;
}

/**
 * A new roadmap (a draft, created by the actor) adopted at an event, with the commitments the
 * body lists, numbered 1..n in their order, in one transaction. Every problem of the body,
 * its commitments' included, is reported at once (400) and nothing is written.
 */
export async function createRoadmap(db: Db, actor: Actor, body: RoadmapInput, options: { demo?: boolean; today?: string } = {}): Promise<Roadmap> {
  checkCanCreate(actor, 'roadmap');
  const problems: Problem[] = [];
  const roadmap = await checkRoadmap(db, actor, body, null, problems);
  const commitments: CheckedCommitment[] = [];
  if (body.commitments !== undefined && body.commitments !== null) {
    if (!Array.isArray(body.commitments)) problems.push({ field: 'commitments', reason: 'must be a list' });
    else if (body.commitments.length > MAX_COMMITMENTS) problems.push({ field: 'commitments', reason: `holds more than ${MAX_COMMITMENTS} commitments` });
    else {
      for (const [i, input] of (body.commitments as unknown[]).entries()) {
        if (input === null || typeof input !== 'object') problems.push({ field: `commitments[${i}]`, reason: 'must be an object' });
        else commitments.push(await checkCommitment(db, input as CommitmentInput, `commitments[${i}].`, roadmap.adoptedOn, problems));
      }
    }
  }
  if (problems.length > 0) throw invalid(problems);
  const demo = options.demo === true;
  const id = await db.transaction().execute(async (trx) => {
    const roadmapId = await repo.insertRoadmap(trx, { ...roadmap, createdBy: actorMemberId(actor), demo });
    await recordCreation(trx, actor, roadmapStore, roadmapId);
    for (const [i, commitment] of commitments.entries()) await insertCommitment(trx, actor, roadmapId, i + 1, commitment, demo);
    return roadmapId;
  });
  return loadRoadmap(db, id, options.today ?? todayUtc());
}

function currentRoadmap(row: repo.RoadmapRow): CheckedRoadmap {
  return { title: row.title, description: row.description, language: row.language, eventId: row.eventId ?? '', adoptedOn: row.adoptedOn, ownerOrganisationId: row.ownerOrganisationId };
}

/**
 * Edits a roadmap's own fields (commitments have their own routes) from the version the client
 * edited: 428 without it, 409 when stale, 400 naming each bad field; nothing changed on refusal.
 */
export async function updateRoadmap(db: Db, actor: Actor, id: string, patch: RoadmapInput, version: number | undefined, today: string = todayUtc()): Promise<Roadmap> {
  const head = await editableHead(db, actor, roadmapStore, id, version);
  const row = (await repo.roadmapRow(db, head.id))!;
  const problems: Problem[] = [];
  if (patch.commitments !== undefined) problems.push({ field: 'commitments', reason: 'are added with POST /roadmaps/{id}/commitments and edited one by one' });
  const { commitments: _ignored, ...fields } = patch;
  const checked = await checkRoadmap(db, actor, fields, currentRoadmap(row), problems);
  if (checked.ownerOrganisationId === row.ownerOrganisationId) {
    // Keeping the owner it has is no claim to it (a curator may have given it).
    const index = problems.findIndex((p) => p.field === 'owner_organisation_id');
    if (index >= 0) problems.splice(index, 1);
  }
  if (checked.adoptedOn !== null && checked.adoptedOn !== row.adoptedOn) {
    const early = (await repo.commitmentRowsOf(db, [row.id])).find((c) => c.dueOn !== null && c.dueOn < checked.adoptedOn!);
    if (early !== undefined) problems.push({ field: 'adopted_on', reason: `is after the due date of commitment ${early.number} (${early.dueOn})`, value: checked.adoptedOn });
  }
  if (problems.length > 0) throw invalid(problems);
  const before = await roadmapStore.snapshot(db, row.id);
  await db.transaction().execute(async (trx) => {
    const saved = await repo.updateRoadmapContent(trx, row.id, head.version, checked);
    if (saved === undefined) throw stale('roadmap', head.version + 1, head.version);
    await recordEdit(trx, actor, roadmapStore, row.id, { version: head.version, data: before });
  });
  return loadRoadmap(db, row.id, today);
}

/**
 * Adds a commitment to a roadmap, numbered after the last one (the roadmap's row is locked, so
 * two additions at once get two numbers). Those who may edit the roadmap may add to it.
 */
export async function addCommitment(db: Db, actor: Actor, roadmapId: string, body: CommitmentInput, options: { demo?: boolean; today?: string } = {}): Promise<Commitment> {
  const head = await readableHead(db, actor, roadmapStore, roadmapId);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `add commitments to this roadmap while it is ${stateOf(head)}`);
  const row = (await repo.roadmapRow(db, head.id))!;
  const problems: Problem[] = [];
  const commitment = await checkCommitment(db, body, '', row.adoptedOn, problems);
  if (problems.length > 0) throw invalid(problems);
  const id = await db.transaction().execute(async (trx) => {
    await repo.lockRoadmap(trx, head.id);
    return insertCommitment(trx, actor, head.id, await repo.nextCommitmentNumber(trx, head.id), commitment, options.demo ?? row.demo);
  });
  return loadCommitment(db, id, options.today ?? todayUtc());
}

/**
 * Edits a commitment's text, owners, due date or evidence (fields given replace the stored
 * ones) from the version the client edited; its status moves through POST …/status.
 */
export async function updateCommitment(db: Db, actor: Actor, id: string, patch: CommitmentInput & { status?: unknown }, version: number | undefined, today: string = todayUtc()): Promise<Commitment> {
  const head = await editableHead(db, actor, commitmentStore, id, version);
  const row = (await repo.commitmentRow(db, head.id))!;
  const roadmap = (await repo.roadmapRow(db, row.roadmapId))!;
  const problems: Problem[] = [];
  if (patch.status !== undefined) problems.push({ field: 'status', reason: 'moves through POST /commitments/{id}/status (its timeline keeps each move)' });
  const current = await commitmentStore.snapshot(db, row.id);
  const merged: CommitmentInput = {
    text: patch.text !== undefined ? patch.text : row.text,
    due_on: patch.due_on !== undefined ? patch.due_on : row.dueOn,
    evidence: patch.evidence !== undefined ? patch.evidence : row.evidence,
    owners: patch.owners !== undefined ? patch.owners : current.owners,
  };
  const checked = await checkCommitment(db, merged, '', roadmap.adoptedOn, problems);
  if (problems.length > 0) throw invalid(problems);
  await db.transaction().execute(async (trx) => {
    const saved = await repo.updateCommitmentContent(trx, row.id, head.version, { text: checked.text, dueOn: checked.dueOn, evidence: checked.evidence });
    if (saved === undefined) throw stale('commitment', head.version + 1, head.version);
    await repo.replaceOwners(trx, row.id, checked.owners);
    await recordEdit(trx, actor, commitmentStore, row.id, { version: head.version, data: current });
  });
  return loadCommitment(db, row.id, today);
}

/**
 * Moves a commitment through its lifecycle (COMMITMENT_LIFECYCLE): the lifecycle service's
 * answers (404, 409 no such move or the status it is in, 401/403, 409 stale).
 */
export async function moveCommitment(db: Db, actor: Actor, id: string, change: { status: string; note?: string | undefined; version?: number | undefined }, today: string = todayUtc()): Promise<Commitment> {
  const head = await changeStatus(db, actor, commitmentStore, id, change);
  return loadCommitment(db, head.id, today);
}

/**
 * A dated follow-up note on a commitment, by those who may move it (its roadmap's people, its
 * owners' focal points, curators). Notes are added, never edited: they do not change the
 * commitment's version, so no version is asked for.
 */
export async function addCommitmentNote(db: Db, actor: Actor, id: string, body: { text?: unknown; noted_on?: unknown }, today: string = todayUtc()): Promise<Commitment> {
  const head = await readableHead(db, actor, commitmentStore, id);
  if (!can(actor, 'status', stateOf(head), head.ties)) throw refused(actor, 'write notes on this commitment');
  const problems: Problem[] = [];
  const noteText = text(body.text, 'text', problems, { required: true, max: 5000 });
  const notedOn = day(body.noted_on, 'noted_on', problems) ?? today;
  if (problems.length === 0 && notedOn > nextDay(today)) problems.push({ field: 'noted_on', reason: 'is in the future', value: notedOn });
  if (problems.length > 0) throw invalid(problems);
  await db.transaction().execute(async (trx) => {
    await repo.insertNote(trx, { commitmentId: head.id, notedOn, text: noteText, memberId: actorMemberId(actor) });
    await recordAudit(trx, actor, { action: 'commitment.note', recordType: 'commitment', recordId: head.id, detail: { noted_on: notedOn } });
  });
  return loadCommitment(db, head.id, today);
}

// For pages ---------------------------------------------------------------------------------------

/** What the actor may do to one commitment now (its row's forms). */
export interface CommitmentActions {
  edit: boolean;
  statuses: string[];
  note: boolean;
}

/** A commitment's head from its roadmap's and its owners, without asking the database again. */
function commitmentHead(roadmap: RecordHead, commitment: Commitment): RecordHead {
  const placeIds = [...new Set([...roadmap.ties.placeIds, ...commitment.owners.flatMap((o) => (o.placeId !== null ? [o.placeId] : []))])];
  const organisationIds = [...new Set([...roadmap.ties.organisationIds, ...commitment.owners.flatMap((o) => (o.organisationId !== null ? [o.organisationId] : []))])];
  return { ...roadmap, id: commitment.id, title: commitment.text, status: commitment.status, version: commitment.version, ties: { ...roadmap.ties, placeIds, organisationIds } };
}

function commitmentActions(actor: Actor, head: RecordHead): CommitmentActions {
  const allowed = allowedActions(actor, commitmentStore, head);
  return { edit: allowed.edit, statuses: allowed.statuses, note: can(actor, 'status', stateOf(head), head.ties) };
}

/** The roadmap page: the roadmap, what the actor may do to it and to each commitment, its timeline. */
export async function roadmapForPage(db: Db, actor: Actor, id: string, today: string = todayUtc()) {
  const head = await readableHead(db, actor, roadmapStore, id);
  const roadmap = await loadRoadmap(db, head.id, today);
  const actions = allowedActions(actor, roadmapStore, head);
  const commitmentActionsById = new Map(roadmap.commitments.map((c) => [c.id, commitmentActions(actor, commitmentHead(head, c))]));
  const timeline: StateChange[] = await timelineOf(db, actor, roadmapStore, head.id);
  return { roadmap, head, actions, addCommitment: actions.edit, commitmentActions: commitmentActionsById, history: can(actor, 'history', stateOf(head), head.ties), timeline };
}

/** The commitment page: the commitment, its roadmap's title, what the actor may do, its timeline. */
export async function commitmentForPage(db: Db, actor: Actor, id: string, today: string = todayUtc()) {
  const head = await readableHead(db, actor, commitmentStore, id);
  const commitment = await loadCommitment(db, head.id, today);
  return {
    commitment, head, actions: commitmentActions(actor, head), publication: stateOf(head) as RecordState,
    history: can(actor, 'history', stateOf(head), head.ties), timeline: await timelineOf(db, actor, commitmentStore, head.id),
  };
}

/** The roadmap an edit form starts from, if the actor may edit it. */
export async function roadmapForEdit(db: Db, actor: Actor, id: string): Promise<Roadmap> {
  const head = await readableHead(db, actor, roadmapStore, id);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `edit this roadmap while it is ${stateOf(head)}`);
  return loadRoadmap(db, head.id, todayUtc());
}

/** The roadmap a new commitment goes into, if the actor may add to it. */
export async function roadmapForNewCommitment(db: Db, actor: Actor, id: string): Promise<Roadmap> {
  const head = await readableHead(db, actor, roadmapStore, id);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `add commitments to this roadmap while it is ${stateOf(head)}`);
  return loadRoadmap(db, head.id, todayUtc());
}

/** The commitment an edit form starts from, if the actor may edit it. */
export async function commitmentForEdit(db: Db, actor: Actor, id: string): Promise<Commitment> {
  const head = await readableHead(db, actor, commitmentStore, id);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `edit this commitment while its roadmap is ${stateOf(head)}`);
  return loadCommitment(db, head.id, todayUtc());
}

/** The events a roadmap form offers (those the actor may see), newest first. */
export async function eventChoices(db: Db, actor: Actor): Promise<RoadmapEventRef[]> {
  return repo.eventChoices(db, visibilityOf(actor));
}

/**
 * The owners a commitment form offers as check boxes: the event's host place, participating
 * places and organisers, and whoever owns another commitment of the roadmap (places and
 * organisations are public records: no permission is involved).
 */
export async function ownerChoices(db: Db, roadmapId: string): Promise<CommitmentOwner[]> {
  const row = await repo.roadmapRow(db, roadmapId);
  if (row === undefined) return [];
  const parties = row.eventId !== null ? await repo.eventParties(db, row.eventId) : { placeIds: [], organisationIds: [] };
  const owners = [...(await repo.ownersOf(db, (await repo.commitmentRowsOf(db, [row.id])).map((c) => c.id))).values()].flat();
  const placeIds = [...new Set([...parties.placeIds, ...owners.flatMap((o) => (o.placeId !== null ? [o.placeId] : []))])];
  const organisationIds = [...new Set([...parties.organisationIds, ...owners.flatMap((o) => (o.organisationId !== null ? [o.organisationId] : []))])];
  const named = await repo.ownerNames(db, { placeIds, organisationIds });
  return named.sort((a, b) => a.name.localeCompare(b.name));
}

/** The reminders the daily job recorded for a commitment (for its page, to those who work on it). */
export async function remindersOfCommitment(db: Db, actor: Actor, id: string) {
  const head = await readableHead(db, actor, commitmentStore, id);
  if (!can(actor, 'history', stateOf(head), head.ties)) return [];
  return repo.remindersOf(db, head.id);
}

