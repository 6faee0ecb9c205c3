import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../../../test/helpers.js';

let t: TestApp;
let author: TestMember;
let curator: TestMember;
let focal: TestMember;
let placeId: string;

const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();

async function post(member: TestMember, url: string, fields: Record<string, string | string[]>) {
  return t.app.inject({ method: 'POST', url, headers: { ...member.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
}

beforeAll(async () => {
  t = await createTestApp();
  author = await createMember(t.pontes, { role: 'member' });
  curator = await createMember(t.pontes, { role: 'curator' });
  const place = await t.pontes.db.selectFrom('placeNames').innerJoin('places', 'places.id', 'placeNames.placeId').select('places.id').where('nameKey', '=', 'durban').executeTakeFirstOrThrow();
  placeId = place.id;
  focal = await createMember(t.pontes, { role: 'member', focalPlaceIds: [placeId] });
});
afterAll(async () => {
  await t?.close();
});

const fields = {
  title: 'Street traders keep their stalls',
  summary: 'Traders and the city agree where stalls stand and who cleans the market.',
  language: 'en',
  places: 'Durban, ZA',
  partners: 'Traders Union | implementing | workers_organisation | ZA',
  sectors: ['markets_street_vending'],
  criteria: ['participation'],
  evidence_participation: 'Monthly forum.',
  results: 'Stalls licensed | 1200 | stalls | 2012',
};

describe('practice forms', () => {
  it('writes a practice through the form; a refused save keeps what was typed', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/practices/new' })).statusCode).toBe(401);
    const blank = await t.app.inject({ method: 'GET', url: '/practices/new', headers: author.headers });
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('name="title"');
    const refused = await post(author, '/practices/new', { ...fields, title: '', places: 'Durban, QQ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Traders and the city agree where stalls stand');
    expect(refused.body).toContain('<code>title</code>');
    expect(refused.body).toContain('Durban, QQ');
    const saved = await post(author, '/practices/new', fields);
    expect(saved.statusCode).toBe(303);
    const id = saved.headers.location!.split('/').pop()!;
    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/practices/${id}`, headers: author.headers })).json() as Record<string, unknown>;
    expect(api).toMatchObject({ status: 'draft', version: 1, criteriaMet: 1, sectors: ['markets_street_vending'] });
    expect((api.partners as { role: string }[])[0]?.role).toBe('implementing');

    const page = await t.app.inject({ method: 'GET', url: `/practices/${id}`, headers: author.headers });
    expect(page.body).toContain(`action="/practices/${id}/status"`);
    expect(page.body).toContain('value="submitted"');
    expect(page.body).not.toContain('value="published"');

    const edit = await t.app.inject({ method: 'GET', url: `/practices/${id}/edit`, headers: author.headers });
    expect(edit.body).toContain('Durban, ZA');
    expect((await post(author, `/practices/${id}/edit`, { ...fields, title: 'Edited title', version: '1' })).statusCode).toBe(303);
    const conflict = await post(author, `/practices/${id}/edit`, { ...fields, title: 'Typed during a conflict', version: '1' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Typed during a conflict');
    expect(conflict.body).toContain('name="version" value="2"');

    const history = await t.app.inject({ method: 'GET', url: `/practices/${id}/history`, headers: author.headers });
    expect(history.statusCode).toBe(200);
    expect(history.body).toMatch(/<ins>[^<]*Edited title/);
    expect(history.body).toMatch(/<del>[^<]*Street traders keep their stalls/);

    expect((await post(author, `/practices/${id}/status`, { status: 'submitted', version: '2' })).statusCode).toBe(303);
    const queue = await t.app.inject({ method: 'GET', url: '/review', headers: curator.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/practices/${id}`);
    expect((await t.app.inject({ method: 'GET', url: '/review', headers: author.headers })).statusCode).toBe(403);
    expect((await post(curator, `/practices/${id}/status`, { status: 'in_review' })).statusCode).toBe(303);
    expect((await post(curator, `/practices/${id}/status`, { status: 'draft', note: 'Say <who> pays.' })).statusCode).toBe(303);
    const returned = await t.app.inject({ method: 'GET', url: `/practices/${id}`, headers: author.headers });
    expect(returned.body).toContain('Say &lt;who');
  });
});

describe('place and organisation forms', () => {
  it('a focal point edits its place; curators clear the review flag; history shows the change', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/places/${placeId}/edit`, headers: author.headers })).statusCode).toBe(403);
    const formPage = await t.app.inject({ method: 'GET', url: `/places/${placeId}/edit`, headers: focal.headers });
    expect(formPage.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(formPage.body)![1]!;
    const bad = await post(focal, `/places/${placeId}/edit`, { name: 'Durban', kind: 'city', population: 'many', version });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="many"');
    expect((await post(focal, `/places/${placeId}/edit`, { name: 'Durban', kind: 'city', altNames: 'eThekwini', population: '3442361', version })).statusCode).toBe(303);
    expect((await post(focal, `/places/${placeId}/edit`, { name: 'Durban', kind: 'city', population: '1', version })).statusCode).toBe(409);
    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/places/${placeId}` })).json() as { population: number; altNames: string[]; version: number };
    expect(api).toMatchObject({ population: 3442361, altNames: ['eThekwini'], version: Number(version) + 1 });
    const history = await t.app.inject({ method: 'GET', url: `/places/${placeId}/history`, headers: focal.headers });
    expect(history.body).toMatch(/<ins>[^<]*3442361/);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/places/${placeId}/versions` })).statusCode).toBe(401);
  });
});
