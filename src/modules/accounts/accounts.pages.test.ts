import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, redactSecrets, type App } from '../../app.js';
import { createMember, createTestApp, linkIn, readOutbox, signIn, TEST_ORIGIN, waitForMail, type TestApp } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';
import { safeNext } from './accounts.pages.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PONTES_REGISTRATION: 'open' });
});
afterAll(async () => {
  await t?.close();
});

// form bodies as application/x-www-form-urlencoded, as browsers send them
const post = (url: string, payload: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(Object.entries(payload).flatMap(([k, v]) => [v].flat().map((x) => [k, x] as [string, string]))).toString(),
  });

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const sessionCookieOf = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((c) => c.name === 'pontes_session')?.value;

describe('sign in and out', () => {
  it('answers a wrong password and an unknown email alike, and logs both failures', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const wrong = await post('/sign-in', { email: member.email, password: 'not the password at all' });
    const unknown = await post('/sign-in', { email: 'nobody-here@example.org', password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body.replace(member.email, 'EMAIL')).toBe(unknown.body.replace('nobody-here@example.org', 'EMAIL'));
    expect(wrong.body).toContain('The email or the password is not right.');
    expect(wrong.body).toContain(`value="${member.email}"`);
    expect(wrong.body).not.toContain('not the password at all');
    expect(wrong.cookies.filter((c) => c.value !== '')).toEqual([]);
    const failures = await t.pontes.db.selectFrom('auditLog').select(['memberId', 'subjectKey', 'ip']).where('action', '=', 'sign_in_failed').execute();
    expect(failures).toEqual(expect.arrayContaining([
      { memberId: member.memberId, subjectKey: member.email, ip: '127.0.0.1' },
      { memberId: null, subjectKey: 'nobody-here@example.org', ip: '127.0.0.1' },
    ]));
  });

  it('sets an HttpOnly, SameSite=Lax session cookie; the database keeps only its SHA-256; a new id at every sign-in', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const response = await post('/sign-in', { email: member.email.toUpperCase(), password: member.password });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
    const cookie = response.cookies.find((c) => c.name === 'pontes_session')!;
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(cookie.secure).toBeUndefined();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.pontes.db.selectFrom('sessions').select('idHash').where('memberId', '=', member.memberId).execute();
    expect(rows).toEqual([{ idHash: createHash('sha256').update(cookie.value).digest('hex') }]);
    // signing in again from this browser replaces its session (no fixation)
    const again = await post('/sign-in', { email: member.email, password: member.password }, { cookie: `pontes_session=${cookie.value}` });
    // a signed-in browser posting the form without the token is refused (CSRF), so send it
    expect(again.statusCode).toBe(403);
    const session = await signIn(t.app, member.email, member.password);
    const replaced = await post('/sign-in', { email: member.email, password: member.password, _csrf: session.csrfToken }, { cookie: session.cookie });
    expect(replaced.statusCode).toBe(303);
    expect(sessionCookieOf(replaced)).not.toBe(session.cookie.split('=')[1]);
    expect((await get('/account', { cookie: session.cookie })).statusCode).toBe(303);
    expect(await t.pontes.db.selectFrom('auditLog').select('action').where('memberId', '=', member.memberId).where('action', '=', 'sign_in').execute()).toHaveLength(3);
  });

  it('goes back only to same-site relative paths after signing in', async () => {
    expect(safeNext('/practices?pillars=employment#x')).toBe('/practices?pillars=employment#x');
    for (const bad of ['//evil.example', '/\\evil.example', 'http://evil.example/', 'https:evil.example', 'javascript:alert(1)', '/\t/evil.example', ' /x', '', 'evil', '/%0d%0aSet-Cookie:x']) {
      expect(safeNext(bad) ?? 'refused', bad).not.toMatch(/evil|^javascript/);
    }
    const member = await createMember(t.pontes, { role: 'member' });
    const good = await post('/sign-in', { email: member.email, password: member.password, next: '/practices?sectors=construction' });
    expect(good.headers.location).toBe('/practices?sectors=construction');
    const evil = await post('/sign-in', { email: member.email, password: member.password, next: '//evil.example/steal' });
    expect(evil.headers.location).toBe('/account');
    // the sign-in page carries next through, and only a safe one
    expect((await get('/sign-in?next=%2Fplaces')).body).toContain('name="next" value="/places"');
    expect((await get('/sign-in?next=https%3A%2F%2Fevil.example')).body).not.toContain('evil.example');
  });

  it('signs out with a POST (the GET page only shows the button); the old cookie then opens nothing', async () => {
    const member = await createMember(t.pontes, { role: 'curator' });
    const session = await signIn(t.app, member.email, member.password);
    const page = await get('/sign-out', { cookie: session.cookie });
    expect(page.body).toMatch(/<form method="post" action="\/sign-out"><input type="hidden" name="_csrf" value="[^"]+"\/>/);
    const out = await t.app.inject({ method: 'POST', url: '/sign-out', headers: session.headers });
    expect(out.statusCode).toBe(303);
    expect(out.headers['clear-site-data']).toBe('"cache", "cookies"');
    expect(out.cookies.find((c) => c.name === 'pontes_session')?.value).toBe('');
    const after = await get('/account', { cookie: session.cookie });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/sign-in?next=%2Faccount');
    expect(await t.pontes.db.selectFrom('sessions').select('idHash').where('memberId', '=', member.memberId).execute()).toEqual([]);
  });

  it('ends idle and old sessions, and sessions of disabled members', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const idle = await signIn(t.app, member.email, member.password);
    await t.pontes.db.updateTable('sessions').set({ lastSeenAt: new Date(Date.now() - 121 * 60_000) }).where('memberId', '=', member.memberId).execute();
    const expired = await get('/account', { cookie: idle.cookie });
    expect(expired.statusCode).toBe(303);
    expect(expired.cookies.find((c) => c.name === 'pontes_session')?.value).toBe('');
    const old = await signIn(t.app, member.email, member.password);
    await t.pontes.db.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1000) }).where('memberId', '=', member.memberId).execute();
    expect((await get('/account', { cookie: old.cookie })).statusCode).toBe(303);
    const live = await signIn(t.app, member.email, member.password);
    await t.pontes.db.updateTable('members').set({ state: 'disabled' }).where('id', '=', member.memberId).execute();
    expect((await get('/account', { cookie: live.cookie })).statusCode).toBe(303);
    expect((await post('/sign-in', { email: member.email, password: member.password })).statusCode).toBe(401);
    expect((await get('/api/v1/tokens', member.headers)).statusCode).toBe(401);
  });

  it('over HTTPS the cookie is __Host-pontes_session, Secure, and the plain name is ignored', async () => {
    const https: App = await buildApp({ db: t.pontes.db, config: { ...t.pontes.config, publicUrl: 'https://pontes.example.org' }, logger: false });
    try {
      const member = await createMember(t.pontes, { role: 'member' });
      const response = await https.inject({ method: 'POST', url: '/sign-in', headers: { origin: 'https://pontes.example.org' }, payload: { email: member.email, password: member.password } });
      expect(response.statusCode).toBe(303);
      const cookie = response.cookies.find((c) => c.name === '__Host-pontes_session')!;
      expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax', secure: true });
      expect(cookie.domain).toBeUndefined();
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect((await https.inject({ method: 'GET', url: '/account', headers: { cookie: `__Host-pontes_session=${cookie.value}` } })).statusCode).toBe(200);
      expect((await https.inject({ method: 'GET', url: '/account', headers: { cookie: `pontes_session=${cookie.value}` } })).statusCode).toBe(303);
    } finally {
      await https.close();
    }
  });
});

describe('what caches and logs keep', () => {
  it('pages and API answers for a signed-in member or a token are no-store; public ones are not; plain HTTP gets no HSTS', async () => {
    const member = await createMember(t.pontes, { role: 'curator' });
    const session = await signIn(t.app, member.email, member.password);
    const publicPage = await get('/practices');
    expect(publicPage.headers['cache-control']).toBeUndefined();
    expect(publicPage.headers['strict-transport-security']).toBeUndefined();
    expect((await get('/practices', { cookie: session.cookie })).headers['cache-control']).toBe('no-store');
    expect((await get('/api/v1/practices', member.headers)).headers['cache-control']).toBe('no-store');
  });

  it('masks one-time link secrets in logged URLs', () => {
    expect(redactSecrets('/verify-email?token=abc123&next=%2F')).toBe('/verify-email?token=[redacted]&next=%2F');
    expect(redactSecrets('/register?invitation=s3cret')).toBe('/register?invitation=[redacted]');
    expect(redactSecrets('/search?q=token')).toBe('/search?q=token');
  });

  it('takes at most 1 MiB of JSON or form body outside imports (413 problem+json)', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const big = JSON.stringify({ title: 'x'.repeat(1100 * 1024), summary: 's', language: 'en', places: [{ city: 'Durban', country: 'ZA' }] });
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/practices', headers: { ...member.headers, 'content-type': 'application/json' }, payload: big });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('registration (open), verification and reset', () => {
  it('keeps what was typed (never the password) when the form is refused', async () => {
    const response = await post('/register', { email: 'keep@example.org', name: 'Keep <Me>', password: 'short', password_confirm: 'short' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="keep@example.org"');
    expect(response.body).toContain('value="Keep &lt;Me>"');
    expect(response.body).toContain('Use at least 12 characters.');
    expect(response.body).not.toContain('value="short"');
    const mismatch = await post('/register', { email: 'keep@example.org', name: '', password: 'a long password 1', password_confirm: 'a long password 2' });
    expect(mismatch.body).toContain('The two passwords are not the same.');
  });

  it('answers the same for a new and a known email; the known one gets "you already have an account"', async () => {
    const known = await createMember(t.pontes, { role: 'member' });
    const fresh = await post('/register', { email: 'new-person@example.org', name: 'New Person', password: 'new person password', password_confirm: 'new person password' });
    const again = await post('/register', { email: known.email, name: 'Someone', password: 'another password 1', password_confirm: 'another password 1' });
    expect(fresh.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(fresh.body).toBe(again.body);
    const already = await waitForMail(t.pontes.config, known.email, /already have/);
    expect(already.text).toContain('/reset-password');
    // the new person must verify before signing in; signing in sends a new link
    const verifyMail = await waitForMail(t.pontes.config, 'new-person@example.org', /Confirm/);
    const early = await post('/sign-in', { email: 'new-person@example.org', password: 'new person password' });
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain('not verified yet');
    const verified = await get(linkIn(verifyMail, '/verify-email'));
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toContain('your address is confirmed');
    expect((await get(linkIn(verifyMail, '/verify-email'))).statusCode).toBe(400);
    const ok = await post('/sign-in', { email: 'new-person@example.org', password: 'new person password' });
    expect(ok.statusCode).toBe(303);
    const member = await t.pontes.db.selectFrom('members').select(['role', 'name']).where('emailKey', '=', 'new-person@example.org').executeTakeFirstOrThrow();
    expect(member).toEqual({ role: 'member', name: 'New Person' });
    // the mail is a real RFC 5322 message from the configured sender
    expect(readOutbox(t.pontes.config).every((m) => m.file.endsWith('.eml'))).toBe(true);
  });

  it('resets a password through a one-time link; unknown addresses get the same answer; sessions end', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, member.email, member.password);
    const known = await post('/reset-password', { email: member.email });
    const unknown = await post('/reset-password', { email: 'no-account@example.org' });
    expect(known.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    const mail = await waitForMail(t.pontes.config, member.email, /new password/);
    const link = linkIn(mail, '/reset-password');
    expect(readOutbox(t.pontes.config).some((m) => m.to.includes('no-account@example.org'))).toBe(false);
    const page = await get(link);
    expect(page.statusCode).toBe(200);
    const token = new URL(link, TEST_ORIGIN).searchParams.get('token')!;
    const short = await post('/reset-password', { token, password: 'short', password_confirm: 'short' });
    expect(short.statusCode).toBe(400);
    const done = await post('/reset-password', { token, password: 'a brand new password', password_confirm: 'a brand new password' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in?reset=1');
    expect((await get('/account', { cookie: session.cookie })).statusCode).toBe(303);
    expect((await post('/sign-in', { email: member.email, password: member.password })).statusCode).toBe(401);
    expect((await post('/sign-in', { email: member.email, password: 'a brand new password' })).statusCode).toBe(303);
    expect((await post('/reset-password', { token, password: 'another new password', password_confirm: 'another new password' })).statusCode).toBe(400);
    expect((await get('/reset-password?token=made-up')).statusCode).toBe(400);
  });
});

describe('the account page', () => {
  it('needs a session; shows the profile and every POST form carries the CSRF token', async () => {
    expect((await get('/account')).headers.location).toBe('/sign-in?next=%2Faccount');
    const member = await createMember(t.pontes, { role: 'member' });
    // a token is not a browser session
    expect((await get('/account', member.headers)).statusCode).toBe(303);
    const session = await signIn(t.app, member.email, member.password);
    const page = await get('/account', { cookie: session.cookie });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const forms = page.body.match(/<form method="post"[^>]*>/g) ?? [];
    const tokens = page.body.match(/<form method="post"[^>]*><input type="hidden" name="_csrf" value="[^"]+"\/>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(5);
    expect(tokens.length).toBe(forms.length);
    expect(page.body).not.toContain('<script');
    // only read and write scopes are offered to a member
    expect(page.body).toContain('name="scope" value="write"');
    expect(page.body).not.toContain('name="scope" value="admin"');
  });

  it('saves the profile, and shows the typed values again when refused', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, member.email, member.password);
    const saved = await post('/account/profile', { name: 'Amina  Diallo', languages: ['fr', 'en'], expertise: 'street vending, waste pickers,, ', public_fields: ['name', 'expertise'] }, session.headers);
    expect(saved.statusCode).toBe(303);
    const row = await t.pontes.db.selectFrom('members').select(['name', 'languages', 'expertise', 'publicFields']).where('id', '=', member.memberId).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Amina Diallo', languages: ['fr', 'en'], expertise: ['street vending', 'waste pickers'], publicFields: ['name', 'expertise'] });
    const refused = await post('/account/profile', { name: 'x'.repeat(150), languages: ['xx'], expertise: 'typed expertise', public_fields: ['email'] }, session.headers);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="typed expertise"');
    expect(refused.body).toContain(`value="${'x'.repeat(150)}"`);
  });

  it('changes the password: the current one is asked, other sessions end, this browser stays in', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const other = await signIn(t.app, member.email, member.password);
    const session = await signIn(t.app, member.email, member.password);
    const wrong = await post('/account/password', { current_password: 'not it at all', password: 'my new password!', password_confirm: 'my new password!' }, session.headers);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('This password is not right.');
    // the wrong current password is audited (and counts towards the sign-in limits)
    const failures = await t.pontes.db.selectFrom('auditLog').select(['subjectKey', 'detail']).where('memberId', '=', member.memberId).where('action', '=', 'password_check_failed').execute();
    expect(failures).toEqual([{ subjectKey: member.email, detail: { purpose: 'password_change' } }]);
    // a common password is refused as a new one (ASVS 6.2.4), whatever its case
    const common = await post('/account/password', { current_password: member.password, password: 'Qwerty123456', password_confirm: 'Qwerty123456' }, session.headers);
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('This is one of the most common passwords');
    const changed = await post('/account/password', { current_password: member.password, password: 'my new password!', password_confirm: 'my new password!' }, session.headers);
    expect(changed.statusCode).toBe(303);
    const fresh = sessionCookieOf(changed)!;
    expect((await get('/account', { cookie: other.cookie })).statusCode).toBe(303);
    expect((await get('/account', { cookie: session.cookie })).statusCode).toBe(303);
    expect((await get('/account', { cookie: `pontes_session=${fresh}` })).statusCode).toBe(200);
    const actions = await t.pontes.db.selectFrom('auditLog').select('action').where('memberId', '=', member.memberId).where('action', '=', 'password_changed').execute();
    expect(actions).toHaveLength(1);
  });

  it('creates a token shown once, usable as a bearer token, and revokes it', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, member.email, member.password);
    const above = await post('/account/tokens', { name: 'too much', scope: 'admin' }, session.headers);
    expect(above.statusCode).toBe(400);
    expect(above.body).toContain('Your role cannot hold this scope.');
    expect(above.body).toContain('value="too much"');
    const created = await post('/account/tokens', { name: 'my script', scope: 'read' }, session.headers);
    expect(created.statusCode).toBe(201);
    const token = /<code class="token">(pontes_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toBeDefined();
    expect((await get('/account', { cookie: session.cookie })).body).not.toContain(token!);
    const list = await get('/api/v1/tokens', { authorization: `Bearer ${token!}` });
    expect(list.statusCode).toBe(200);
    const mine = (list.json() as { items: { id: string; name: string }[] }).items.find((i) => i.name === 'my script')!;
    expect(JSON.stringify(list.json())).not.toContain(token!.slice(7));
    const revoked = await post(`/account/tokens/${mine.id}/revoke`, {}, session.headers);
    expect(revoked.statusCode).toBe(303);
    expect((await get('/api/v1/tokens', { authorization: `Bearer ${token!}` })).statusCode).toBe(401);
  });

  it('exports the member\'s data as JSON, with no secret in it', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, member.email, member.password);
    const response = await get('/account/export', { cookie: session.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="pontes-account.json"');
    const data = response.json() as { member: { email: string }; apiTokens: unknown[]; auditLog: { action: string }[] };
    expect(data.member.email).toBe(member.email);
    expect(data.apiTokens).toHaveLength(1);
    expect(data.auditLog.map((e) => e.action)).toContain('sign_in');
    expect(response.body).not.toMatch(/argon2|passwordHash|tokenHash|idHash|csrf/i);
  });

  it('deletes the account (password asked again): sessions and tokens go, records stay without a creator', async () => {
    const member = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, member.email, member.password);
    const practice = await t.pontes.db
      .insertInto('practices')
      .values({
        source: 'mine', sourceId: 'p1', status: 'draft', title: 'Mine', summary: 'Mine', body: null, language: 'en', modality: 'south_south', modalityDerived: true, pillars: [], criticalAreas: [],
        challenges: [], sectors: [], targetGroups: [], keywords: [], criteria: '[]', results: '[]', sources: '[]', places: '[]', partners: '[]', periodStart: null, periodEnd: null,
        adaptedFrom: null, criteriaMet: 0, goodPractice: false, countryCodes: [], regionCodes: [], createdAt: new Date(), updatedAt: new Date(), publishedAt: null, createdBy: member.memberId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await post('/sign-in', { email: member.email, password: 'a failed attempt' });
    const wrong = await post('/account/delete', { password: 'not my password' }, session.headers);
    expect(wrong.statusCode).toBe(400);
    const deleted = await post('/account/delete', { password: member.password }, session.headers);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/sign-in?deleted=1');
    expect(await t.pontes.db.selectFrom('members').select('id').where('id', '=', member.memberId).execute()).toEqual([]);
    expect(await t.pontes.db.selectFrom('apiTokens').select('id').where('memberId', '=', member.memberId).execute()).toEqual([]);
    expect(await t.pontes.db.selectFrom('sessions').select('idHash').where('memberId', '=', member.memberId).execute()).toEqual([]);
    expect(await t.pontes.db.selectFrom('practices').select('createdBy').where('id', '=', practice.id).executeTakeFirst()).toEqual({ createdBy: null });
    expect(await t.pontes.db.selectFrom('auditLog').select('id').where('subjectKey', '=', member.email).execute()).toEqual([]);
    expect(await t.pontes.db.selectFrom('auditLog').select(['action', 'recordId']).where('action', '=', 'account_deleted').execute()).toEqual([{ action: 'account_deleted', recordId: member.memberId }]);
    expect((await get('/account', { cookie: session.cookie })).statusCode).toBe(303);
    expect((await get('/api/v1/tokens', member.headers)).statusCode).toBe(401);
  });
});

describe('public member profiles', () => {
  it('/members/{id} shows only the fields the member made public, escaped; the account page links to it', async () => {
    const organisation = await t.pontes.db.insertInto('organisations').values({ name: 'Vendors <Union> & "Co"', nameKey: 'vendors union co', origin: 'member' }).returning('id').executeTakeFirstOrThrow();
    const member = await createMember(t.pontes, { role: 'curator', name: '<script>alert(1)</script> Amina', organisationIds: [organisation.id] });
    const session = await signIn(t.app, member.email, member.password);
    // nothing public yet: no page, and the account page says so
    expect((await get(`/members/${member.memberId}`)).statusCode).toBe(404);
    expect((await get('/account', { cookie: session.cookie })).body).toContain('Nothing is public: you have no public profile page.');
    const saved = await post('/account/profile', {
      name: '<script>alert(1)</script> Amina', languages: ['fr', 'pt'], expertise: '"><img src=x onerror=alert(1)>, street vending', public_fields: ['name', 'expertise', 'organisations'],
    }, session.headers);
    expect(saved.statusCode).toBe(303);
    const account = await get('/account', { cookie: session.cookie });
    expect(account.body).toContain(`href="/members/${member.memberId}"`);
    expect(account.body).toContain('What you tick here appears on your public profile page');
    expect(account.body).toContain('the organisations an administrator tied you to');

    const page = await get(`/members/${member.memberId}`);
    expect(page.statusCode).toBe(200);
    // Preact escapes < & and " in text ("<" is enough to keep text from becoming markup)
    expect(page.body).toContain('<h1>&lt;script>alert(1)&lt;/script> Amina</h1>');
    expect(page.body).toContain('<dd>&quot;>&lt;img src=x onerror=alert(1)>, street vending</dd>');
    expect(page.body).not.toContain('<script');
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain(`<a href="/organisations/${organisation.id}">Vendors &lt;Union> &amp; &quot;Co&quot;</a>`);
    // languages are not public: not shown; nor the email or the role
    expect(page.body).not.toContain('French');
    expect(page.body).not.toContain(member.email);
    expect(page.body).not.toMatch(/curator/i);

    // only the name public: no facts list; an empty name is nothing to show
    await post('/account/profile', { name: 'Amina', languages: [], expertise: '', public_fields: ['name', 'languages'] }, session.headers);
    const nameOnly = await get(`/members/${member.memberId}`);
    expect(nameOnly.statusCode).toBe(200);
    expect(nameOnly.body).toContain('<h1>Amina</h1>');
    expect(nameOnly.body).not.toContain('<dl');
    await post('/account/profile', { name: '', languages: [], expertise: '', public_fields: ['name', 'languages'] }, session.headers);
    expect((await get(`/members/${member.memberId}`)).statusCode).toBe(404);

    // a disabled or deleted member, an unknown id or a malformed one: 404, as HTML
    await post('/account/profile', { name: 'Amina', languages: [], expertise: '', public_fields: ['name'] }, session.headers);
    expect((await get(`/members/${member.memberId}`)).statusCode).toBe(200);
    await t.pontes.db.updateTable('members').set({ state: 'disabled' }).where('id', '=', member.memberId).execute();
    expect((await get(`/members/${member.memberId}`)).statusCode).toBe(404);
    await t.pontes.db.deleteFrom('members').where('id', '=', member.memberId).execute();
    const gone = await get(`/members/${member.memberId}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('text/html');
    expect((await get('/members/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/members/not-an-id\'%20OR%201=1')).statusCode).toBe(404);
  });
});

describe('HTML', () => {
  it.runIf(hasJava)('the account pages are valid HTML (Nu Html Checker), with problems shown', async () => {
    const member = await createMember(t.pontes, { role: 'admin' });
    const session = await signIn(t.app, member.email, member.password);
    await post('/reset-password', { email: member.email });
    const reset = linkIn(await waitForMail(t.pontes.config, member.email, /new password/), '/reset-password');
    const saved = await post('/account/profile', { name: 'Ada', languages: ['fr'], expertise: 'waste pickers', public_fields: ['name', 'languages', 'expertise'] }, session.headers);
    expect(saved.statusCode).toBe(303);
    const pages = [
      (await get('/sign-in')).body,
      (await post('/sign-in', { email: 'x@example.org', password: 'wrong password!' })).body,
      (await get('/register')).body,
      (await post('/register', { email: 'bad', name: 'x', password: 'short', password_confirm: 'other' })).body,
      (await get('/reset-password')).body,
      (await get(reset)).body,
      (await get('/account', { cookie: session.cookie })).body,
      (await post('/account/tokens', { name: 'page', scope: 'admin' }, session.headers)).body,
      (await post('/account/password', { current_password: 'x', password: 'y', password_confirm: 'z' }, session.headers)).body,
      (await get(`/members/${member.memberId}`)).body,
      (await get('/account', { cookie: session.cookie })).body,
      (await get('/sign-out', { cookie: session.cookie })).body,
    ];
    expect(htmlErrors(pages.map((html, i) => [`page${i}`, html] as [string, string]))).toBe('');
  });
});
