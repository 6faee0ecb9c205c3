import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, signIn, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';

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

describe('adding places and organisations, merging duplicates (forms)', () => {
  // Browser sessions, as the forms are used: cookie and Origin headers, the CSRF token as the form's `_csrf` field.
  let writer: TestSession;
  let keeper: TestSession;
  const get = (url: string, session?: TestSession) => t.app.inject({ method: 'GET', url, ...(session !== undefined ? { headers: session.headers } : {}) });
  const send = (session: TestSession, url: string, fields: Record<string, string | string[]>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: session.cookie, origin: session.headers.origin, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...fields, _csrf: session.csrfToken }) });
  beforeAll(async () => {
    writer = await signIn(t.app, author.email, author.password);
    keeper = await signIn(t.app, curator.email, curator.password);
  });
  const pages = new Map<string, string>();
  let duplicateId: string;
  let practiceId: string;

  it('a member adds a place through the form; a refused one keeps what was typed', async () => {
    expect((await get('/places/new')).statusCode).toBe(401);
    expect((await get('/places')).body).not.toContain('href="/places/new"');
    expect((await get('/places', writer)).body).toContain('href="/places/new"');
    const blank = await get('/places/new', writer);
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('action="/places/new"');
    expect(blank.body).toContain('name="_csrf"');
    expect(blank.body).not.toContain('name="version"');
    pages.set('new-place', blank.body);

    const unknownCountry = await send(writer, '/places/new', { name: 'Durbn', kind: 'city', country: 'QQ', altNames: 'Durbn North', population: '1200' });
    expect(unknownCountry.statusCode).toBe(400);
    expect(unknownCountry.body).toContain('<code>country</code>');
    expect(unknownCountry.body).toContain('value="Durbn"');
    expect(unknownCountry.body).toContain('value="QQ"');
    expect(unknownCountry.body).toContain('Durbn North');
    pages.set('refused-place', unknownCountry.body);
    const notANumber = await send(writer, '/places/new', { name: 'Durbn', kind: 'city', country: 'ZA', latitude: 'south' });
    expect(notANumber.statusCode).toBe(400);
    expect(notANumber.body).toContain('<code>latitude</code>');
    expect(notANumber.body).toContain('value="south"');
    for (const bad of [{ latitude: '123' }, { kind: 'village' }, { name: ' ' }, { population: '-5' }] as Record<string, string>[]) {
      const refused = await send(writer, '/places/new', { name: 'Durbn', kind: 'city', country: 'ZA', ...bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('error-summary');
    }

    const saved = await send(writer, '/places/new', { name: 'Durbn', kind: 'city', country: 'za', population: '1 200' });
    expect(saved.statusCode).toBe(303);
    duplicateId = saved.headers.location!.split('/').pop()!;
    const api = (await get(`/api/v1/places/${duplicateId}`)).json() as Record<string, unknown>;
    expect(api).toMatchObject({ name: 'Durbn', kind: 'city', country: 'ZA', population: 1200 });
    expect((await get('/review', keeper)).body).toContain(`action="/places/${duplicateId}/merge"`);
  });

  it('the public and requests without the CSRF token are refused', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/places/new', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ name: 'Nowhere', country: 'ZA' }) });
    expect([401, 403]).toContain(anonymous.statusCode);
    const { cookie, origin } = writer.headers;
    for (const url of ['/places/new', '/organisations/new', `/places/${duplicateId}/merge`]) {
      const forged = await t.app.inject({ method: 'POST', url, headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ name: 'Forged Town', country: 'ZA', into: placeId }) });
      expect(forged.statusCode).toBe(403);
    }
    expect((await get('/api/v1/places?q=forged%20town')).json()).toMatchObject({ items: [] });
  });

  it('a member adds an organisation through the form; a refused one keeps what was typed', async () => {
    expect((await get('/organisations/new')).statusCode).toBe(401);
    expect((await get('/organisations', writer)).body).toContain('href="/organisations/new"');
    const blank = await get('/organisations/new', writer);
    expect(blank.statusCode).toBe(200);
    pages.set('new-organisation', blank.body);
    const refused = await send(writer, '/organisations/new', { name: 'Harbour Cooperative', kind: 'cooperative_sse', country: 'ZA', website: 'not a site', iatiOrgId: 'ZA-1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<code>website</code>');
    expect(refused.body).toContain('value="Harbour Cooperative"');
    expect(refused.body).toContain('value="not a site"');
    expect(refused.body).toContain('value="ZA-1"');
    pages.set('refused-organisation', refused.body);
    expect((await send(writer, '/organisations/new', { name: 'Harbour Cooperative', country: 'XX' })).body).toContain('<code>country</code>');
    expect((await send(writer, '/organisations/new', { name: 'Harbour Cooperative', kind: 'guild' })).body).toContain('<code>kind</code>');

    const saved = await send(writer, '/organisations/new', { name: 'Harbour Cooperative', kind: '', country: 'ZA', website: 'https://harbour.example.org' });
    expect(saved.statusCode).toBe(303);
    const id = saved.headers.location!.split('/').pop()!;
    expect((await get(`/api/v1/organisations/${id}`)).json()).toMatchObject({ name: 'Harbour Cooperative', country: 'ZA', website: 'https://harbour.example.org' });
    const again = await send(writer, '/organisations/new', { name: 'harbour cooperative', country: 'ZA' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('value="harbour cooperative"');
  });

  it('a curator merges a flagged place into another through the queue; links follow', async () => {
    const written = await send(writer, '/practices/new', { ...fields, title: 'Traders of Durbn', places: 'Durbn, ZA' });
    expect(written.statusCode).toBe(303);
    practiceId = written.headers.location!.split('/').pop()!;
    const placesOf = async () => ((await get(`/api/v1/practices/${practiceId}`, writer)).json() as { places: { placeId: string }[] }).places.map((p) => p.placeId);
    expect(await placesOf()).toEqual([duplicateId]);

    expect((await send(writer, `/places/${duplicateId}/merge`, { into: placeId })).statusCode).toBe(403);
    const nowhere = await send(keeper, `/places/${duplicateId}/merge`, { into: 'no-such-place' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('value="no-such-place"');
    expect(nowhere.body).toContain('names no record that is still live');
    pages.set('review-merge-refused', nowhere.body);
    const itself = await send(keeper, `/places/${duplicateId}/merge`, { into: duplicateId });
    expect(itself.statusCode).toBe(400);
    expect(itself.body).toContain('is the place itself');
    expect((await send(keeper, '/places/00000000-0000-4000-8000-000000000000/merge', { into: placeId })).statusCode).toBe(404);

    const merged = await send(keeper, `/places/${duplicateId}/merge`, { into: `http://localhost/places/${placeId}` });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/places/${placeId}`);
    expect(await placesOf()).toEqual([placeId]);
    expect((await get(`/places/${duplicateId}`)).statusCode).toBe(301);
    expect((await get('/review', keeper)).body).not.toContain(`/places/${duplicateId}/merge`);
  });

  it('a curator merges a duplicate organisation; a member may not', async () => {
    const create = async (name: string) => (await send(writer, '/organisations/new', { name, country: 'ZA' })).headers.location!.split('/').pop()!;
    const [keep, dup] = [await create('Street Vendors Alliance'), await create('Street Vendors Aliance')];
    const queue = await get('/review', keeper);
    expect(queue.body).toContain(`action="/organisations/${dup}/merge"`);
    pages.set('review', queue.body);
    expect((await send(writer, `/organisations/${dup}/merge`, { into: keep })).statusCode).toBe(403);
    const merged = await send(keeper, `/organisations/${dup}/merge`, { into: keep });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/organisations/${keep}`);
    expect((await get(`/organisations/${dup}`)).statusCode).toBe(301);
  });

  it.runIf(hasJava)('the new forms are valid HTML (Nu Html Checker)', () => {
    expect(pages.size).toBe(6);
    expect(htmlErrors(pages)).toBe('');
  });
});
