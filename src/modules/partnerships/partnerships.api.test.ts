import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, practiceRecord, type TestApp, type TestMember } from '../../../test/helpers.js';
import { memberActor } from '../../platform/auth/actor.js';
import { createPartnership, partnershipsOfPlace } from './index.js';

let t: TestApp;
const place: Record<string, string> = {};
let ilo: string;
let norway: string;
let author: TestMember;
let focalDurban: TestMember;
let focalMaputo: TestMember;
let stranger: TestMember;
let curator: TestMember;

async function placeId(name: string): Promise<string> {
  return (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function organisation(name: string, kind: string, countryCode: string): Promise<string> {
  const row = await t.pontes.db.insertInto('organisations').values({ name, nameKey: name.toLowerCase(), kind, countryCode, placeId: null, website: null, iatiOrgId: null, origin: 'member' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Maputo and Durban, with whatever else is given. */
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Maputo–Durban market vendors exchange',
    description: 'Durban shows Maputo how its informal traders and the city run markets together.',
    type: 'twinning',
    parties: [{ place_id: place.Maputo, role: 'beneficiary' }, { place_id: place.Durban, role: 'provider' }],
    sectors: ['markets_street_vending'],
    starts_on: '2013-06-01',
    ends_on: '2013-08-31',
    ...overrides,
  };
}

const post = (url: string, member: TestMember | null, payload: unknown) => t.app.inject({ method: 'POST', url, headers: member?.headers ?? {}, payload: payload as Record<string, unknown> });
const get = (url: string, member: TestMember | null = null) => t.app.inject({ url, headers: member?.headers ?? {} });
const patch = (id: string, member: TestMember, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/partnerships/${id}`, headers: { ...member.headers, ...headers }, payload });
const move = (id: string, member: TestMember | null, status: string, extra: Record<string, unknown> = {}) => post(`/api/v1/partnerships/${id}/status`, member, { status, ...extra });

async function counts() {
  const n = async (table: 'partnerships' | 'partnershipParties' | 'partnershipContributions' | 'stateChanges' | 'recordVersions') =>
    Number((await t.pontes.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { partnerships: await n('partnerships'), parties: await n('partnershipParties'), contributions: await n('partnershipContributions'), changes: await n('stateChanges'), versions: await n('recordVersions') };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['Maputo', 'Durban', 'Matola', 'Barcelona', 'Belo Horizonte']) place[name] = await placeId(name);
  ilo = await organisation('International Labour Organization', 'international_organisation', 'CH');
  norway = await organisation('Norwegian Ministry of Foreign Affairs', 'national_government', 'NO');
  author = await createMember(t.pontes, { role: 'member' });
  focalDurban = await createMember(t.pontes, { role: 'member', focalPlaceIds: [place.Durban!] });
  focalMaputo = await createMember(t.pontes, { role: 'member', focalPlaceIds: [place.Maputo!] });
  stranger = await createMember(t.pontes, { role: 'member' });
  curator = await createMember(t.pontes, { role: 'curator' });
});
afterAll(() => t.close());

describe('creating a partnership', () => {
  it('answers 201 with the parties\' names and countries, the derived modality and its reason, status idea, a draft', async () => {
    const response = await post('/api/v1/partnerships', author, body({
      parties: [{ place_id: place.Maputo, role: 'beneficiary' }, { place_id: place.Durban, role: 'provider' }, { organisation_id: ilo, role: 'facilitator' }],
      documents: [{ title: 'Letter of intent', url: 'https://example.org/letter.pdf', date: '2013-05-10' }],
      contributions: [
        { party: 2, kind: 'cash', amount: 12500.5, currency: 'USD' },
        { party: 1, kind: 'in_kind', description: 'Two market managers for a week', amount: 3000, currency: 'usd' },
        { party: 0, kind: 'in_kind', description: 'Venue and local transport' },
        { kind: 'cash', amount: 40000, currency: 'MZN' },
      ],
    }));
    expect(response.statusCode, response.body).toBe(201);
    const partnership = response.json();
    expect(response.headers.location).toBe(`/api/v1/partnerships/${partnership.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(partnership).toMatchObject({
      status: 'idea', publication: 'draft', version: 1, type: 'twinning', modality: 'triangular',
      parties: [
        { position: 0, place_id: place.Maputo, organisation_id: null, role: 'beneficiary', name: 'Maputo', country: 'MZ', kind: null },
        { position: 1, place_id: place.Durban, role: 'provider', name: 'Durban', country: 'ZA' },
        { position: 2, place_id: null, organisation_id: ilo, role: 'facilitator', name: 'International Labour Organization', country: 'CH', kind: 'international_organisation' },
      ],
      starts_on: '2013-06-01', ends_on: '2013-08-31', agreement_on: null, created_by: author.memberId, match_ids: [],
    });
    expect(partnership.modality_reason).toContain('International Labour Organization, an international organisation');
    expect(partnership.contributions[1]).toEqual({ party: 1, kind: 'in_kind', amount: 3000, currency: 'USD', description: 'Two market managers for a week' });
    expect(partnership.contribution_totals).toEqual([
      { currency: 'MZN', cash: 40000, in_kind: 0, total: 40000 },
      { currency: 'USD', cash: 12500.5, in_kind: 3000, total: 15500.5 },
    ]);
    const timeline = (await get(`/api/v1/partnerships/${partnership.id}/history`, author)).json();
    expect(timeline.items.map((c: { field: string; to: string }) => [c.field, c.to])).toEqual([['publication', 'draft'], ['status', 'idea']]);
  });

  it('derives south_south for Maputo–Durban alone, and triangular with a Northern funder', async () => {
    const alone = (await post('/api/v1/partnerships', author, body())).json();
    expect(alone.modality).toBe('south_south');
    const funded = (await post('/api/v1/partnerships', author, body({ parties: [...(body().parties as unknown[]), { organisation_id: norway, role: 'funder' }] }))).json();
    expect(funded.modality).toBe('triangular');
    expect(funded.modality_reason).toContain('from Norway outside the Global South');
    const northSouth = (await post('/api/v1/partnerships', author, body({ parties: [{ place_id: place.Maputo, role: 'beneficiary' }, { place_id: place.Barcelona, role: 'provider' }] }))).json();
    expect(northSouth.modality).toBe('north_south');
  });

  it('refuses bad input with 400 naming each field, and writes nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string[]][] = [
      [body({ starts_on: '2013-08-01', ends_on: '2013-06-01' }), ['ends_on']],
      [body({ contributions: [{ kind: 'cash', amount: 100, currency: 'ZZZ' }] }), ['contributions[0].currency']],
      [body({ contributions: [{ kind: 'cash', amount: -5, currency: 'USD' }] }), ['contributions[0].amount']],
      [body({ contributions: [{ kind: 'in_kind' }, { kind: 'cash', currency: 'EUR' }, { kind: 'cash', amount: 1, currency: 'EUR', party: 7 }] }), ['contributions[0].description', 'contributions[1].amount', 'contributions[2].party']],
      [body({ parties: undefined }), ['parties']],
      [body({ parties: [{ place_id: place.Maputo, role: 'peer' }] }), ['parties']],
      [body({ parties: [{ place_id: place.Maputo, role: 'peer' }, { place_id: '00000000-0000-4000-8000-000000000000', role: 'peer' }, { organisation_id: '00000000-0000-4000-8000-000000000001', role: 'funder' }] }), ['parties[1].place_id', 'parties[2].organisation_id']],
      [body({ parties: [{ place_id: place.Maputo, role: 'boss' }, { place_id: place.Maputo, organisation_id: ilo, role: 'peer' }] }), ['parties[0].role', 'parties[1]']],
      [body({ documents: [{ title: 'Click me', url: 'javascript:alert(1)' }] }), ['documents[0].url']],
      [body({ sectors: ['markets_street_vending', 'space_travel'], practice_ids: ['00000000-0000-4000-8000-000000000002'] }), ['sectors[1]', 'practice_ids[0]']],
      [body({ type: 'marriage', title: '' }), ['title', 'type']],
      [body({ modality: 'south_south' }), ['modality']],
    ];
    for (const [payload, fields] of cases) {
      const response = await post('/api/v1/partnerships', author, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e: { field: string }) => e.field).sort(), response.body).toEqual([...fields].sort());
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses the public (401)', async () => {
    expect((await post('/api/v1/partnerships', null, body())).statusCode).toBe(401);
  });

  it('is what createPartnership gives other modules (the demo loader) from the same body', async () => {
    const actor = memberActor({ memberId: author.memberId, role: 'member' });
    const partnership = await createPartnership(t.pontes.db, actor, body({ title: 'Created by the service' }), { demo: true });
    expect(partnership).toMatchObject({ title: 'Created by the service', demo: true, modality: 'south_south', status: 'idea' });
  });
});

describe('a partnership\'s lifecycle and edits', () => {
  let id: string;

  beforeAll(async () => {
    id = (await post('/api/v1/partnerships', author, body({ title: 'Lifecycle' }))).json().id;
  });

  it('moves only along idea → negotiating → signed → active → completed; anything else (the same status too) is 409', async () => {
    const skipped = await move(id, author, 'active');
    expect(skipped.statusCode).toBe(409);
    expect(skipped.json().code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await move(id, author, 'idea')).statusCode).toBe(409);
    const negotiating = await move(id, author, 'negotiating', { note: 'first call with Durban' });
    expect(negotiating.statusCode, negotiating.body).toBe(200);
    expect(negotiating.json()).toMatchObject({ status: 'negotiating', version: 2 });
    expect(negotiating.headers.etag).toBe('"2"');
    expect((await move(id, author, 'negotiating')).statusCode).toBe(409);
    const stale = await move(id, author, 'signed', { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    for (const status of ['signed', 'active', 'completed']) expect((await move(id, author, status)).statusCode).toBe(200);
    expect((await move(id, author, 'lapsed')).statusCode).toBe(409);
    const history = (await get(`/api/v1/partnerships/${id}/history`, author)).json();
    expect(history.items.filter((c: { field: string }) => c.field === 'status').map((c: { from: string | null; to: string }) => [c.from, c.to])).toEqual([
      [null, 'idea'], ['idea', 'negotiating'], ['negotiating', 'signed'], ['signed', 'active'], ['active', 'completed'],
    ]);
    expect(history.items[2].note).toBe('first call with Durban');
  });

  it('lapses from any open status', async () => {
    const other = (await post('/api/v1/partnerships', author, body({ title: 'Lapses' }))).json().id;
    expect((await move(other, author, 'lapsed')).json().status).toBe('lapsed');
    expect((await move(other, author, 'negotiating')).statusCode).toBe(409);
  });

  it('edits need a version (428), refuse a stale one (409, nothing changed), and derive the modality again', async () => {
    const draft = (await post('/api/v1/partnerships', author, body({ title: 'To edit' }))).json();
    const missing = await patch(draft.id, author, { title: 'No version' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('VERSION_REQUIRED');
    const edited = await patch(draft.id, author, { title: 'Edited', parties: [...(body().parties as unknown[]), { organisation_id: ilo, role: 'facilitator' }] }, { 'if-match': '"1"' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Edited', version: 2, modality: 'triangular', sectors: ['markets_street_vending'], starts_on: '2013-06-01' });
    expect(edited.headers.etag).toBe('"2"');
    const before = await counts();
    const stale = await patch(draft.id, author, { title: 'From a stale copy', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const badEdit = await patch(draft.id, author, { ends_on: '2013-01-01', version: 2 });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.json().errors.map((e: { field: string }) => e.field)).toEqual(['ends_on']);
    expect(await counts()).toEqual(before);
    const cleared = await patch(draft.id, author, { sectors: null, starts_on: null, version: 2 });
    expect(cleared.json()).toMatchObject({ sectors: [], starts_on: null, ends_on: '2013-08-31', version: 3 });
    const versions = (await get(`/api/v1/partnerships/${draft.id}/versions`, author)).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
  });
});

describe('who sees and edits a partnership', () => {
  let id: string;

  beforeAll(async () => {
    id = (await post('/api/v1/partnerships', author, body({ title: 'Visibility' }))).json().id;
  });

  it('hides a draft from the public and from strangers (404), in items and in lists', async () => {
    expect((await get(`/api/v1/partnerships/${id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/partnerships/${id}`, stranger)).statusCode).toBe(404);
    expect((await move(id, stranger, 'negotiating')).statusCode).toBe(404);
    expect((await patch(id, stranger, { title: 'Mine now', version: 1 })).statusCode).toBe(404);
    expect((await get('/api/v1/partnerships')).json().total).toBe(0);
    expect((await get('/api/v1/partnerships', stranger)).json().total).toBe(0);
  });

  it('lets a party\'s focal point read, edit and move it', async () => {
    const read = await get(`/api/v1/partnerships/${id}`, focalDurban);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    const edited = await patch(id, focalDurban, { description: 'Durban adds its view.' }, { 'if-match': read.headers.etag as string });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await move(id, focalDurban, 'negotiating')).statusCode).toBe(200);
    const list = (await get('/api/v1/partnerships?place_id=' + place.Durban, focalDurban)).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(id);
    expect(list.items[0].parties[1]).toMatchObject({ name: 'Durban', country: 'ZA', role: 'provider' });
  });

  it('shows a published partnership to everyone, filtered by status, modality, type and place', async () => {
    for (const publication of ['submitted', 'in_review', 'published']) {
      const response = await post(`/api/v1/partnerships/${id}/publication`, publication === 'submitted' ? author : curator, { publication });
      expect(response.statusCode, response.body).toBe(200);
    }
    const read = (await get(`/api/v1/partnerships/${id}`)).json();
    expect(read).toMatchObject({ publication: 'published', status: 'negotiating' });
    const list = (await get('/api/v1/partnerships')).json();
    expect(list).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect((await get(`/api/v1/partnerships?status=negotiating&modality=south_south&type=twinning&place_id=${place.Maputo}`)).json().total).toBe(1);
    expect((await get('/api/v1/partnerships?status=idea')).json().total).toBe(0);
    expect((await get(`/api/v1/partnerships?place_id=${place.Barcelona}`)).json().total).toBe(0);
    expect((await get('/api/v1/partnerships?status=dreaming')).statusCode).toBe(400);
    expect((await get('/api/v1/partnerships?place_id=nowhere')).statusCode).toBe(400);
    const ofPlace = await partnershipsOfPlace(t.pontes.db, { kind: 'public' }, place.Durban!);
    expect(ofPlace.map((p) => p.id)).toEqual([id]);
    // The public reads it but may not move or edit it.
    expect((await move(id, null, 'signed')).statusCode).toBe(401);
    expect((await patch(id, stranger, { title: 'Vandal', version: 5 })).statusCode).toBe(403);
  });
});

describe('a partnership from an accepted match', () => {
  let needId: string;
  let practiceId: string;

  async function acceptedMatch(counterpart: { kind: string; id: string }): Promise<string> {
    const match = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart });
    expect(match.statusCode, match.body).toBe(201);
    const matchId = match.json().id as string;
    expect((await post(`/api/v1/matches/${matchId}/status`, focalMaputo, { status: 'contacted' })).statusCode).toBe(200);
    expect((await post(`/api/v1/matches/${matchId}/status`, focalMaputo, { status: 'accepted' })).statusCode).toBe(200);
    return matchId;
  }

  beforeAll(async () => {
    const need = await post('/api/v1/needs', focalMaputo, {
      title: 'Clean markets with the vendors', description: 'How to run clean markets with the vendors.', language: 'en', place_id: place.Maputo,
      sectors: ['markets_street_vending'], challenges: ['informality'], contact_name: 'Focal point', contact_email: 'focal@example.org',
      expires_on: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(need.statusCode, need.body).toBe(201);
    needId = need.json().id;
    const practice = await post('/api/v1/practices', curator, (({ id: _id, ...rest }) => rest)(practiceRecord({ places: [{ city: 'Belo Horizonte', country: 'BR' }] })));
    expect(practice.statusCode, practice.body).toBe(201);
    practiceId = practice.json().id;
    for (const status of ['submitted', 'in_review', 'published']) expect((await post(`/api/v1/practices/${practiceId}/status`, curator, { status })).statusCode).toBe(200);
  });

  it('takes parties and topics from the match, links both ways, and moves the match to partnership_created', async () => {
    const matchId = await acceptedMatch({ kind: 'place', id: place.Durban! });
    const response = await post('/api/v1/partnerships', focalMaputo, { match_id: matchId, type: 'twinning' });
    expect(response.statusCode, response.body).toBe(201);
    const partnership = response.json();
    expect(partnership).toMatchObject({
      title: 'Clean markets with the vendors', modality: 'south_south', match_ids: [matchId], sectors: ['markets_street_vending'], challenges: ['informality'],
      parties: [{ place_id: place.Maputo, role: 'beneficiary' }, { place_id: place.Durban, role: 'provider' }],
    });
    const match = (await get(`/api/v1/matches/${matchId}`, focalMaputo)).json();
    expect(match).toMatchObject({ status: 'partnership_created', partnership_id: partnership.id });
    // Linked once: a second partnership from the same match is refused, and nothing is written.
    const before = await counts();
    expect((await post('/api/v1/partnerships', focalMaputo, { match_id: matchId, type: 'project' })).statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('adds the matched practice to the topics, and keeps parties the body gives', async () => {
    const matchId = await acceptedMatch({ kind: 'practice', id: practiceId });
    const response = await post('/api/v1/partnerships', focalMaputo, {
      match_id: matchId, type: 'project', title: 'Learning from Belo Horizonte',
      parties: [{ place_id: place.Maputo, role: 'beneficiary' }, { place_id: place['Belo Horizonte'], role: 'provider' }, { organisation_id: ilo, role: 'facilitator' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ practice_ids: [practiceId], modality: 'triangular', match_ids: [matchId] });
  });

  it('refuses a match that is not accepted (409) and one the actor cannot read (404), writing nothing', async () => {
    const proposed = (await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'place', id: place.Matola } })).json().id;
    const before = await counts();
    const refused = await post('/api/v1/partnerships', focalMaputo, { match_id: proposed, type: 'twinning' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await post('/api/v1/partnerships', stranger, { match_id: proposed, type: 'twinning' })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('the OpenAPI document', () => {
  it('describes the partnership routes', async () => {
    const paths = (await get('/api/v1/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    for (const path of ['/api/v1/partnerships', '/api/v1/partnerships/{id}', '/api/v1/partnerships/{id}/status', '/api/v1/partnerships/{id}/publication', '/api/v1/partnerships/{id}/history']) {
      expect(paths[path], path).toBeDefined();
    }
    expect(Object.keys(paths['/api/v1/partnerships']!)).toEqual(expect.arrayContaining(['get', 'post']));
  });
});
