import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, jsonl, practiceRecord, type TestApp, type TestMember } from '../../../test/helpers.js';
import { createApiToken } from '../accounts/index.js';
import { OPERATOR } from '../../platform/auth/actor.js';

let t: TestApp;
let admin: TestMember;
beforeAll(async () => {
  t = await createTestApp({ PONTES_IMPORT_MAX_MB: '1' });
  admin = await createMember(t.pontes, { role: 'admin' });
});
afterAll(async () => {
  await t?.close();
});

const post = (body: Buffer | string, headers: Record<string, string> = {}, query = '') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/imports${query}`,
    headers: { 'content-type': 'application/x-ndjson', ...admin.headers, ...headers },
    payload: body,
  });

describe('POST /api/v1/imports', () => {
  it('imports with an administrator\'s token and returns a summary', async () => {
    const response = await post(jsonl([practiceRecord({ id: 'h1' }), practiceRecord({ id: 'h2' })]), {}, '?source=http-test');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ source: 'http-test', status: 'published', added: 2, updated: 0, refused: 0 });
    // stored and listed when the call returns
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/practices?source=http-test' });
    expect(list.json()).toMatchObject({ total: 2 });
  });

  it('answers 401 without a token, or with a wrong one, before reading the body', async () => {
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'application/x-ndjson' }, payload: jsonl([practiceRecord()]) });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.headers['content-type']).toContain('application/problem+json');
    expect(noToken.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await post(jsonl([practiceRecord()]), { authorization: 'Bearer wrong-token-wrong-token' })).statusCode).toBe(401);
    // a body over the size limit would be 413 if it were read: unauthenticated, it is 401
    const tooBig = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'application/x-ndjson' }, payload: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(tooBig.statusCode).toBe(401);
    // and an unsupported content type too
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(wrongType.statusCode).toBe(401);
  });

  it('takes curators\' and admins\' write tokens only: a member, or a read-scoped token, is refused', async () => {
    const curator = await createMember(t.pontes, { role: 'curator' });
    expect((await post(jsonl([practiceRecord({ id: 'by-curator' })]), curator.headers, '?source=curated')).statusCode).toBe(200);
    const member = await createMember(t.pontes, { role: 'member' });
    const byMember = await post(jsonl([practiceRecord({ id: 'by-member' })]), member.headers, '?source=membered');
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().code).toBe('FORBIDDEN');
    const { token } = await createApiToken(t.pontes.db, OPERATOR, { memberId: admin.memberId, name: 'read only', scope: 'read' });
    expect((await post(jsonl([practiceRecord({ id: 'by-reader' })]), { authorization: `Bearer ${token}` }, '?source=read')).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/practices?source=membered' });
    expect(list.json()).toMatchObject({ total: 0 });
  });

  it('answers 422 listing every bad line and stores nothing', async () => {
    const body = [JSON.stringify(practiceRecord({ id: 'ok' })), '{"id": 1}', JSON.stringify(practiceRecord({ id: 'ok' }))].join('\n');
    const response = await post(body, {}, '?source=bad-http');
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'IMPORT_REFUSED', status: 422 });
    expect(problem.errors.map((e: { line: number }) => e.line)).toEqual(expect.arrayContaining([2, 3]));
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/practices?source=bad-http' });
    expect(list.json()).toMatchObject({ total: 0 });
  });

  it('answers 413 for a body over the limit and 415 for another content type', async () => {
    expect((await post(Buffer.alloc(2 * 1024 * 1024, 0x20))).statusCode).toBe(413);
    const wrongType = await post('a,b', { 'content-type': 'text/csv' });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('validates the source name and status', async () => {
    expect((await post(jsonl([practiceRecord()]), {}, '?source=../../etc')).statusCode).toBe(400);
    expect((await post(jsonl([practiceRecord()]), {}, '?status=archived')).statusCode).toBe(400);
  });
});
