import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createMember, createTestApp, linkIn, signIn, TEST_ORIGIN, waitForMail, type TestApp, type TestMember } from '../../../test/helpers.js';
import { authenticateToken, changeMemberAccess, createApiToken } from './index.js';

let t: TestApp;
let admin: TestMember;
let member: TestMember;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createMember(t.pontes, { role: 'admin' });
  member = await createMember(t.pontes, { role: 'member' });
});
afterAll(async () => {
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

describe('bearer tokens', () => {
  it('a bad, revoked or disabled member\'s token is 401 problem+json everywhere, never the public view', async () => {
    for (const authorization of ['Bearer pontes_made-up', 'Bearer ', 'Basic YTpi', 'Bearer a b']) {
      const response = await api('GET', '/api/v1/practices', { authorization });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect((await api('GET', '/practices', { authorization: 'Bearer nope' })).statusCode).toBe(401);
    const other = await createMember(t.pontes, { role: 'curator' });
    expect((await api('GET', '/api/v1/tokens', other.headers)).statusCode).toBe(200);
    await api('PATCH', `/api/v1/members/${other.memberId}`, admin.headers, { state: 'disabled' });
    expect((await api('GET', '/api/v1/tokens', other.headers)).statusCode).toBe(401);
  });

  it('the scope of a token follows the role: a demoted admin\'s admin token acts as write', async () => {
    const former = await createMember(t.pontes, { role: 'admin' });
    expect((await authenticateToken(t.pontes.db, former.token))?.actor).toMatchObject({ role: 'admin', scope: 'admin', via: 'token' });
    await changeMemberAccess(t.pontes.db, OPERATOR, former.memberId, { role: 'member' });
    expect((await authenticateToken(t.pontes.db, former.token))?.actor).toMatchObject({ role: 'member', scope: 'write', via: 'token' });
  });

  it('the actor carries the member\'s organisations and focal points', async () => {
    const organisation = await t.pontes.db.insertInto('organisations').values({ name: 'City of Durban', nameKey: 'city of durban', kind: null, countryCode: 'ZA', placeId: null, website: null, iatiOrgId: null, origin: 'member' }).returning('id').executeTakeFirstOrThrow();
    const place = await t.pontes.db.selectFrom('places').select('id').limit(1).executeTakeFirstOrThrow();
    const focal = await createMember(t.pontes, { role: 'member', organisationIds: [organisation.id], focalOrganisationIds: [organisation.id], focalPlaceIds: [place.id] });
    expect((await authenticateToken(t.pontes.db, focal.token))?.actor).toMatchObject({
      organisationIds: [organisation.id], focalOrganisationIds: [organisation.id], focalPlaceIds: [place.id], scope: 'write',
    });
  });
});

describe('/api/v1/tokens', () => {
  it('needs a member (401), lists without secrets, creates up to the role and the calling token\'s scope', async () => {
    expect((await api('GET', '/api/v1/tokens')).statusCode).toBe(401);
    const created = await api('POST', '/api/v1/tokens', member.headers, { name: 'reader', scope: 'read' });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { id: string; token: string; scope: string };
    expect(body).toMatchObject({ name: 'reader', scope: 'read', revokedAt: null });
    expect(body.token).toMatch(/^pontes_/);
    const list = await api('GET', '/api/v1/tokens', member.headers);
    expect(list.json().items).toHaveLength(2);
    expect(list.body).not.toContain(body.token);
    expect(list.body).not.toMatch(/tokenHash|token_hash/);
    // above the role
    const above = await api('POST', '/api/v1/tokens', member.headers, { name: 'x', scope: 'admin' });
    expect(above.statusCode).toBe(400);
    expect(above.json().errors).toEqual([{ field: 'scope', reason: 'above_role' }]);
    // a read token cannot mint a write token
    expect((await api('POST', '/api/v1/tokens', { authorization: `Bearer ${body.token}` }, { name: 'x', scope: 'write' })).statusCode).toBe(403);
    // another member's token is 404, as an unknown one; revoking twice too
    expect((await api('DELETE', `/api/v1/tokens/${body.id}`, admin.headers)).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/tokens/${body.id}`, member.headers)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/tokens/${body.id}`, member.headers)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/tokens', { authorization: `Bearer ${body.token}` })).statusCode).toBe(401);
    const audit = await t.pontes.db.selectFrom('auditLog').select('action').where('recordId', '=', body.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['token_created', 'token_revoked']);
  });

  it('an admin may hold an admin-scoped token', async () => {
    expect((await api('POST', '/api/v1/tokens', admin.headers, { name: 'ops', scope: 'admin' })).statusCode).toBe(201);
    const { token } = await createApiToken(t.pontes.db, OPERATOR, { memberId: admin.memberId, name: 'w', scope: 'write' });
    // a write-scoped token of an admin is not an admin credential
    expect((await api('GET', '/api/v1/members', { authorization: `Bearer ${token}` })).statusCode).toBe(403);
  });
});

describe('invitations and members (administrators)', () => {
  it('an admin invites; the invited person chooses a password, is signed in with the role', async () => {
    expect((await api('POST', '/api/v1/invitations', member.headers, { email: 'x@example.org' })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/invitations', {}, { email: 'x@example.org' })).statusCode).toBe(401);
    const sent = await api('POST', '/api/v1/invitations', admin.headers, { email: 'Invited@Example.org', role: 'curator' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toMatchObject({ email: 'Invited@Example.org', role: 'curator' });
    expect((await api('POST', '/api/v1/invitations', admin.headers, { email: member.email })).statusCode).toBe(409);
    // registration is by invitation by default: the plain form is closed
    expect((await api('GET', '/register')).body).toContain('by invitation');
    const closed = await t.app.inject({ method: 'POST', url: '/register', headers: { origin: TEST_ORIGIN }, payload: { email: 'a@example.org', name: 'A', password: 'long enough password', password_confirm: 'long enough password' } });
    expect(closed.statusCode).toBe(403);
    const mail = await waitForMail(t.pontes.config, 'Invited@Example.org', /invited/);
    const link = linkIn(mail, '/register');
    const page = await api('GET', link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('invited@example.org');
    const invitation = new URL(link, TEST_ORIGIN).searchParams.get('invitation')!;
    const accepted = await t.app.inject({ method: 'POST', url: '/register', headers: { origin: TEST_ORIGIN }, payload: { invitation, name: 'Ines', password: 'invited password 1', password_confirm: 'invited password 1' } });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.cookies.find((c) => c.name === 'pontes_session')?.value).toMatch(/.{43}/);
    const row = await t.pontes.db.selectFrom('members').select(['role', 'name', 'emailVerifiedAt']).where('emailKey', '=', 'invited@example.org').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'curator', name: 'Ines' });
    expect(row.emailVerifiedAt).not.toBeNull();
    // the link works once
    expect((await api('GET', link)).statusCode).toBe(400);
    await signIn(t.app, 'invited@example.org', 'invited password 1');
  });

  it('lists members and changes roles, ties and state, with an audit trail; the last admin stays', async () => {
    expect((await api('GET', '/api/v1/members', member.headers)).statusCode).toBe(403);
    const list = await api('GET', '/api/v1/members', admin.headers);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toMatch(/argon2|passwordHash/);
    const target = await createMember(t.pontes, { role: 'member' });
    const session = await signIn(t.app, target.email, target.password);
    const promoted = await api('PATCH', `/api/v1/members/${target.memberId}`, admin.headers, { role: 'curator' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'curator', state: 'active' });
    expect((await api('PATCH', `/api/v1/members/${target.memberId}`, admin.headers, { organisationIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(400);
    const disabled = await api('PATCH', `/api/v1/members/${target.memberId}`, admin.headers, { state: 'disabled' });
    expect(disabled.json()).toMatchObject({ state: 'disabled' });
    expect((await api('GET', '/account', { cookie: session.cookie })).statusCode).toBe(303);
    const audit = await t.pontes.db.selectFrom('auditLog').select(['action', 'memberId']).where('recordId', '=', target.memberId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['member_created', 'role_changed', 'member_disabled']);
    expect(audit.at(-1)!.memberId).toBe(admin.memberId);
    // a second admin can be demoted; the last one cannot
    const second = await createMember(t.pontes, { role: 'admin' });
    expect((await api('PATCH', `/api/v1/members/${second.memberId}`, admin.headers, { role: 'member' })).statusCode).toBe(200);
    const actives = (await api('GET', '/api/v1/members', admin.headers)).json().items.filter((m: { role: string; state: string }) => m.role === 'admin' && m.state === 'active');
    for (const other of actives.filter((m: { id: string }) => m.id !== admin.memberId)) await api('PATCH', `/api/v1/members/${other.id}`, admin.headers, { role: 'member' });
    const last = await api('PATCH', `/api/v1/members/${admin.memberId}`, admin.headers, { state: 'disabled' });
    expect(last.statusCode).toBe(409);
  });
});
