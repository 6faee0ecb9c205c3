import { sql } from 'kysely';
import type { Db, MemberRole, TokenScope } from '../../database.js';
import type { AuditEntry, EmailTokenKind, Member, MemberAccess, ApiTokenInfo } from './accounts.domain.js';

/** Every SQL statement of accounts: members, their ties, sessions, tokens, email links, audit. */

const MEMBER_COLUMNS = [
  'id', 'email', 'emailKey', 'name', 'passwordHash', 'role', 'state', 'emailVerifiedAt', 'languages', 'expertise', 'publicFields',
  'passwordChangedAt', 'createdAt', 'updatedAt',
] as const;

// The ties of a member, as arrays, in the same statement as the member (one round trip per request).
const organisationIdsOf = sql<string[]>`(SELECT coalesce(array_agg(mo.organisation_id::text ORDER BY mo.organisation_id), '{}') FROM member_organisations mo WHERE mo.member_id = members.id)`;
const focalOrganisationIdsOf = sql<string[]>`(SELECT coalesce(array_agg(mo.organisation_id::text ORDER BY mo.organisation_id), '{}') FROM member_organisations mo WHERE mo.member_id = members.id AND mo.focal_point)`;
const focalPlaceIdsOf = sql<string[]>`(SELECT coalesce(array_agg(mp.place_id::text ORDER BY mp.place_id), '{}') FROM member_places mp WHERE mp.member_id = members.id)`;

export async function findMemberByEmailKey(db: Db, emailKey: string): Promise<Member | undefined> {
  return db.selectFrom('members').select(MEMBER_COLUMNS).where('emailKey', '=', emailKey).executeTakeFirst();
}

export async function findMemberById(db: Db, id: string): Promise<Member | undefined> {
  return db.selectFrom('members').select(MEMBER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listMembers(db: Db): Promise<(Member & MemberAccess)[]> {
  return db
    .selectFrom('members')
    .select(MEMBER_COLUMNS)
    .select([organisationIdsOf.as('organisationIds'), focalOrganisationIdsOf.as('focalOrganisationIds'), focalPlaceIdsOf.as('focalPlaceIds')])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function memberAccess(db: Db, memberId: string): Promise<MemberAccess> {
  const row = await db
    .selectFrom('members')
    .select([organisationIdsOf.as('organisationIds'), focalOrganisationIdsOf.as('focalOrganisationIds'), focalPlaceIdsOf.as('focalPlaceIds')])
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row ?? { organisationIds: [], focalOrganisationIds: [], focalPlaceIds: [] };
}

export async function insertMember(
  db: Db,
  member: { email: string; emailKey: string; name: string; passwordHash: string | null; role: MemberRole; emailVerifiedAt: Date | null },
): Promise<string> {
  const row = await db
    .insertInto('members')
    .values({ ...member, passwordChangedAt: member.passwordHash !== null ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface MemberChanges {
  name?: string;
  passwordHash?: string;
  role?: MemberRole;
  state?: 'active' | 'disabled';
  emailVerifiedAt?: Date;
  languages?: string[];
  expertise?: string[];
  publicFields?: string[];
}

export async function updateMember(db: Db, id: string, changes: MemberChanges): Promise<void> {
  await db
    .updateTable('members')
    .set({ ...changes, ...(changes.passwordHash !== undefined ? { passwordChangedAt: new Date() } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Deletes the member; sessions, tokens and ties go with it (ON DELETE CASCADE), records stay (SET NULL). */
export async function deleteMember(db: Db, id: string): Promise<void> {
  await db.deleteFrom('members').where('id', '=', id).execute();
}

/** Replaces the member's organisations and focal places. */
export async function setMemberAccess(db: Db, memberId: string, access: MemberAccess): Promise<void> {
  await db.deleteFrom('memberOrganisations').where('memberId', '=', memberId).execute();
  await db.deleteFrom('memberPlaces').where('memberId', '=', memberId).execute();
  const organisations = [...new Set([...access.organisationIds, ...access.focalOrganisationIds])];
  if (organisations.length > 0) {
    await db
      .insertInto('memberOrganisations')
      .values(organisations.map((organisationId) => ({ memberId, organisationId, focalPoint: access.focalOrganisationIds.includes(organisationId) })))
      .execute();
  }
  const places = [...new Set(access.focalPlaceIds)];
  if (places.length > 0) await db.insertInto('memberPlaces').values(places.map((placeId) => ({ memberId, placeId }))).execute();
}

/** Which of these ids name existing organisations / places (to refuse unknown ones clearly). */
export async function existingOrganisationIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.id);
}

export async function existingPlaceIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('places').select('id').where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.id);
}

export async function organisationNames(db: Db, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...ids]).orderBy('name').execute();
}

// Sessions -----------------------------------------------------------------------------------

export async function insertSession(db: Db, session: { idHash: string; memberId: string; csrfToken: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** A member as a credential (session or token) finds it: role, state and ties. */
export interface MemberWithTies {
  memberId: string;
  name: string;
  role: MemberRole;
  state: 'active' | 'disabled';
  organisationIds: string[];
  focalOrganisationIds: string[];
  focalPlaceIds: string[];
}

export interface SessionRow extends MemberWithTies {
  idHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** A session with its member and the member's ties, in one statement. */
export async function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('members', 'members.id', 'sessions.memberId')
    .select(['sessions.idHash', 'sessions.csrfToken', 'sessions.lastSeenAt', 'sessions.expiresAt', 'sessions.memberId', 'members.name', 'members.role', 'members.state'])
    .select([organisationIdsOf.as('organisationIds'), focalOrganisationIdsOf.as('focalOrganisationIds'), focalPlaceIdsOf.as('focalPlaceIds')])
    .where('sessions.idHash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: at }).where('idHash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

export async function deleteMemberSessions(db: Db, memberId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('memberId', '=', memberId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sessions past their absolute end or idle longer than allowed. */
export async function deleteExpiredSessions(db: Db, now: Date, idleSince: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleSince)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// API tokens ---------------------------------------------------------------------------------

export async function insertApiToken(db: Db, token: { memberId: string; name: string; scope: TokenScope; tokenHash: string }): Promise<ApiTokenInfo> {
  return db
    .insertInto('apiTokens')
    .values(token)
    .returning(['id', 'name', 'scope', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .executeTakeFirstOrThrow();
}

export interface TokenRow extends MemberWithTies {
  id: string;
  scope: TokenScope;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export async function findApiToken(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('apiTokens')
    .innerJoin('members', 'members.id', 'apiTokens.memberId')
    .select(['apiTokens.id', 'apiTokens.scope', 'apiTokens.revokedAt', 'apiTokens.lastUsedAt', 'apiTokens.memberId', 'members.name', 'members.role', 'members.state'])
    .select([organisationIdsOf.as('organisationIds'), focalOrganisationIdsOf.as('focalOrganisationIds'), focalPlaceIdsOf.as('focalPlaceIds')])
    .where('apiTokens.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Db, memberId: string): Promise<ApiTokenInfo[]> {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'scope', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('memberId', '=', memberId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes one of the member's tokens; false when the member has no such live token. */
export async function revokeApiToken(db: Db, memberId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: new Date() })
    .where('id', '=', id)
    .where('memberId', '=', memberId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// Email tokens -------------------------------------------------------------------------------

export async function insertEmailToken(
  db: Db,
  token: { tokenHash: string; kind: EmailTokenKind; memberId: string | null; emailKey: string; role: MemberRole | null; expiresAt: Date },
): Promise<void> {
  await db.insertInto('emailTokens').values(token).execute();
}

export interface EmailTokenRow {
  kind: EmailTokenKind;
  memberId: string | null;
  emailKey: string;
  role: MemberRole | null;
  expiresAt: Date;
}

/** A live (unused, unexpired) email token, without using it. */
export async function peekEmailToken(db: Db, tokenHash: string, kind: EmailTokenKind, now: Date): Promise<EmailTokenRow | undefined> {
  return db
    .selectFrom('emailTokens')
    .select(['kind', 'memberId', 'emailKey', 'role', 'expiresAt'])
    .where('tokenHash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
}

/** Uses a live email token, once: of two concurrent uses, one wins. */
export async function consumeEmailToken(db: Db, tokenHash: string, kind: EmailTokenKind, now: Date): Promise<EmailTokenRow | undefined> {
  return db
    .updateTable('emailTokens')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning(['kind', 'memberId', 'emailKey', 'role', 'expiresAt'])
    .executeTakeFirst();
}

/** Ends a member's other live links of a kind (a new reset link voids the older ones). */
export async function voidEmailTokens(db: Db, emailKey: string, kind: EmailTokenKind, now: Date): Promise<void> {
  await db.updateTable('emailTokens').set({ usedAt: now }).where('emailKey', '=', emailKey).where('kind', '=', kind).where('usedAt', 'is', null).execute();
}

export async function deleteStaleEmailTokens(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('emailTokens').where('expiresAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteEmailTokensOf(db: Db, emailKey: string): Promise<void> {
  await db.deleteFrom('emailTokens').where('emailKey', '=', emailKey).execute();
}

// Audit log ----------------------------------------------------------------------------------

export async function insertAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      memberId: entry.memberId ?? null,
      action: entry.action,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      subjectKey: entry.subjectKey ?? null,
      ip: entry.ip ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/** How many entries of these actions name this subject (or come from this IP) since a moment, and the oldest one's time. */
export async function countAudit(
  db: Db,
  actions: readonly string[],
  by: { subjectKey: string } | { ip: string },
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  let query = db
    .selectFrom('auditLog')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('at').as('oldest')])
    .where('action', 'in', [...actions])
    .where('at', '>', since);
  query = 'subjectKey' in by ? query.where('subjectKey', '=', by.subjectKey) : query.where('ip', '=', by.ip);
  const row = await query.executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest === null ? null : new Date(row.oldest) };
}

/** Erases the IP addresses of entries older than a moment; returns how many were erased. */
export async function eraseAuditIps(db: Db, before: Date): Promise<number> {
  const result = await db.updateTable('auditLog').set({ ip: null }).where('at', '<', before).where('ip', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface AuditRow {
  at: Date;
  action: string;
  recordType: string | null;
  recordId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** Entries about a member: done by them, or naming their email (e.g. failed sign-ins). */
export async function auditAbout(db: Db, memberId: string, emailKey: string): Promise<AuditRow[]> {
  return db
    .selectFrom('auditLog')
    .select(['at', 'action', 'recordType', 'recordId', 'ip', 'detail'])
    .where((eb) => eb.or([eb('memberId', '=', memberId), eb('subjectKey', '=', emailKey), eb.and([eb('recordType', '=', 'member'), eb('recordId', '=', memberId)])]))
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Removes what ties audit entries to a deleted member's email and address. */
export async function forgetAuditSubject(db: Db, memberId: string, emailKey: string): Promise<void> {
  await db.updateTable('auditLog').set({ subjectKey: null, ip: null }).where('subjectKey', '=', emailKey).execute();
  await db.updateTable('auditLog').set({ ip: null }).where('memberId', '=', memberId).execute();
}

export async function lastAuditEntries(db: Db, limit: number): Promise<(AuditRow & { memberId: string | null; subjectKey: string | null })[]> {
  return db
    .selectFrom('auditLog')
    .select(['at', 'action', 'recordType', 'recordId', 'ip', 'detail', 'memberId', 'subjectKey'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The active administrators' ids, their rows locked until the transaction ends (`FOR UPDATE`,
 * in id order, so two callers never deadlock). Call inside the transaction that demotes,
 * disables or deletes an admin: a concurrent one waits here, then sees the committed change
 * (PostgreSQL re-checks the WHERE clause of a row it waited for), so two demotions of the last
 * two admins cannot both pass the "at least one active admin" check.
 */
export async function lockActiveAdmins(trx: Db): Promise<string[]> {
  const rows = await trx
    .selectFrom('members')
    .select('id')
    .where('role', '=', 'admin')
    .where('state', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Writes a security event (a refused token, a CSRF refusal, a 429) unless one of the same action
 * from the same address was written in the last minute, or `perMinute` of that action in all;
 * so a flood of refused requests writes a bounded number of rows. One statement (no
 * count-then-insert); two requests at the same instant may both write. Returns whether it wrote.
 */
export async function insertThrottledAudit(db: Db, entry: AuditEntry, perMinute: number): Promise<boolean> {
  const ip = entry.ip ?? null;
  const result = await sql`
    INSERT INTO audit_log (member_id, action, record_type, record_id, subject_key, ip, detail)
    SELECT ${entry.memberId ?? null}::uuid, ${entry.action}, NULL, NULL, ${entry.subjectKey ?? null}, ${ip}, ${JSON.stringify(entry.detail ?? {})}::jsonb
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_log WHERE action = ${entry.action} AND at > now() - interval '1 minute'
        AND ${ip === null ? sql`ip IS NULL` : sql`ip = ${ip}`}
    )
    AND (SELECT count(*) FROM audit_log WHERE action = ${entry.action} AND at > now() - interval '1 minute') < ${perMinute}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * The active, verified members who are focal points of any of these places or organisations:
 * whom to tell of a match proposed to them or a commitment of theirs overdue.
 */
export async function focalPointContacts(db: Db, ties: { placeIds: readonly string[]; organisationIds: readonly string[] }): Promise<{ memberId: string; email: string; name: string }[]> {
  if (ties.placeIds.length === 0 && ties.organisationIds.length === 0) return [];
  return db
    .selectFrom('members as m')
    .select(['m.id as memberId', 'm.email', 'm.name'])
    .where('m.state', '=', 'active')
    .where('m.emailVerifiedAt', 'is not', null)
    .where((eb) => eb.or([
      ...(ties.placeIds.length > 0 ? [eb.exists(eb.selectFrom('memberPlaces as mp').select('mp.memberId').whereRef('mp.memberId', '=', 'm.id').where('mp.placeId', 'in', [...ties.placeIds]))] : []),
      ...(ties.organisationIds.length > 0
        ? [eb.exists(eb.selectFrom('memberOrganisations as mo').select('mo.memberId').whereRef('mo.memberId', '=', 'm.id').where('mo.focalPoint', '=', true).where('mo.organisationId', 'in', [...ties.organisationIds]))]
        : []),
    ]))
    .orderBy('m.email')
    .execute();
}
