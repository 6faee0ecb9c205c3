import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createMember, createTestApp, signIn as signInSession, TEST_ORIGIN, type TestApp } from '../../../test/helpers.js';
import { changeMemberAccess, createApiToken } from './index.js';
import { OPERATOR } from '../../platform/auth/actor.js';

// Small limits, and the test client (127.0.0.1) as a trusted proxy, so X-Forwarded-For names the client.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    PONTES_SIGN_IN_LIMIT_ACCOUNT: '3', PONTES_SIGN_IN_LIMIT_IP: '5', PONTES_EMAIL_LIMIT_ACCOUNT: '2', PONTES_EMAIL_LIMIT_IP: '4',
    PONTES_SEARCH_LIMIT_PER_MINUTE: '5', PONTES_TRUSTED_PROXIES: '127.0.0.1', PONTES_REGISTRATION: 'open',
  });
});
afterAll(async () => {
  await t?.close();
});

const signIn = (email: string, password: string, ip: string, accept = 'text/html') =>
  t.app.inject({ method: 'POST', url: '/sign-in', headers: { origin: TEST_ORIGIN, 'x-forwarded-for': ip, accept }, payload: { email, password } });

describe('sign-in limits (counted in the audit log)', () => {
  it('per account: past 3 failures, 429 with Retry-After, even with the right password, for known and unknown emails alike', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    for (let i = 0; i < 3; i++) expect((await signIn(member.email, 'wrong password!', `10.0.0.${i + 1}`)).statusCode).toBe(401);
    const limited = await signIn(member.email, member.password, '10.0.0.9');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(limited.headers['content-type']).toContain('text/html');
    expect(limited.body).toContain('Too many attempts. Please wait 15 minutes');
    for (let i = 0; i < 3; i++) await signIn('ghost@example.org', 'wrong password!', `10.0.1.${i + 1}`);
    const ghost = await signIn('ghost@example.org', 'wrong password!', '10.0.1.9');
    expect(ghost.statusCode).toBe(429);
    expect(ghost.body.replace(/\d+ minutes/, 'N minutes')).toBe(limited.body.replace(/\d+ minutes/, 'N minutes'));
    // the window passes (entries age): the account signs in again
    await t.pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 16 * 60_000) }).where('subjectKey', '=', member.email).execute();
    expect((await signIn(member.email, member.password, '10.0.0.9')).statusCode).toBe(303);
  });

  it('per IP: past 5 failures from one address, every account is refused from it, not from others', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    for (let i = 0; i < 5; i++) expect((await signIn(`someone-${i}@example.org`, 'wrong password!', '192.0.2.50')).statusCode).toBe(401);
    expect((await signIn(member.email, member.password, '192.0.2.50')).statusCode).toBe(429);
    expect((await signIn(member.email, member.password, '192.0.2.51')).statusCode).toBe(303);
  });

  it('X-Forwarded-For counts only from a configured proxy', async () => {
    const direct = await buildApp({ db: t.pontes.db, config: { ...t.pontes.config, trustedProxies: [] }, logger: false });
    try {
      // 192.0.2.50 is blocked above; without a trusted proxy the header is ignored (the client is 127.0.0.1)
      const member = await createMember(t.pontes, { role: 'member' });
      const response = await direct.inject({ method: 'POST', url: '/sign-in', headers: { origin: TEST_ORIGIN, 'x-forwarded-for': '192.0.2.50' }, payload: { email: member.email, password: member.password } });
      expect(response.statusCode).toBe(303);
      const ips = await t.pontes.db.selectFrom('auditLog').select('ip').where('memberId', '=', member.memberId).where('action', '=', 'sign_in').execute();
      expect(ips).toEqual([{ ip: '127.0.0.1' }]);
    } finally {
      await direct.close();
    }
  });
});

describe('the other pages that check a password: /account/password and /account/delete', () => {
  const form = (url: string, session: { cookie: string; csrfToken: string }, ip: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { origin: TEST_ORIGIN, cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'x-forwarded-for': ip }, payload });
  const change = (session: { cookie: string; csrfToken: string }, ip: string, current: string) =>
    form('/account/password', session, ip, { current_password: current, password: 'a brand new passphrase', password_confirm: 'a brand new passphrase' });

  it('per member: wrong current passwords are audited and share the sign-in budget; past it, 429 with Retry-After before any check', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signInSession(t.app, member.email, member.password);
    expect((await change(session, '10.3.0.1', 'not my password')).statusCode).toBe(400);
    expect((await form('/account/delete', session, '10.3.0.2', { password: 'not my password' })).statusCode).toBe(400);
    expect((await signIn(member.email, 'not my password', '10.3.0.3')).statusCode).toBe(401);
    const failures = await t.pontes.db.selectFrom('auditLog').select(['action', 'ip', 'detail']).where('subjectKey', '=', member.email).orderBy('id').execute();
    expect(failures).toEqual([
      { action: 'password_check_failed', ip: '10.3.0.1', detail: { purpose: 'password_change' } },
      { action: 'password_check_failed', ip: '10.3.0.2', detail: { purpose: 'account_deletion' } },
      { action: 'sign_in_failed', ip: '10.3.0.3', detail: { reason: 'password' } },
    ]);
    // 3 failures: the right password no longer helps, on either page nor at sign-in
    const limited = await change(session, '10.3.0.4', member.password);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(limited.body).toContain('Too many attempts');
    expect((await form('/account/delete', session, '10.3.0.5', { password: member.password })).statusCode).toBe(429);
    expect((await signIn(member.email, member.password, '10.3.0.6')).statusCode).toBe(429);
    expect(await t.pontes.db.selectFrom('members').select('id').where('id', '=', member.memberId).execute()).toHaveLength(1);
    // the window passes: the change goes through
    await t.pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 16 * 60_000) }).where('subjectKey', '=', member.email).execute();
    expect((await change(session, '10.3.0.7', member.password)).statusCode).toBe(303);
  });

  it('per IP: past 5 password failures from one address (sign-in or these pages), these pages answer 429 from it', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signInSession(t.app, member.email, member.password);
    for (let i = 0; i < 5; i++) expect((await signIn(`nobody-${i}@example.org`, 'wrong password!', '10.4.0.1')).statusCode).toBe(401);
    expect((await change(session, '10.4.0.1', member.password)).statusCode).toBe(429);
    expect((await form('/account/delete', session, '10.4.0.1', { password: member.password })).statusCode).toBe(429);
    expect((await form('/account/delete', session, '10.4.0.2', { password: member.password })).statusCode).toBe(303);
  });
});

describe('security events in the audit log (V16.3), throttled', () => {
  const events = (action: string, ip: string) =>
    t.pontes.db.selectFrom('auditLog').select(['memberId', 'ip', 'detail']).where('action', '=', action).where('ip', '=', ip).orderBy('id').execute();

  it('a refused bearer token: reason, a hash prefix of the token and the route; once a minute per address', async () => {
    for (let i = 0; i < 3; i++) {
      const refused = await t.app.inject({ method: 'GET', url: '/api/v1/tokens?x=secret', headers: { authorization: 'Bearer pontes_not-a-real-token', 'x-forwarded-for': '10.5.0.1' } });
      expect(refused.statusCode).toBe(401);
    }
    const rows = await events('token_refused', '10.5.0.1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: null, detail: { reason: 'unknown', method: 'GET', path: '/api/v1/tokens' } });
    expect((rows[0]!.detail as { tokenHash: string }).tokenHash).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(rows)).not.toContain('not-a-real-token');
    // a revoked token names its owner; a disabled member's token too; a malformed header is logged as such
    const member = await createMember(t.pontes, { role: 'member' });
    const { token, info } = await createApiToken(t.pontes.db, OPERATOR, { memberId: member.memberId, name: 'old', scope: 'read' });
    await t.pontes.db.updateTable('apiTokens').set({ revokedAt: new Date() }).where('id', '=', info.id).execute();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.5.0.2' } })).statusCode).toBe(401);
    expect(await events('token_refused', '10.5.0.2')).toMatchObject([{ memberId: member.memberId, detail: { reason: 'revoked' } }]);
    await changeMemberAccess(t.pontes.db, OPERATOR, member.memberId, { state: 'disabled' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/practices', headers: { ...member.headers, 'x-forwarded-for': '10.5.0.3' } })).statusCode).toBe(401);
    expect(await events('token_refused', '10.5.0.3')).toMatchObject([{ memberId: member.memberId, detail: { reason: 'disabled', path: '/api/v1/practices' } }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/practices', headers: { authorization: 'Basic abc', 'x-forwarded-for': '10.5.0.4' } })).statusCode).toBe(401);
    expect(await events('token_refused', '10.5.0.4')).toMatchObject([{ detail: { reason: 'malformed', tokenHash: null } }]);
  });

  it('a CSRF refusal: the reason, the member and the route; once a minute per address', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signInSession(t.app, member.email, member.password);
    const noToken = await t.app.inject({ method: 'POST', url: '/account/profile', headers: { origin: TEST_ORIGIN, cookie: session.cookie, 'x-forwarded-for': '10.6.0.1' }, payload: { name: 'x' } });
    expect(noToken.statusCode).toBe(403);
    const crossSite = await t.app.inject({ method: 'POST', url: '/account/profile', headers: { origin: 'https://evil.example', cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'x-forwarded-for': '10.6.0.1' }, payload: { name: 'x' } });
    expect(crossSite.statusCode).toBe(403);
    expect(await events('csrf_refused', '10.6.0.1')).toEqual([{ memberId: member.memberId, ip: '10.6.0.1', detail: { reason: 'token_missing', method: 'POST', path: '/account/profile' } }]);
    const loginCsrf = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'sec-fetch-site': 'cross-site', 'x-forwarded-for': '10.6.0.2' }, payload: { email: member.email, password: member.password } });
    expect(loginCsrf.statusCode).toBe(403);
    expect(await events('csrf_refused', '10.6.0.2')).toMatchObject([{ memberId: null, detail: { reason: 'cross_site', path: '/sign-in' } }]);
  });

  it('a 429, from any limit: which limit and the route; once a minute per address, however many refusals', async () => {
    const headers = { 'x-forwarded-for': '10.7.0.1' };
    for (let i = 0; i < 9; i++) await t.app.inject({ method: 'GET', url: `/api/v1/search?q=limits${i}`, headers });
    expect((await t.app.inject({ method: 'GET', url: '/search?q=limits', headers })).statusCode).toBe(429);
    expect(await events('rate_limited', '10.7.0.1')).toEqual([{ memberId: null, ip: '10.7.0.1', detail: { limit: 'search', method: 'GET', path: '/api/v1/search' } }]);
    for (let i = 0; i < 6; i++) await signIn('flood@example.org', 'wrong password!', '10.7.0.2');
    expect(await events('rate_limited', '10.7.0.2')).toMatchObject([{ detail: { limit: 'sign_in', path: '/sign-in' } }]);
    // a minute later, the next refusal from the same address is written again
    await t.pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 61_000) }).where('action', '=', 'rate_limited').where('ip', '=', '10.7.0.2').execute();
    await signIn('flood@example.org', 'wrong password!', '10.7.0.2');
    expect(await events('rate_limited', '10.7.0.2')).toHaveLength(2);
  });
});

describe('password reset and registration limits', () => {
  it('per address: past 2 requests, 429 (as problem+json on the API side, a page here)', async () => {
    const reset = (email: string, ip: string) => t.app.inject({ method: 'POST', url: '/reset-password', headers: { origin: TEST_ORIGIN, 'x-forwarded-for': ip }, payload: { email } });
    expect((await reset('limited@example.org', '198.51.100.1')).statusCode).toBe(200);
    expect((await reset('limited@example.org', '198.51.100.2')).statusCode).toBe(200);
    const third = await reset('limited@example.org', '198.51.100.3');
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    // registrations count in the same budget (both send email)
    const register = await t.app.inject({
      method: 'POST', url: '/register', headers: { origin: TEST_ORIGIN, 'x-forwarded-for': '198.51.100.4' },
      payload: { email: 'limited@example.org', name: '', password: 'long enough password', password_confirm: 'long enough password' },
    });
    expect(register.statusCode).toBe(429);
  });
});

describe('search and matching limits (per IP, per minute)', () => {
  it('answers 429 problem+json with Retry-After past the limit, on search, match and the CSV export only', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: `/api/v1/search?q=market${i}`, headers })).statusCode).toBe(200);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=market', headers });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'GET', url: '/search?q=market', headers })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/match', headers })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/practices.csv', headers })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/practices', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=market', headers: { 'x-forwarded-for': '203.0.113.8' } })).statusCode).toBe(200);
  });

  it('PONTES_RATE_LIMITS=off turns every limit off', async () => {
    const open = await buildApp({ db: t.pontes.db, config: { ...t.pontes.config, rateLimits: { ...t.pontes.config.rateLimits, enabled: false } }, logger: false });
    try {
      for (let i = 0; i < 8; i++) expect((await open.inject({ method: 'GET', url: '/api/v1/search?q=market', headers: { 'x-forwarded-for': '203.0.113.7' } })).statusCode).toBe(200);
      expect((await open.inject({ method: 'POST', url: '/sign-in', headers: { origin: TEST_ORIGIN, 'x-forwarded-for': '192.0.2.50' }, payload: { email: 'x@example.org', password: 'wrong password!' } })).statusCode).toBe(401);
    } finally {
      await open.close();
    }
  });
});
