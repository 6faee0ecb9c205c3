import type { Actor } from './actor.js';

/**
 * THE permission table: relation × action → the record states in which the action is allowed.
 * Every service asks `can()` before it reads or changes a record; docs/permissions.md prints this
 * table (test/permissions.doc.test.ts keeps it equal) and test/permissions.matrix.test.ts,
 * generated from it, checks every path.
 *
 * A record's state is its curation state (draft → submitted → in review → published, back to
 * draft with a curator's comment, archived at the end) or `deleted` (an admin's soft delete).
 * Places and organisations have no workflow: they are always `published` unless deleted.
 *
 * The relation of an actor to a record is the strongest of:
 * - public: nobody signed in;
 * - member: a signed-in member with no tie to the record (another organisation's member);
 * - owner: the member created the record, or belongs to the organisation that owns it;
 * - focal_point: focal point of a place or an organisation the record belongs to;
 * - curator, admin: by role (the command-line operator counts as admin).
 */
export const RECORD_STATES = ['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'] as const;
export type RecordState = (typeof RECORD_STATES)[number];

export const RELATIONS = ['public', 'member', 'owner', 'focal_point', 'curator', 'admin'] as const;
export type Relation = (typeof RELATIONS)[number];

export const ACTIONS = ['read', 'history', 'edit', 'submit', 'review', 'publish', 'return', 'archive', 'delete', 'restore', 'merge', 'status'] as const;
export type Action = (typeof ACTIONS)[number];

const LIVE: readonly RecordState[] = ['draft', 'submitted', 'in_review', 'published', 'archived'];
const NONE: readonly RecordState[] = [];
const ACTIVE: readonly RecordState[] = ['draft', 'submitted', 'in_review', 'published'];

export const PERMISSIONS: Readonly<Record<Action, Readonly<Record<Relation, readonly RecordState[]>>>> = {
  read: { public: ['published'], member: ['published'], owner: LIVE, focal_point: LIVE, curator: LIVE, admin: RECORD_STATES },
  // The saved versions (drafts before publication, curators' comments): those who work on the
  // record, not every reader of its published state.
  history: { public: NONE, member: NONE, owner: LIVE, focal_point: LIVE, curator: LIVE, admin: RECORD_STATES },
  edit: { public: NONE, member: NONE, owner: ['draft'], focal_point: ['draft', 'published'], curator: ['draft', 'submitted', 'in_review', 'published'], admin: LIVE },
  submit: { public: NONE, member: NONE, owner: ['draft'], focal_point: ['draft'], curator: ['draft'], admin: ['draft'] },
  review: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: ['submitted'], admin: ['submitted'] },
  publish: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: ['in_review', 'archived'], admin: ['in_review', 'archived'] },
  return: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: ['submitted', 'in_review', 'published'], admin: ['submitted', 'in_review', 'published'] },
  archive: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: ['published'], admin: ['published'] },
  delete: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: NONE, admin: LIVE },
  restore: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: NONE, admin: ['deleted'] },
  // Merging duplicate places or organisations (checked on both records of the request).
  merge: { public: NONE, member: NONE, owner: NONE, focal_point: NONE, curator: ['published'], admin: ['published'] },
  // A cooperation record's lifecycle move (a match accepted, a partnership signed, a commitment
  // done): its parties' people and curators, whatever its curation state short of archived.
  // Which moves exist is the record's own lifecycle (modules/lifecycle), not this table.
  status: { public: NONE, member: NONE, owner: ACTIVE, focal_point: ACTIVE, curator: ACTIVE, admin: ACTIVE },
};

/** The state each workflow action leads to (`read` and `edit` change no state). */
export const TRANSITIONS: Readonly<Partial<Record<Action, RecordState>>> = {
  submit: 'submitted',
  review: 'in_review',
  publish: 'published',
  return: 'draft',
  archive: 'archived',
  delete: 'deleted',
  restore: 'draft',
};

/** Which token scope an action needs (a session has every scope). */
export const ACTION_SCOPE: Readonly<Record<Action, 'read' | 'write' | 'admin'>> = {
  read: 'read',
  history: 'read',
  edit: 'write',
  submit: 'write',
  review: 'write',
  publish: 'write',
  return: 'write',
  archive: 'write',
  delete: 'admin',
  restore: 'admin',
  merge: 'write',
  status: 'write',
};

/** What ties a record to people: who created it, whose it is, where it is. */
export interface RecordTies {
  createdBy: string | null;
  ownerOrganisationId: string | null;
  /** Places the record is about (a place record: itself). */
  placeIds: readonly string[];
  /** Organisations the record belongs to (owner, partners; an organisation record: itself). */
  organisationIds: readonly string[];
}

export const NO_TIES: RecordTies = { createdBy: null, ownerOrganisationId: null, placeIds: [], organisationIds: [] };

/** Every relation the actor has to a record with these ties. */
export function relationsOf(actor: Actor, ties: RecordTies): Relation[] {
  if (actor.kind === 'public') return ['public'];
  if (actor.kind === 'operator') return ['admin'];
  const relations: Relation[] = ['member'];
  if (actor.role === 'admin') relations.push('admin');
  if (actor.role === 'curator') relations.push('curator');
  if (ties.createdBy === actor.memberId || (ties.ownerOrganisationId !== null && actor.organisationIds.includes(ties.ownerOrganisationId))) {
    relations.push('owner');
  }
  if (ties.placeIds.some((id) => actor.focalPlaceIds.includes(id)) || ties.organisationIds.some((id) => actor.focalOrganisationIds.includes(id))) {
    relations.push('focal_point');
  }
  return relations;
}

const SCOPE_RANK = { read: 0, write: 1, admin: 2 } as const;

/** May this actor do this action to a record in this state with these ties? */
export function can(actor: Actor, action: Action, state: RecordState, ties: RecordTies): boolean {
  if (actor.kind === 'member' && SCOPE_RANK[actor.scope] < SCOPE_RANK[ACTION_SCOPE[action]]) return false;
  return relationsOf(actor, ties).some((relation) => PERMISSIONS[action][relation].includes(state));
}

/** May this actor create records (they start as drafts it owns)? */
export function canCreate(actor: Actor): boolean {
  if (actor.kind === 'operator') return true;
  return actor.kind === 'member' && SCOPE_RANK[actor.scope] >= SCOPE_RANK.write;
}

/** Is the actor an admin (by role with an admin-scoped credential, or the operator)? */
export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'operator' || (actor.kind === 'member' && actor.role === 'admin' && actor.scope === 'admin');
}

/** Curator or admin: may see every live record (lists, search, counts) and curate. */
export function isCurator(actor: Actor): boolean {
  return actor.kind === 'operator' || (actor.kind === 'member' && (actor.role === 'admin' || actor.role === 'curator'));
}

/**
 * What a list or a search may show this actor, as a filter the repositories apply in SQL:
 * `all` (admins: deleted too), `live` (curators: everything not deleted), or `published` plus
 * the records tied to the member (created by them, owned by their organisations, or about a
 * place or organisation whose focal point they are), in any live state.
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'live' }
  | { kind: 'published'; memberId: string | null; organisationIds: readonly string[]; focalPlaceIds: readonly string[]; focalOrganisationIds: readonly string[] };

export function visibilityOf(actor: Actor): Visibility {
  if (actor.kind === 'operator') return { kind: 'all' };
  if (actor.kind === 'public') return { kind: 'published', memberId: null, organisationIds: [], focalPlaceIds: [], focalOrganisationIds: [] };
  if (actor.role === 'admin') return { kind: 'all' };
  if (actor.role === 'curator') return { kind: 'live' };
  return { kind: 'published', memberId: actor.memberId, organisationIds: actor.organisationIds, focalPlaceIds: actor.focalPlaceIds, focalOrganisationIds: actor.focalOrganisationIds };
}

/**
 * The workflow action that takes a record from `current` to `target` (a return to draft from a
 * soft delete is a restore). Undefined when no action leads there.
 */
export function transitionTo(target: RecordState, current: RecordState): Action | undefined {
  if (target === 'draft') return current === 'deleted' ? 'restore' : 'return';
  return (Object.entries(TRANSITIONS) as [Action, RecordState][]).find(([action, to]) => to === target && action !== 'restore')?.[0];
}

/**
 * Does the workflow allow this action from this state at all (for someone)? A transition the
 * workflow never allows from the current state (to the state it is already in, say) is a
 * conflict (409), not a matter of who asks (403).
 */
export function workflowAllows(action: Action, state: RecordState): boolean {
  return RELATIONS.some((relation) => PERMISSIONS[action][relation].includes(state));
}

/** The table in Markdown, for docs/permissions.md (a test keeps the file equal to this). */
export function permissionsMarkdown(): string {
  const label = (states: readonly RecordState[]) => (states.length === 0 ? '—' : states.length === RECORD_STATES.length ? 'all' : states.join(', '));
  const lines = [
    '# Permissions',
    '',
    'Generated from `src/platform/auth/permissions.ts` (`PERMISSIONS`); `test/permissions.doc.test.ts` keeps this file',
    'equal to the code, and `test/permissions.matrix.test.ts` proves every path obeys it.',
    '',
    'Each cell lists the record states in which the relation may take the action. A token also needs',
    'the scope shown. Reads refused answer 404; an action refused on a record one may read answers 401',
    '(the public) or 403; a workflow move that does not exist from the current state answers 409.',
    '',
    `| action | scope | ${RELATIONS.join(' | ')} |`,
    `|---|---|${RELATIONS.map(() => '---').join('|')}|`,
    ...ACTIONS.map((action) => `| ${action} | ${ACTION_SCOPE[action]} | ${RELATIONS.map((relation) => label(PERMISSIONS[action][relation])).join(' | ')} |`),
    '',
    'Workflow moves: ' + (Object.entries(TRANSITIONS) as [Action, RecordState][]).map(([action, to]) => `${action} → ${to}`).join(', ') + '.',
    '',
  ];
  return lines.join('\n');
}
