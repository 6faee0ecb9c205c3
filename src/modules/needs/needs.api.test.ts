import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../../../test/helpers.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createNeed } from './index.js';
import { todayUtc } from './needs.domain.js';

let t: TestApp;
let maputo: string;
let durban: string;
let beloHorizonte: string;
let unionId: string;
let focalMaputo: TestMember;
let focalDurban: TestMember;
let unionMember: TestMember;
let stranger: TestMember;
let curator: TestMember;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function needBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Hygiene in municipal markets',
    description: 'Maputo wants to learn how to organise water, waste and stalls with market vendors.',
    language: 'en',
    place_id: maputo,
    sectors: ['markets_street_vending'],
    challenges: ['informality'],
    target_groups: ['street_vendors'],
    contact_name: 'Market department',
    contact_email: 'markets@maputo.example.org',
    expires_on: inDays(90),
    ...overrides,
  };
}

async function placeId(name: string): Promise<string> {
  return (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function count(): Promise<number> {
  return Number((await t.pontes.db.selectFrom('needsOffers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

beforeAll(async () => {
  t = await createTestApp();
  [maputo, durban, beloHorizonte] = await Promise.all([placeId('Maputo'), placeId('Durban'), placeId('Belo Horizonte')]);
  unionId = (await t.pontes.db.insertInto('organisations').values({ name: 'Market Vendors Union', nameKey: 'market vendors union', countryCode: 'ZA', origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  focalMaputo = await createMember(t.pontes, { role: 'member', focalPlaceIds: [maputo] });
  focalDurban = await createMember(t.pontes, { role: 'member', focalPlaceIds: [durban] });
  unionMember = await createMember(t.pontes, { role: 'member', organisationIds: [unionId] });
  stranger = await createMember(t.pontes, { role: 'member' });
  curator = await createMember(t.pontes, { role: 'curator' });
});
afterAll(() => t.close());

describe('posting needs and offers', () => {
  it('creates a need for the focal point\'s place: 201, Location, ETag, a draft with its timeline', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody() });
    expect(response.statusCode).toBe(201);
    const need = response.json();
    expect(response.headers.location).toBe(`/api/v1/needs/${need.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(need).toMatchObject({ kind: 'need', place_id: maputo, organisation_id: null, publication: 'draft', version: 1, expired: false, sectors: ['markets_street_vending'] });
    const history = await t.app.inject({ url: `/api/v1/needs/${need.id}/history`, headers: focalMaputo.headers });
    expect(history.json().items.map((c: { field: string; to: string }) => [c.field, c.to])).toEqual([['publication', 'draft']]);
    // A need is not an offer.
    expect((await t.app.inject({ url: `/api/v1/offers/${need.id}`, headers: focalMaputo.headers })).statusCode).toBe(404);
  });

  it('posts an offer for one of the member\'s organisations', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/offers', headers: unionMember.headers, payload: needBody({ place_id: null, organisation_id: unionId, title: 'We share our stall agreements' }) });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'offer', organisation_id: unionId, place_id: null });
  });

  it('refuses bad input with 400 naming every field, and writes nothing', async () => {
    const before = await count();
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers,
      payload: needBody({ sectors: ['markets_street_vending', 'space_mining'], expires_on: '2001-01-01', contact_email: 'nobody', title: '' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['sectors', 'expires_on', 'contact_email', 'title']));
    expect(response.json().errors.find((e: { field: string }) => e.field === 'sectors').value).toBe('space_mining');
    expect(await count()).toBe(before);
  });

  it('refuses a need without a poster (400), with an unknown place (400), and a poster not the member\'s (403)', async () => {
    const before = await count();
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ place_id: null }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('place_id');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ place_id: '00000000-0000-4000-8000-000000000000' }) });
    expect(unknown.statusCode).toBe(400);
    const notYours = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ place_id: durban }) });
    expect(notYours.statusCode).toBe(403);
    const notYourOrg = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: stranger.headers, payload: needBody({ place_id: null, organisation_id: unionId }) });
    expect(notYourOrg.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/needs', payload: needBody() });
    expect(anonymous.statusCode).toBe(401);
    expect(await count()).toBe(before);
    // A curator may post for any place.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: curator.headers, payload: needBody({ place_id: beloHorizonte }) })).statusCode).toBe(201);
  });

  it('lets the demo loader write the handbook\'s needs, expired long ago, and nobody else', async () => {
    const need = await createNeed(t.pontes.db, OPERATOR, needBody({ expires_on: '2013-06-30', title: 'Maputo wants to learn market management (2012)' }), { demo: true });
    expect(need).toMatchObject({ demo: true, expired: true, expiresOn: '2013-06-30', publication: 'draft' });
    await expect(createNeed(t.pontes.db, OPERATOR, needBody({ expires_on: '2013-06-30' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('accepts an expiry of today, refuses one in the past and one that is not a date', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ expires_on: todayUtc() }) })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ expires_on: inDays(-1) }) })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ expires_on: '2030-02-30' }) })).statusCode).toBe(400);
  });
});

describe('reading needs', () => {
  let draftId: string;
  let publishedId: string;

  beforeAll(async () => {
    draftId = (await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalDurban.headers, payload: needBody({ place_id: durban, title: 'Draft need of Durban' }) })).json().id;
    publishedId = (await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalDurban.headers, payload: needBody({ place_id: durban, title: 'Published need of Durban' }) })).json().id;
    for (const publication of ['submitted', 'in_review', 'published']) {
      const headers = publication === 'submitted' ? focalDurban.headers : curator.headers;
      const moved = await t.app.inject({ method: 'POST', url: `/api/v1/needs/${publishedId}/publication`, headers, payload: { publication } });
      expect(moved.statusCode).toBe(200);
    }
  });

  it('hides a draft from the public and from strangers (404), shows it to its focal point', async () => {
    expect((await t.app.inject({ url: `/api/v1/needs/${draftId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/needs/${draftId}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/needs/${draftId}`, headers: focalDurban.headers })).statusCode).toBe(200);
    const publicList = (await t.app.inject({ url: '/api/v1/needs' })).json();
    expect(publicList.items.map((n: { id: string }) => n.id)).toEqual([publishedId]);
    const own = (await t.app.inject({ url: `/api/v1/needs?place_id=${durban}`, headers: focalDurban.headers })).json();
    expect(own.items.map((n: { id: string }) => n.id).sort()).toEqual([draftId, publishedId].sort());
  });

  it('shows the contact to signed-in readers only', async () => {
    expect((await t.app.inject({ url: `/api/v1/needs/${publishedId}` })).json().contact_email).toBeNull();
    expect((await t.app.inject({ url: `/api/v1/needs/${publishedId}`, headers: stranger.headers })).json().contact_email).toBe('markets@maputo.example.org');
  });

  it('leaves expired needs out of default lists, and shows them as expired when asked', async () => {
    const expiredId = (await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalDurban.headers, payload: needBody({ place_id: durban, title: 'Old need' }) })).json().id;
    await t.pontes.db.updateTable('needsOffers').set({ expiresOn: '2020-01-01' }).where('id', '=', expiredId).execute();
    const listed = (await t.app.inject({ url: `/api/v1/needs?place_id=${durban}`, headers: focalDurban.headers })).json();
    expect(listed.items.map((n: { id: string }) => n.id)).not.toContain(expiredId);
    const all = (await t.app.inject({ url: `/api/v1/needs?place_id=${durban}&include_expired=true`, headers: focalDurban.headers })).json();
    expect(all.items.find((n: { id: string }) => n.id === expiredId)).toMatchObject({ expired: true });
    expect((await t.app.inject({ url: `/api/v1/needs/${expiredId}`, headers: focalDurban.headers })).json().expired).toBe(true);
  });

  it('filters by sector and refuses unknown filter values', async () => {
    const bySector = (await t.app.inject({ url: '/api/v1/needs?sector=waste_recycling', headers: curator.headers })).json();
    expect(bySector.total).toBe(0);
    expect((await t.app.inject({ url: '/api/v1/needs?sector=nonsense' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/needs?place_id=nope' })).statusCode).toBe(400);
  });
});

describe('editing needs', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers: focalMaputo.headers, payload: needBody({ title: 'To be edited' }) })).json().id;
  });

  it('saves an edit from the current version, keeps the version, refuses a stale one (409) and a missing one (428)', async () => {
    const saved = await t.app.inject({ method: 'PATCH', url: `/api/v1/needs/${id}`, headers: { ...focalMaputo.headers, 'if-match': '"1"' }, payload: { title: 'Edited title', sectors: ['waste_recycling'] } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ title: 'Edited title', sectors: ['waste_recycling'], version: 2, description: expect.stringContaining('Maputo') });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/needs/${id}`, headers: focalMaputo.headers, payload: { title: 'Lost', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/needs/${id}`, headers: focalMaputo.headers, payload: { title: 'Lost' } })).statusCode).toBe(428);
    expect((await t.app.inject({ url: `/api/v1/needs/${id}`, headers: focalMaputo.headers })).json().title).toBe('Edited title');
    const versions = (await t.app.inject({ url: `/api/v1/needs/${id}/versions`, headers: focalMaputo.headers })).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('refuses an unknown code on edit (400) and a stranger (404)', async () => {
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/needs/${id}`, headers: focalMaputo.headers, payload: { pillars: ['nope'], version: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'pillars', value: 'nope' });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/needs/${id}`, headers: stranger.headers, payload: { title: 'x', version: 2 } })).statusCode).toBe(404);
  });
});
