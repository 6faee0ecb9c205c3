import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createMember, createTestApp, TEST_ORIGIN, type TestApp } from '../../../test/helpers.js';

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
  it('answers 429 problem+json with Retry-After past the limit, on search and match only', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: `/api/v1/search?q=market${i}`, headers })).statusCode).toBe(200);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=market', headers });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'GET', url: '/search?q=market', headers })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/match', headers })).statusCode).toBe(429);
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
