import { publicBase, type Config } from '../../config.js';
import type { Db, MemberRole, TokenScope } from '../../database.js';
import { PontesError } from '../../errors.js';
import { memberActor, type Actor, type MemberActor } from '../../platform/auth/actor.js';
import { isAdmin } from '../../platform/auth/permissions.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password.js';
import { newSecret, secretHash } from '../../platform/auth/token.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  emailKeyOf, hasControlCharacters, isEmail, maxScopeOf, PROFILE_LANGUAGES, PUBLIC_FIELDS, ROLES, SCOPES,
  type ApiTokenInfo, type AuditEntry, type EmailTokenKind, type Member, type MemberAccess, type PublicField,
} from './accounts.domain.js';
import * as repo from './accounts.repository.js';

/** What the account use cases need: the database, the configuration and a way to send mail. */
export interface Accounts {
  db: Db;
  config: Config;
  mailer: Mailer;
}

/** Where a request comes from, for the audit log and per-IP limits. */
export interface Origin {
  ip: string | null;
}

const SCOPE_RANK: Record<TokenScope, number> = { read: 0, write: 1, admin: 2 };
const LINK_HOURS: Record<EmailTokenKind, number> = { verify: 48, reset: 1, invite: 24 * 7 };
const TOUCH_EVERY_MS = 60_000;

// The audit log ------------------------------------------------------------------------------

/**
 * Writes one audit-log line. Exported (accounts index) so that every module logs changes the
 * same way; call it inside the transaction that makes the change.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await repo.insertAudit(db, entry);
}

/** Of one kind of security event, at most this many rows a minute in all (and one per address). */
export const SECURITY_EVENTS_PER_MINUTE = 100;

/**
 * Writes a security event that an attacker can cause at will — a refused bearer token
 * (`token_refused`), a CSRF refusal (`csrf_refused`), a refusal by a rate limit (`rate_limited`)
 * — at most once a minute per kind and IP address, and at most SECURITY_EVENTS_PER_MINUTE per
 * kind in all, so that a flood of refused requests cannot flood the audit log. Returns whether
 * a row was written.
 */
export async function recordSecurityEvent(db: Db, entry: AuditEntry & { action: 'token_refused' | 'csrf_refused' | 'rate_limited' }): Promise<boolean> {
  return repo.insertThrottledAudit(db, entry, SECURITY_EVENTS_PER_MINUTE);
}

/**
 * Erases the IP addresses of audit entries older than `days` (PONTES_AUDIT_IP_DAYS), and drops
 * expired sessions and email links. Run at every start and daily by `serve`.
 */
export async function purgeAccountsData(db: Db, config: Pick<Config, 'auditIpDays' | 'sessionIdleMinutes'>, now = new Date()): Promise<{ ipsErased: number; sessionsDeleted: number }> {
  const ipsErased = await repo.eraseAuditIps(db, new Date(now.getTime() - config.auditIpDays * 86_400_000));
  const sessionsDeleted = await repo.deleteExpiredSessions(db, now, new Date(now.getTime() - config.sessionIdleMinutes * 60_000));
  await repo.deleteStaleEmailTokens(db, new Date(now.getTime() - 30 * 86_400_000));
  return { ipsErased, sessionsDeleted };
}

// Checks shared by the use cases -----------------------------------------------------------------

function validation(errors: { field: string; reason: string }[]): PontesError {
  return new PontesError('VALIDATION_FAILED', { detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
}

function checkNewPassword(password: string, confirm: string | undefined, errors: { field: string; reason: string }[]): void {
  const problem = passwordProblem(password);
  if (problem !== null) errors.push({ field: 'password', reason: problem });
  else if (confirm !== undefined && confirm !== password) errors.push({ field: 'password_confirm', reason: 'mismatch' });
}

function checkName(name: string, errors: { field: string; reason: string }[]): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if ([...trimmed].length > 120) errors.push({ field: 'name', reason: 'too_long' });
  if (hasControlCharacters(trimmed)) errors.push({ field: 'name', reason: 'invalid' });
  return trimmed;
}

/** The signed-in member, or 401. */
export function requireMember(actor: Actor): MemberActor {
  if (actor.kind !== 'member') throw new PontesError('UNAUTHENTICATED', { detail: 'sign in, or send a member API token' });
  return actor;
}

function requireAdmin(actor: Actor): void {
  if (actor.kind === 'public') throw new PontesError('UNAUTHENTICATED', { detail: 'sign in as an administrator' });
  if (!isAdmin(actor)) throw new PontesError('FORBIDDEN', { detail: 'only administrators (with an admin-scoped credential) may do this' });
}

/**
 * Per-account and per-IP limits counted from the audit log, so that every instance of Pontes
 * sharing the database sees the same counts. Throws TOO_MANY_REQUESTS with Retry-After.
 */
async function checkLimits(
  accounts: Accounts,
  limit: 'sign_in' | 'email',
  actions: readonly string[],
  subjectKey: string,
  origin: Origin,
  limits: { perAccount: number; perIp: number; windowMinutes: number },
): Promise<void> {
  const { config, db } = accounts;
  if (!config.rateLimits.enabled) return;
  const now = Date.now();
  const windowMs = limits.windowMinutes * 60_000;
  const since = new Date(now - windowMs);
  const checks: [{ subjectKey: string } | { ip: string }, number][] = [[{ subjectKey }, limits.perAccount]];
  if (origin.ip !== null) checks.push([{ ip: origin.ip }, limits.perIp]);
  for (const [by, max] of checks) {
    const { count, oldest } = await repo.countAudit(db, actions, by, since);
    if (count >= max) {
      const retryAfter = Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + windowMs - now) / 1000));
      throw new PontesError('TOO_MANY_REQUESTS', { detail: `too many attempts; try again in ${retryAfter} seconds`, params: { retryAfter, minutes: Math.ceil(retryAfter / 60), limit } });
    }
  }
}

/**
 * Wrong passwords, wherever one is checked: sign-in (`sign_in_failed`, per folded email) and the
 * pages that ask for the current password again (`password_check_failed`: /account/password and
 * /account/delete, with the member's folded email as subject). One budget per account and per IP,
 * so a stolen session cannot be used to guess the password beyond the sign-in limit.
 */
const PASSWORD_FAILURES = ['sign_in_failed', 'password_check_failed'] as const;

function checkPasswordLimits(accounts: Accounts, subjectKey: string, origin: Origin): Promise<void> {
  const { rateLimits } = accounts.config;
  return checkLimits(accounts, 'sign_in', PASSWORD_FAILURES, subjectKey, origin, {
    perAccount: rateLimits.signInFailuresPerAccount, perIp: rateLimits.signInFailuresPerIp, windowMinutes: rateLimits.signInWindowMinutes,
  });
}

/** The current password, asked again before a sensitive change: limited, and its failures audited. */
async function checkCurrentPassword(accounts: Accounts, member: Member, password: string, purpose: 'password_change' | 'account_deletion', origin: Origin): Promise<boolean> {
  await checkPasswordLimits(accounts, member.emailKey, origin);
  if (await verifyPassword(password.slice(0, 1024), member.passwordHash)) return true;
  await recordAudit(accounts.db, { action: 'password_check_failed', memberId: member.id, subjectKey: member.emailKey, ip: origin.ip, detail: { purpose } });
  return false;
}

async function sendLink(
  accounts: Accounts,
  t: Translate,
  to: string,
  kind: 'verify' | 'reset' | 'invite' | 'already',
  link: string | null,
  later: boolean,
): Promise<void> {
  const message = {
    to,
    subject: t(`mail.${kind}.subject`),
    text: `${t(`mail.${kind}.body`, { link: link ?? '', signIn: `${publicBase(accounts.config)}/sign-in`, reset: `${publicBase(accounts.config)}/reset-password` })}\n\n${t('mail.footer')}\n`,
  };
  if (later) accounts.mailer.sendLater(message);
  else await accounts.mailer.send(message);
}

async function newEmailLink(db: Db, kind: EmailTokenKind, emailKey: string, memberId: string | null, role: MemberRole | null): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + LINK_HOURS[kind] * 3_600_000);
  await repo.insertEmailToken(db, { tokenHash: secretHash(secret), kind, memberId, emailKey, role, expiresAt });
  return { secret, expiresAt };
}

// Members (administration) -------------------------------------------------------------------

export interface NewMember {
  email: string;
  role: MemberRole;
  name?: string;
  /** null: no password yet (the member sets one through a reset link). */
  password: string | null;
  /** Created by an operator or admin who vouches for the address. */
  verified?: boolean;
}

/** Creates a member (operator or admin). The first admin is made this way, from the CLI. */
export async function createMember(db: Db, actor: Actor, input: NewMember, origin: Origin = { ip: null }): Promise<Member> {
  requireAdmin(actor);
  const errors: { field: string; reason: string }[] = [];
  const email = input.email.trim();
  if (!isEmail(email)) errors.push({ field: 'email', reason: 'invalid' });
  if (!ROLES.includes(input.role)) errors.push({ field: 'role', reason: 'invalid' });
  const name = checkName(input.name ?? '', errors);
  if (input.password !== null) checkNewPassword(input.password, undefined, errors);
  if (errors.length > 0) throw validation(errors);
  const emailKey = emailKeyOf(email);
  if ((await repo.findMemberByEmailKey(db, emailKey)) !== undefined) throw new PontesError('CONFLICT', { detail: `a member with the email ${email} already exists` });
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertMember(trx, { email, emailKey, name, passwordHash, role: input.role, emailVerifiedAt: input.verified === false ? null : new Date() });
    await recordAudit(trx, { action: 'member_created', memberId: actorId(actor), recordType: 'member', recordId: id, ip: origin.ip, detail: { role: input.role } });
    return (await repo.findMemberById(trx, id))!;
  });
}

function actorId(actor: Actor): string | null {
  return actor.kind === 'member' ? actor.memberId : null;
}

export type MemberSummary = Omit<Member, 'passwordHash'> & MemberAccess;

export async function listMembers(db: Db, actor: Actor): Promise<MemberSummary[]> {
  requireAdmin(actor);
  return (await repo.listMembers(db)).map(({ passwordHash: _omit, ...member }) => member);
}

export async function findMemberByEmail(db: Db, actor: Actor, email: string): Promise<Member> {
  requireAdmin(actor);
  const member = await repo.findMemberByEmailKey(db, emailKeyOf(email));
  if (member === undefined) throw new PontesError('NOT_FOUND', { detail: `no member has the email ${email.trim()}` });
  return member;
}

export interface AccessChanges {
  role?: MemberRole;
  state?: 'active' | 'disabled';
  organisationIds?: string[];
  focalOrganisationIds?: string[];
  focalPlaceIds?: string[];
}

/**
 * An admin changes a member's role, state or ties. Disabling ends the member's sessions (its
 * tokens stop working: a disabled member's credentials are refused). The last active admin
 * cannot be demoted or disabled, so an instance is never left without one.
 */
export async function changeMemberAccess(db: Db, actor: Actor, memberId: string, changes: AccessChanges, origin: Origin = { ip: null }): Promise<MemberSummary> {
  requireAdmin(actor);
  if ((await repo.findMemberById(db, memberId)) === undefined) throw new PontesError('NOT_FOUND', { detail: `no member ${memberId}` });
  const errors: { field: string; reason: string }[] = [];
  if (changes.role !== undefined && !ROLES.includes(changes.role)) errors.push({ field: 'role', reason: 'invalid' });
  const organisations = [...(changes.organisationIds ?? []), ...(changes.focalOrganisationIds ?? [])];
  const knownOrganisations = await repo.existingOrganisationIds(db, organisations);
  for (const id of organisations) if (!knownOrganisations.includes(id)) errors.push({ field: 'organisationIds', reason: `unknown organisation ${id}` });
  const knownPlaces = await repo.existingPlaceIds(db, changes.focalPlaceIds ?? []);
  for (const id of changes.focalPlaceIds ?? []) if (!knownPlaces.includes(id)) errors.push({ field: 'focalPlaceIds', reason: `unknown place ${id}` });
  if (errors.length > 0) throw validation(errors);
  await db.transaction().execute(async (trx) => {
    // The "last active admin" rule, checked under a lock on the active admins' rows: a
    // concurrent demotion, disabling or deletion waits here until this one commits (V2.3.4).
    const admins = await repo.lockActiveAdmins(trx);
    const member = await repo.findMemberById(trx, memberId);
    if (member === undefined) throw new PontesError('NOT_FOUND', { detail: `no member ${memberId}` });
    const losesAdmin = admins.includes(memberId) && ((changes.role !== undefined && changes.role !== 'admin') || changes.state === 'disabled');
    if (losesAdmin && admins.length <= 1) throw new PontesError('CONFLICT', { detail: 'this is the last active administrator' });
    const by = actorId(actor);
    if (changes.role !== undefined && changes.role !== member.role) {
      await repo.updateMember(trx, memberId, { role: changes.role });
      await recordAudit(trx, { action: 'role_changed', memberId: by, recordType: 'member', recordId: memberId, ip: origin.ip, detail: { from: member.role, to: changes.role } });
    }
    if (changes.state !== undefined && changes.state !== member.state) {
      await repo.updateMember(trx, memberId, { state: changes.state });
      if (changes.state === 'disabled') await repo.deleteMemberSessions(trx, memberId);
      await recordAudit(trx, { action: changes.state === 'disabled' ? 'member_disabled' : 'member_enabled', memberId: by, recordType: 'member', recordId: memberId, ip: origin.ip });
    }
    if (changes.organisationIds !== undefined || changes.focalOrganisationIds !== undefined || changes.focalPlaceIds !== undefined) {
      const current = await repo.memberAccess(trx, memberId);
      const next: MemberAccess = {
        organisationIds: changes.organisationIds ?? current.organisationIds,
        focalOrganisationIds: changes.focalOrganisationIds ?? current.focalOrganisationIds,
        focalPlaceIds: changes.focalPlaceIds ?? current.focalPlaceIds,
      };
      await repo.setMemberAccess(trx, memberId, next);
      await recordAudit(trx, { action: 'member_ties_changed', memberId: by, recordType: 'member', recordId: memberId, ip: origin.ip, detail: { ...next } });
    }
  });
  const { passwordHash: _omit, ...updated } = (await repo.findMemberById(db, memberId))!;
  return { ...updated, ...(await repo.memberAccess(db, memberId)) };
}

/** Disables a member found by email (CLI `pontes users disable`). */
export async function disableMember(db: Db, actor: Actor, email: string, origin: Origin = { ip: null }): Promise<MemberSummary> {
  const member = await findMemberByEmail(db, actor, email);
  return changeMemberAccess(db, actor, member.id, { state: 'disabled' }, origin);
}

// Invitations and registration ------------------------------------------------------------------

/** An admin invites someone by email, with the role they will have. */
export async function invite(accounts: Accounts, actor: Actor, input: { email: string; role: MemberRole }, t: Translate, origin: Origin = { ip: null }): Promise<{ email: string; role: MemberRole; expiresAt: Date }> {
  requireAdmin(actor);
  const email = input.email.trim();
  if (!isEmail(email)) throw validation([{ field: 'email', reason: 'invalid' }]);
  if (!ROLES.includes(input.role)) throw validation([{ field: 'role', reason: 'invalid' }]);
  const emailKey = emailKeyOf(email);
  if ((await repo.findMemberByEmailKey(accounts.db, emailKey)) !== undefined) throw new PontesError('CONFLICT', { detail: `${email} already has an account` });
  const link = await accounts.db.transaction().execute(async (trx) => {
    await repo.voidEmailTokens(trx, emailKey, 'invite', new Date());
    const created = await newEmailLink(trx, 'invite', emailKey, null, input.role);
    await recordAudit(trx, { action: 'invitation_sent', memberId: actorId(actor), subjectKey: emailKey, ip: origin.ip, detail: { role: input.role } });
    return created;
  });
  await sendLink(accounts, t, email, 'invite', `${publicBase(accounts.config)}/register?invitation=${link.secret}`, false);
  return { email, role: input.role, expiresAt: link.expiresAt };
}

/** The address an unused invitation (or reset link) is for, or null when it is not valid. */
export async function peekLink(db: Db, kind: EmailTokenKind, secret: string): Promise<{ emailKey: string } | null> {
  if (secret === '' || secret.length > 200) return null;
  const row = await repo.peekEmailToken(db, secretHash(secret), kind, new Date());
  return row === undefined ? null : { emailKey: row.emailKey };
}

export interface Registration {
  email: string;
  name: string;
  password: string;
  passwordConfirm: string;
}

/**
 * Open registration. Whether or not the email has an account, the answer is the same and a
 * message goes to the address: a verification link, or "you already have an account". The
 * password is hashed in both cases, so the two take as long.
 */
export async function register(accounts: Accounts, input: Registration, t: Translate, origin: Origin): Promise<void> {
  if (accounts.config.registration !== 'open') throw new PontesError('REGISTRATION_CLOSED', { detail: 'registration is by invitation on this instance' });
  const errors: { field: string; reason: string }[] = [];
  const email = input.email.trim();
  if (!isEmail(email)) errors.push({ field: 'email', reason: 'invalid' });
  const name = checkName(input.name, errors);
  checkNewPassword(input.password, input.passwordConfirm, errors);
  if (errors.length > 0) throw validation(errors);
  const emailKey = emailKeyOf(email);
  const { rateLimits } = accounts.config;
  await checkLimits(accounts, 'email', ['registration_requested', 'password_reset_requested'], emailKey, origin, {
    perAccount: rateLimits.emailRequestsPerAccount, perIp: rateLimits.emailRequestsPerIp, windowMinutes: rateLimits.emailWindowMinutes,
  });
  const passwordHash = await hashPassword(input.password);
  const existing = await repo.findMemberByEmailKey(accounts.db, emailKey);
  if (existing !== undefined) {
    await recordAudit(accounts.db, { action: 'registration_requested', subjectKey: emailKey, ip: origin.ip, detail: { existing: true } });
    await sendLink(accounts, t, existing.email, 'already', null, true);
    return;
  }
  const link = await accounts.db.transaction().execute(async (trx) => {
    const id = await repo.insertMember(trx, { email, emailKey, name, passwordHash, role: 'member', emailVerifiedAt: null });
    await recordAudit(trx, { action: 'registration_requested', subjectKey: emailKey, ip: origin.ip });
    await recordAudit(trx, { action: 'registered', memberId: id, recordType: 'member', recordId: id, ip: origin.ip });
    return newEmailLink(trx, 'verify', emailKey, id, null);
  });
  await sendLink(accounts, t, email, 'verify', `${publicBase(accounts.config)}/verify-email?token=${link.secret}`, true);
}

/** Someone follows their invitation: the account is made (the address is proven) and signed in. */
export async function acceptInvitation(
  accounts: Accounts,
  input: { token: string; name: string; password: string; passwordConfirm: string },
  origin: Origin,
): Promise<SignedIn> {
  const errors: { field: string; reason: string }[] = [];
  const name = checkName(input.name, errors);
  checkNewPassword(input.password, input.passwordConfirm, errors);
  if (errors.length > 0) throw validation(errors);
  const passwordHash = await hashPassword(input.password);
  const memberId = await accounts.db.transaction().execute(async (trx) => {
    const link = await repo.consumeEmailToken(trx, secretHash(input.token), 'invite', new Date());
    if (link === undefined) throw new PontesError('LINK_INVALID', { detail: 'this invitation is unknown, used or expired' });
    if ((await repo.findMemberByEmailKey(trx, link.emailKey)) !== undefined) throw new PontesError('LINK_INVALID', { detail: 'this address already has an account' });
    const id = await repo.insertMember(trx, { email: link.emailKey, emailKey: link.emailKey, name, passwordHash, role: link.role ?? 'member', emailVerifiedAt: new Date() });
    await recordAudit(trx, { action: 'registered', memberId: id, recordType: 'member', recordId: id, ip: origin.ip, detail: { invited: true, role: link.role } });
    return id;
  });
  return startSession(accounts, memberId, origin, null);
}

/** Follows a verification link: the address is proven; the member may sign in. */
export async function verifyEmail(db: Db, secret: string, origin: Origin): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const link = secret === '' ? undefined : await repo.consumeEmailToken(trx, secretHash(secret), 'verify', new Date());
    if (link === undefined || link.memberId === null) throw new PontesError('LINK_INVALID', { detail: 'this verification link is unknown, used or expired' });
    await repo.updateMember(trx, link.memberId, { emailVerifiedAt: new Date() });
    await recordAudit(trx, { action: 'email_verified', memberId: link.memberId, recordType: 'member', recordId: link.memberId, ip: origin.ip });
  });
}

// Sessions ------------------------------------------------------------------------------------

export interface SignedIn {
  memberId: string;
  /** The cookie's value (shown once; only its hash is stored). */
  sessionSecret: string;
  csrfToken: string;
}

async function startSession(accounts: Accounts, memberId: string, origin: Origin, previousSecret: string | null): Promise<SignedIn> {
  const sessionSecret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + accounts.config.sessionMaxHours * 3_600_000);
  await accounts.db.transaction().execute(async (trx) => {
    // A new id at every sign-in: a session fixed before sign-in is never the signed-in one.
    if (previousSecret !== null) await repo.deleteSession(trx, secretHash(previousSecret));
    await repo.insertSession(trx, { idHash: secretHash(sessionSecret), memberId, csrfToken, expiresAt });
    await recordAudit(trx, { action: 'sign_in', memberId, ip: origin.ip });
  });
  return { memberId, sessionSecret, csrfToken };
}

/**
 * Signs a member in. Unknown email, wrong password and disabled member give the same answer in
 * about the same time (a dummy hash is verified). Failures are counted in the audit log, per
 * account and per IP; past the limit the answer is 429 before any password is checked.
 */
export async function signIn(
  accounts: Accounts,
  input: { email: string; password: string; previousSessionSecret?: string | null },
  t: Translate,
  origin: Origin,
): Promise<SignedIn> {
  const emailKey = emailKeyOf(input.email).slice(0, 254);
  await checkPasswordLimits(accounts, emailKey, origin);
  const member = emailKey === '' ? undefined : await repo.findMemberByEmailKey(accounts.db, emailKey);
  const passwordOk = await verifyPassword(input.password.slice(0, 1024), member?.passwordHash);
  if (member === undefined || !passwordOk || member.state !== 'active') {
    const reason = member === undefined ? 'unknown' : !passwordOk ? 'password' : 'disabled';
    await recordAudit(accounts.db, { action: 'sign_in_failed', memberId: member?.id ?? null, subjectKey: emailKey, ip: origin.ip, detail: { reason } });
    throw new PontesError('SIGN_IN_FAILED', { detail: 'wrong email or password' });
  }
  if (member.emailVerifiedAt === null) {
    // Only someone who knows the password learns that the address awaits verification.
    const link = await newEmailLink(accounts.db, 'verify', emailKey, member.id, null);
    await recordAudit(accounts.db, { action: 'sign_in_unverified', memberId: member.id, ip: origin.ip });
    await sendLink(accounts, t, member.email, 'verify', `${publicBase(accounts.config)}/verify-email?token=${link.secret}`, true);
    throw new PontesError('EMAIL_NOT_VERIFIED', { detail: 'the email address is not verified yet; a new link was sent' });
  }
  return startSession(accounts, member.id, origin, input.previousSessionSecret ?? null);
}

/** Ends the session (the cookie's) and logs it. */
export async function signOut(db: Db, sessionSecret: string, memberId: string, origin: Origin): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, secretHash(sessionSecret));
    await recordAudit(trx, { action: 'sign_out', memberId, ip: origin.ip });
  });
}

/** Who a request's credential makes the actor, for the pages' header and the CSRF check. */
export interface Authenticated {
  actor: MemberActor;
  member: { id: string; name: string; role: MemberRole };
  /** Present for a session (cookie); null for an API token. */
  session: { csrfToken: string } | null;
}

/**
 * The member behind a session cookie, or null when the session is unknown, expired (idle or
 * absolute) or its member disabled. A session acts with the role's full reach (scope admin).
 */
export async function authenticateSession(accounts: Accounts, secret: string): Promise<Authenticated | null> {
  if (secret.length === 0 || secret.length > 100) return null;
  const idHash = secretHash(secret);
  const row = await repo.findSession(accounts.db, idHash);
  if (row === undefined) return null;
  const now = new Date();
  if (row.expiresAt <= now || row.lastSeenAt.getTime() + accounts.config.sessionIdleMinutes * 60_000 <= now.getTime()) {
    await repo.deleteSession(accounts.db, idHash);
    return null;
  }
  if (row.state !== 'active') return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repo.touchSession(accounts.db, idHash, now);
  const actor = memberActor({
    memberId: row.memberId, role: row.role, organisationIds: row.organisationIds, focalOrganisationIds: row.focalOrganisationIds, focalPlaceIds: row.focalPlaceIds,
    via: 'session', scope: 'admin',
  });
  return { actor, member: { id: row.memberId, name: row.name, role: row.role }, session: { csrfToken: row.csrfToken } };
}

/**
 * The member behind an API token, or null when it is unknown, revoked or its member disabled.
 * The scope is the token's, capped by what the member's role may hold today.
 */
export async function authenticateToken(db: Db, token: string): Promise<Authenticated | null> {
  const found = await lookUpToken(db, token);
  return 'refused' in found ? null : found;
}

type TokenRefusal = { refused: 'malformed' | 'unknown' | 'revoked' | 'disabled'; memberId: string | null };

async function lookUpToken(db: Db, token: string): Promise<Authenticated | TokenRefusal> {
  if (token.length === 0 || token.length > 200) return { refused: 'malformed', memberId: null };
  const row = await repo.findApiToken(db, secretHash(token));
  if (row === undefined) return { refused: 'unknown', memberId: null };
  if (row.revokedAt !== null) return { refused: 'revoked', memberId: row.memberId };
  if (row.state !== 'active') return { refused: 'disabled', memberId: row.memberId };
  const now = new Date();
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) await repo.touchApiToken(db, row.id, now);
  const cap = maxScopeOf(row.role);
  const scope = SCOPE_RANK[row.scope] <= SCOPE_RANK[cap] ? row.scope : cap;
  const actor = memberActor({
    memberId: row.memberId, role: row.role, organisationIds: row.organisationIds, focalOrganisationIds: row.focalOrganisationIds, focalPlaceIds: row.focalPlaceIds,
    via: 'token', scope,
  });
  return { actor, member: { id: row.memberId, name: row.name, role: row.role }, session: null };
}

/**
 * The member behind a request's `Authorization: Bearer` token (undefined: the header is not a
 * bearer token). A refusal is written to the audit log as `token_refused` (throttled: see
 * recordSecurityEvent) with the reason, the first 12 hex digits of the token's SHA-256 (enough to
 * find a leaked token among the member's, useless to use it), the owner when the token is known,
 * and where the request went; then null (the caller answers 401).
 */
export async function authenticateBearer(db: Db, token: string | undefined, origin: Origin, target: { method: string; path: string }): Promise<Authenticated | null> {
  const found: Authenticated | TokenRefusal = token === undefined ? { refused: 'malformed', memberId: null } : await lookUpToken(db, token);
  if (!('refused' in found)) return found;
  await recordSecurityEvent(db, {
    action: 'token_refused', memberId: found.memberId, ip: origin.ip,
    detail: { reason: found.refused, tokenHash: token === undefined || token === '' ? null : secretHash(token).slice(0, 12), method: target.method, path: target.path.slice(0, 200) },
  });
  return null;
}

// Passwords -----------------------------------------------------------------------------------

/**
 * Asks for a reset link. The same answer whether or not the address has an account; the link,
 * if any, is sent after the answer. Limited per address and per IP.
 */
export async function requestPasswordReset(accounts: Accounts, email: string, t: Translate, origin: Origin): Promise<void> {
  const trimmed = email.trim();
  if (!isEmail(trimmed)) throw validation([{ field: 'email', reason: 'invalid' }]);
  const emailKey = emailKeyOf(trimmed);
  const { rateLimits } = accounts.config;
  await checkLimits(accounts, 'email', ['registration_requested', 'password_reset_requested'], emailKey, origin, {
    perAccount: rateLimits.emailRequestsPerAccount, perIp: rateLimits.emailRequestsPerIp, windowMinutes: rateLimits.emailWindowMinutes,
  });
  const member = await repo.findMemberByEmailKey(accounts.db, emailKey);
  const link = await accounts.db.transaction().execute(async (trx) => {
    await recordAudit(trx, { action: 'password_reset_requested', memberId: member?.id ?? null, subjectKey: emailKey, ip: origin.ip });
    if (member === undefined || member.state !== 'active') return null;
    await repo.voidEmailTokens(trx, emailKey, 'reset', new Date());
    return newEmailLink(trx, 'reset', emailKey, member.id, null);
  });
  if (link !== null && member !== undefined) await sendLink(accounts, t, member.email, 'reset', `${publicBase(accounts.config)}/reset-password?token=${link.secret}`, true);
}

/**
 * Sets a new password from a reset link. Ends every session of the member; following the link
 * also proves the address.
 */
export async function resetPassword(accounts: Accounts, input: { token: string; password: string; passwordConfirm: string }, origin: Origin): Promise<void> {
  const errors: { field: string; reason: string }[] = [];
  checkNewPassword(input.password, input.passwordConfirm, errors);
  if (errors.length > 0) throw validation(errors);
  const passwordHash = await hashPassword(input.password);
  await accounts.db.transaction().execute(async (trx) => {
    const link = input.token === '' ? undefined : await repo.consumeEmailToken(trx, secretHash(input.token), 'reset', new Date());
    if (link === undefined || link.memberId === null) throw new PontesError('LINK_INVALID', { detail: 'this reset link is unknown, used or expired' });
    const member = await repo.findMemberById(trx, link.memberId);
    if (member === undefined || member.state !== 'active') throw new PontesError('LINK_INVALID', { detail: 'this reset link is unknown, used or expired' });
    await repo.updateMember(trx, member.id, { passwordHash, ...(member.emailVerifiedAt === null ? { emailVerifiedAt: new Date() } : {}) });
    await repo.deleteMemberSessions(trx, member.id);
    await recordAudit(trx, { action: 'password_reset', memberId: member.id, ip: origin.ip });
  });
}

/**
 * A signed-in member changes their password (the current one is asked again). Every session
 * of the member ends; the browser that asked gets a fresh one.
 */
export async function changePassword(
  accounts: Accounts,
  actor: Actor,
  input: { current: string; password: string; passwordConfirm: string },
  origin: Origin,
): Promise<SignedIn> {
  const me = requireMember(actor);
  const member = await repo.findMemberById(accounts.db, me.memberId);
  if (member === undefined) throw new PontesError('UNAUTHENTICATED', { detail: 'this account no longer exists' });
  const errors: { field: string; reason: string }[] = [];
  if (!(await checkCurrentPassword(accounts, member, input.current, 'password_change', origin))) errors.push({ field: 'current_password', reason: 'wrong' });
  checkNewPassword(input.password, input.passwordConfirm, errors);
  if (errors.length > 0) throw validation(errors);
  const passwordHash = await hashPassword(input.password);
  await accounts.db.transaction().execute(async (trx) => {
    await repo.updateMember(trx, member.id, { passwordHash });
    await repo.deleteMemberSessions(trx, member.id);
    await recordAudit(trx, { action: 'password_changed', memberId: member.id, ip: origin.ip });
  });
  return startSession(accounts, member.id, origin, null);
}

// API tokens ----------------------------------------------------------------------------------

/**
 * Creates an API token for the signed-in member (or, for the operator, for `memberId`). The
 * scope may not exceed the role's (only admins hold `admin`), nor, when the request itself
 * comes with a token, that token's scope. The token is returned once; only its hash is kept.
 */
export async function createApiToken(
  db: Db,
  actor: Actor,
  input: { name: string; scope: TokenScope; memberId?: string },
  origin: Origin = { ip: null },
): Promise<{ token: string; info: ApiTokenInfo }> {
  let memberId: string;
  let role: MemberRole;
  if (actor.kind === 'operator') {
    const member = input.memberId === undefined ? undefined : await repo.findMemberById(db, input.memberId);
    if (member === undefined) throw new PontesError('NOT_FOUND', { detail: 'no such member' });
    if (member.state !== 'active') throw new PontesError('CONFLICT', { detail: `${member.email} is disabled` });
    memberId = member.id;
    role = member.role;
  } else {
    const me = requireMember(actor);
    memberId = me.memberId;
    role = me.role;
  }
  const errors: { field: string; reason: string }[] = [];
  if (!SCOPES.includes(input.scope)) errors.push({ field: 'scope', reason: 'invalid' });
  else if (SCOPE_RANK[input.scope] > SCOPE_RANK[maxScopeOf(role)]) errors.push({ field: 'scope', reason: 'above_role' });
  const name = checkName(input.name, errors);
  if (errors.length > 0) throw validation(errors);
  if (actor.kind === 'member' && actor.via === 'token' && SCOPE_RANK[input.scope] > SCOPE_RANK[actor.scope]) {
    throw new PontesError('FORBIDDEN', { detail: `a ${actor.scope}-scoped token cannot create a ${input.scope}-scoped one` });
  }
  const token = `pontes_${newSecret()}`;
  const info = await db.transaction().execute(async (trx) => {
    const created = await repo.insertApiToken(trx, { memberId, name, scope: input.scope, tokenHash: secretHash(token) });
    await recordAudit(trx, { action: 'token_created', memberId: actorId(actor) ?? memberId, recordType: 'api_token', recordId: created.id, ip: origin.ip, detail: { scope: input.scope, name, for: memberId } });
    return created;
  });
  return { token, info };
}

export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenInfo[]> {
  const me = requireMember(actor);
  return repo.listApiTokens(db, me.memberId);
}

/** Revokes one of the member's own tokens; another member's token is 404, as an unknown one. */
export async function revokeApiToken(db: Db, actor: Actor, tokenId: string, origin: Origin = { ip: null }): Promise<void> {
  const me = requireMember(actor);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.revokeApiToken(trx, me.memberId, tokenId))) throw new PontesError('NOT_FOUND', { detail: 'no such live token of yours' });
    await recordAudit(trx, { action: 'token_revoked', memberId: me.memberId, recordType: 'api_token', recordId: tokenId, ip: origin.ip });
  });
}

// The member's own profile and data ------------------------------------------------------------------

export interface Profile {
  member: Omit<Member, 'passwordHash'>;
  organisations: { id: string; name: string; focalPoint: boolean }[];
  focalPlaceIds: readonly string[];
  tokens: ApiTokenInfo[];
}

export async function getProfile(db: Db, actor: Actor): Promise<Profile> {
  const me = requireMember(actor);
  const member = await repo.findMemberById(db, me.memberId);
  if (member === undefined) throw new PontesError('UNAUTHENTICATED', { detail: 'this account no longer exists' });
  const access = await repo.memberAccess(db, me.memberId);
  const names = await repo.organisationNames(db, access.organisationIds);
  const { passwordHash: _omit, ...shown } = member;
  return {
    member: shown,
    organisations: names.map((o) => ({ ...o, focalPoint: access.focalOrganisationIds.includes(o.id) })),
    focalPlaceIds: access.focalPlaceIds,
    tokens: await repo.listApiTokens(db, me.memberId),
  };
}

/** What the public sees of a member: only the fields the member made public, each with something in it. */
export interface PublicProfile {
  id: string;
  name?: string;
  organisations?: { id: string; name: string }[];
  languages?: string[];
  expertise?: string[];
}

const MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A member's public profile (/members/{id}), for anyone: the fields listed in the member's
 * `public_fields` (name, organisations, languages, expertise), nothing else — never the email,
 * role or focal points. NOT_FOUND for an unknown, deleted or disabled member, one whose address
 * is not verified, and one who shows nothing (no public field, or only empty ones).
 */
export async function getPublicProfile(db: Db, memberId: string): Promise<PublicProfile> {
  const notFound = () => new PontesError('NOT_FOUND', { detail: `no public profile ${memberId.slice(0, 40)}` });
  if (!MEMBER_ID.test(memberId)) throw notFound();
  const member = await repo.findMemberById(db, memberId);
  if (member === undefined || member.state !== 'active' || member.emailVerifiedAt === null) throw notFound();
  const shown = new Set(member.publicFields.filter((f): f is PublicField => (PUBLIC_FIELDS as readonly string[]).includes(f)));
  const profile: PublicProfile = { id: member.id };
  if (shown.has('name') && member.name !== '') profile.name = member.name;
  if (shown.has('organisations')) {
    const organisations = await repo.organisationNames(db, (await repo.memberAccess(db, member.id)).organisationIds);
    if (organisations.length > 0) profile.organisations = organisations;
  }
  if (shown.has('languages') && member.languages.length > 0) profile.languages = member.languages;
  if (shown.has('expertise') && member.expertise.length > 0) profile.expertise = member.expertise;
  if (Object.keys(profile).length === 1) throw notFound();
  return profile;
}

export interface ProfileChanges {
  name: string;
  languages: string[];
  expertise: string[];
  publicFields: string[];
}

/** The fields a member edits. Organisations and focal points are set by admins (they grant rights). */
export async function updateProfile(db: Db, actor: Actor, changes: ProfileChanges, origin: Origin = { ip: null }): Promise<void> {
  const me = requireMember(actor);
  if (me.scope === 'read') throw new PontesError('FORBIDDEN', { detail: 'a read-scoped token cannot change the profile' });
  const errors: { field: string; reason: string }[] = [];
  const name = checkName(changes.name, errors);
  const languages = [...new Set(changes.languages)];
  if (languages.some((l) => !(PROFILE_LANGUAGES as readonly string[]).includes(l))) errors.push({ field: 'languages', reason: 'invalid' });
  const expertise = [...new Set(changes.expertise.map((e) => e.trim().replace(/\s+/g, ' ')).filter((e) => e !== ''))];
  if (expertise.length > 20 || expertise.some((e) => [...e].length > 60 || hasControlCharacters(e))) errors.push({ field: 'expertise', reason: 'invalid' });
  const publicFields = [...new Set(changes.publicFields)];
  if (publicFields.some((f) => !(PUBLIC_FIELDS as readonly string[]).includes(f))) errors.push({ field: 'public_fields', reason: 'invalid' });
  if (errors.length > 0) throw validation(errors);
  await db.transaction().execute(async (trx) => {
    await repo.updateMember(trx, me.memberId, { name, languages, expertise, publicFields });
    await recordAudit(trx, { action: 'profile_updated', memberId: me.memberId, recordType: 'member', recordId: me.memberId, ip: origin.ip });
  });
}

/** Everything Pontes holds about the member, as one JSON document (right of access). */
export async function exportMemberData(db: Db, actor: Actor): Promise<Record<string, unknown>> {
  const me = requireMember(actor);
  const profile = await getProfile(db, me);
  const audit = await repo.auditAbout(db, me.memberId, profile.member.emailKey);
  return {
    exportedAt: new Date().toISOString(),
    member: profile.member,
    organisations: profile.organisations,
    focalPlaceIds: profile.focalPlaceIds,
    apiTokens: profile.tokens,
    auditLog: audit,
  };
}

/**
 * Deletes the member's own account (the password is asked again). Sessions, tokens and ties go;
 * records they created stay, with no creator; audit entries lose their email and addresses.
 */
// The request's address is not logged: the entry that says an account was deleted keeps nothing personal.
// A wrong password is audited with the address (the account still exists, and the entry counts
// towards the limits); the addresses are erased with the rest if the account is then deleted.
export async function deleteOwnAccount(accounts: Accounts, actor: Actor, password: string, origin: Origin): Promise<void> {
  const { db } = accounts;
  const me = requireMember(actor);
  if (me.via !== 'session') throw new PontesError('FORBIDDEN', { detail: 'an account is deleted from its /account page, not with a token' });
  const member = await repo.findMemberById(db, me.memberId);
  if (member === undefined) throw new PontesError('UNAUTHENTICATED', { detail: 'this account no longer exists' });
  if (!(await checkCurrentPassword(accounts, member, password, 'account_deletion', origin))) throw validation([{ field: 'password', reason: 'wrong' }]);
  await db.transaction().execute(async (trx) => {
    // The last active admin stays (V2.3.4): checked under a lock on the active admins' rows.
    const admins = await repo.lockActiveAdmins(trx);
    if (admins.includes(member.id) && admins.length <= 1) throw new PontesError('CONFLICT', { detail: 'the last active administrator cannot delete their account' });
    await repo.forgetAuditSubject(trx, member.id, member.emailKey);
    await repo.deleteEmailTokensOf(trx, member.emailKey);
    await repo.deleteMember(trx, member.id);
    await recordAudit(trx, { action: 'account_deleted', recordType: 'member', recordId: member.id });
  });
}
