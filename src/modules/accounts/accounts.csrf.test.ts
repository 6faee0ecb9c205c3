import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { UNSAFE_METHODS } from '../../platform/http/csrf.js';
import { createMember, createTestApp, signIn, TEST_ORIGIN, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';

let t: TestApp;
let admin: TestMember;
let session: TestSession;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createMember(t.pontes, { role: 'admin' });
  session = await signIn(t.app, admin.email, admin.password);
});
afterAll(async () => {
  await t?.close();
});

const SOME_ID = '00000000-0000-4000-8000-000000000000';
/** Every state-changing route of the app, from the router itself (so a route added tomorrow is checked too). */
const unsafeRoutes = () =>
  t.app.pontesRoutes.filter((r) => UNSAFE_METHODS.has(r.method)).map((r) => ({ method: r.method as 'POST', url: r.url.replace(/:[A-Za-z_]+/g, SOME_ID) }));

describe('CSRF: every state-changing route reached with a session cookie', () => {
  it('has routes to check (forms and API)', () => {
    const urls = unsafeRoutes().map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /sign-in', 'POST /sign-out', 'POST /account/profile', 'POST /api/v1/tokens', `DELETE /api/v1/tokens/${SOME_ID}`, 'POST /api/v1/imports']));
  });

  it('refuses each one without the token, with a wrong token, from another site, or with no origin evidence', async () => {
    for (const route of unsafeRoutes()) {
      const attempts: [string, Record<string, string>][] = [
        ['no token', { cookie: session.cookie, origin: TEST_ORIGIN }],
        ['wrong token', { cookie: session.cookie, origin: TEST_ORIGIN, 'x-csrf-token': 'x'.repeat(43) }],
        ['cross-site', { ...session.headers, 'sec-fetch-site': 'cross-site' }],
        ['same-site', { ...session.headers, 'sec-fetch-site': 'same-site' }],
        ['other origin', { ...session.headers, origin: 'https://evil.example' }],
        ['null origin', { ...session.headers, origin: 'null' }],
        ['no origin nor fetch metadata', { cookie: session.cookie, 'x-csrf-token': session.csrfToken }],
        ['token with a bearer token too', { cookie: session.cookie, origin: TEST_ORIGIN, ...admin.headers }],
      ];
      for (const [why, headers] of attempts) {
        const response = await t.app.inject({ method: route.method, url: route.url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: 'name=x' });
        expect(response.statusCode, `${route.method} ${route.url}: ${why}`).toBe(403);
        expect(response.body, `${route.method} ${route.url}: ${why}`).toContain('CSRF_FAILED');
      }
    }
    // and nothing changed: the session still works, the admin still has one token
    expect((await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    expect(await t.pontes.db.selectFrom('apiTokens').select('id').where('memberId', '=', admin.memberId).execute()).toHaveLength(1);
  });

  it('accepts the token in the form field or the header, with Origin alone or Sec-Fetch-Site: same-origin alone', async () => {
    const viaField = await t.app.inject({
      method: 'POST', url: '/account/profile', headers: { cookie: session.cookie, origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `name=Field&_csrf=${session.csrfToken}`,
    });
    expect(viaField.statusCode).toBe(303);
    const viaHeader = await t.app.inject({
      method: 'POST', url: '/api/v1/tokens', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'sec-fetch-site': 'same-origin' }, payload: { name: 'from the page', scope: 'read' },
    });
    expect(viaHeader.statusCode).toBe(201);
  });

  it('exempts bearer-token requests without a cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...admin.headers, origin: 'https://somewhere-else.example' }, payload: { name: 'machine', scope: 'read' } });
    expect(response.statusCode).toBe(201);
  });

  it('refuses a cross-site sign-in form (login CSRF) even without a cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { origin: 'https://evil.example' }, payload: { email: admin.email, password: admin.password } });
    expect(response.statusCode).toBe(403);
    expect(response.cookies.filter((c) => c.value !== '')).toEqual([]);
    const fetchMeta = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'sec-fetch-site': 'cross-site' }, payload: { email: admin.email, password: admin.password } });
    expect(fetchMeta.statusCode).toBe(403);
  });

  it('expects PONTES_PUBLIC_URL as the origin when it is configured, whatever the Host header says', async () => {
    const app = await buildApp({ db: t.pontes.db, config: { ...t.pontes.config, publicUrl: 'http://pontes.example.org' }, logger: false });
    try {
      const own = await app.inject({ method: 'POST', url: '/sign-out', headers: { ...session.headers, host: 'pontes.example.org', origin: 'http://pontes.example.org' } });
      expect(own.statusCode).toBe(303);
      const hostOnly = await app.inject({ method: 'POST', url: '/sign-out', headers: { ...session.headers, host: 'evil.example', origin: 'http://evil.example' } });
      expect(hostOnly.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
