import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, practiceRecord, readOutbox, waitForMail, type TestApp, type TestMember } from '../../../test/helpers.js';
import { memberActor, OPERATOR } from '../../platform/auth/actor.js';
import { linkMatchToPartnership, matchForPartnership, matchOfPartnership } from './index.js';

let t: TestApp;
let maputo: string;
let durban: string;
let beira: string;
let focalMaputo: TestMember;
let focalDurban: TestMember;
let focalBeira: TestMember;
let stranger: TestMember;
let curator: TestMember;
let needId: string;
let sharingOffer: string;
let otherOffer: string;
let practiceId: string;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function body(overrides: Record<string, unknown>): Record<string, unknown> {
  return { language: 'en', contact_name: 'Focal point', contact_email: 'focal@example.org', expires_on: inDays(60), ...overrides };
}

async function placeId(name: string): Promise<string> {
  return (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function publish(collection: string, id: string, owner: TestMember): Promise<void> {
  for (const publication of ['submitted', 'in_review', 'published']) {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/${collection}/${id}/publication`, headers: publication === 'submitted' ? owner.headers : curator.headers, payload: { publication } });
    expect(response.statusCode, response.body).toBe(200);
  }
}

async function post(url: string, member: TestMember, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url, headers: member.headers, payload });
}

async function move(id: string, member: TestMember | null, status: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1/matches/${id}/status`, headers: member?.headers ?? {}, payload: { status, ...extra } });
}

beforeAll(async () => {
  t = await createTestApp();
  [maputo, durban, beira] = await Promise.all([placeId('Maputo'), placeId('Durban'), placeId('Beira')]);
  focalMaputo = await createMember(t.pontes, { role: 'member', focalPlaceIds: [maputo] });
  focalDurban = await createMember(t.pontes, { role: 'member', focalPlaceIds: [durban], email: 'durban-focal@example.org' });
  focalBeira = await createMember(t.pontes, { role: 'member', focalPlaceIds: [beira], email: 'beira-focal@example.org' });
  stranger = await createMember(t.pontes, { role: 'member' });
  curator = await createMember(t.pontes, { role: 'curator' });
  needId = (await post('/api/v1/needs', focalMaputo, body({
    title: 'Market vendors and hygiene', description: 'How to run clean markets with the vendors.', place_id: maputo,
    sectors: ['markets_street_vending'], challenges: ['informality'],
  }))).json().id;
  sharingOffer = (await post('/api/v1/offers', focalDurban, body({
    title: 'Our market management committees', description: 'Durban shares how vendors and the city run markets together.', place_id: durban,
    sectors: ['markets_street_vending'], challenges: ['informality'],
  }))).json().id;
  otherOffer = (await post('/api/v1/offers', focalBeira, body({
    title: 'Port logistics training', description: 'Beira shares its training of dock workers, and of the porters of its hygiene inspectors.', place_id: beira, sectors: ['transport'],
  }))).json().id;
  await publish('offers', sharingOffer, focalDurban);
  await publish('offers', otherOffer, focalBeira);
  const practice = await t.app.inject({
    method: 'POST', url: '/api/v1/practices', headers: curator.headers,
    payload: (({ id: _id, ...rest }) => rest)(practiceRecord({ sectors: ['markets_street_vending'], places: [{ city: 'Durban', country: 'ZA' }] })),
  });
  expect(practice.statusCode, practice.body).toBe(201);
  practiceId = practice.json().id;
  for (const status of ['submitted', 'in_review', 'published']) {
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/practices/${practiceId}/status`, headers: curator.headers, payload: { status } })).statusCode).toBe(200);
  }
});
afterAll(() => t.close());

describe('proposals for a need', () => {
  it('ranks an offer sharing the need\'s sectors above one that shares none, each with reasons in plain words', async () => {
    const response = await t.app.inject({ url: `/api/v1/needs/${needId}/proposals`, headers: focalMaputo.headers });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { kind: string; id: string; score: number; explanation: { factor: string; text: string }[] }[];
    const sharing = items.find((p) => p.id === sharingOffer)!;
    expect(sharing).toBeDefined();
    const other = items.find((p) => p.id === otherOffer)!;
    expect(other).toBeDefined();
    expect(sharing.score).toBeGreaterThan(other.score);
    expect(items.indexOf(sharing)).toBeLessThan(items.indexOf(other));
    expect(sharing.explanation.find((e) => e.factor === 'sectors')?.text).toMatch(/shared sector/);
    expect(items.map((p) => p.score)).toEqual([...items.map((p) => p.score)].sort((a, b) => b - a));
    expect(items.some((p) => p.kind === 'practice' && p.id === practiceId)).toBe(true);
  });

  it('answers 404 to those who may not read the need', async () => {
    expect((await t.app.inject({ url: `/api/v1/needs/${needId}/proposals` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/needs/${needId}/proposals`, headers: stranger.headers })).statusCode).toBe(404);
  });
});

describe('proposing a match', () => {
  let matchId: string;

  it('records a match (proposed, scored, explained), refuses the same pair again (409) and mails the counterpart\'s focal point', async () => {
    const before = readOutbox(t.pontes.config).length;
    const response = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'offer', id: sharingOffer } });
    expect(response.statusCode, response.body).toBe(201);
    const match = response.json();
    matchId = match.id;
    expect(response.headers.location).toBe(`/api/v1/matches/${matchId}`);
    expect(match).toMatchObject({ need_id: needId, status: 'proposed', counterpart: { kind: 'offer', id: sharingOffer, place_ids: [durban] }, partnership_id: null, version: 1 });
    expect(match.score).toBeGreaterThan(0);
    expect(match.explanation.length).toBeGreaterThan(0);
    const mail = await waitForMail(t.pontes.config, 'durban-focal@example.org');
    expect(mail.text).toContain(`/matches/${matchId}`);
    expect(mail.subject).toContain('Market vendors and hygiene');
    expect(readOutbox(t.pontes.config).length).toBe(before + 1);
    const again = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'offer', id: sharingOffer } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
  });

  it('refuses a counterpart the actor cannot see (400 naming it), a hidden need (400), and a stranger to both sides (403)', async () => {
    const draftOffer = (await post('/api/v1/offers', focalBeira, body({ title: 'Draft offer', place_id: beira }))).json().id;
    const hidden = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'offer', id: draftOffer } });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().errors[0].field).toBe('counterpart.id');
    const badKind = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'planet', id: draftOffer } });
    expect(badKind.json().errors[0].field).toBe('counterpart.kind');
    const hiddenNeed = await post('/api/v1/matches', stranger, { need_id: needId, counterpart: { kind: 'place', id: durban } });
    expect(hiddenNeed.statusCode).toBe(400);
    expect(hiddenNeed.json().errors[0].field).toBe('need_id');
    // A published need may be read by anyone, but only its people or the counterpart's propose matches.
    const publishedNeed = (await post('/api/v1/needs', focalMaputo, body({ title: 'Published need', place_id: maputo }))).json().id;
    await publish('needs', publishedNeed, focalMaputo);
    expect((await post('/api/v1/matches', stranger, { need_id: publishedNeed, counterpart: { kind: 'place', id: durban } })).statusCode).toBe(403);
    // The counterpart's focal point may propose itself.
    expect((await post('/api/v1/matches', focalDurban, { need_id: publishedNeed, counterpart: { kind: 'place', id: durban } })).statusCode).toBe(201);
    const count = await t.pontes.db.selectFrom('matches').select((eb) => eb.fn.countAll<string>().as('n')).where('needId', '=', needId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('matches a need with a practice: the practice\'s places are tied to it', async () => {
    const response = await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'practice', id: practiceId } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().counterpart).toMatchObject({ kind: 'practice', place_ids: [durban], title: 'Market vendors organise with the city' });
    expect((await t.app.inject({ url: `/api/v1/matches/${response.json().id}`, headers: focalDurban.headers })).statusCode).toBe(200);
  });

  it('moves along its lifecycle: the counterpart\'s focal point accepts; a stranger gets 404, the public 404', async () => {
    expect((await move(matchId, stranger, 'contacted')).statusCode).toBe(404);
    expect((await move(matchId, null, 'contacted')).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/matches/${matchId}`, headers: stranger.headers })).statusCode).toBe(404);
    const skipped = await move(matchId, focalDurban, 'accepted');
    expect(skipped.statusCode).toBe(409);
    expect(skipped.json().code).toBe('TRANSITION_NOT_ALLOWED');
    const contacted = await move(matchId, focalMaputo, 'contacted', { note: 'wrote to Durban' });
    expect(contacted.statusCode).toBe(200);
    expect(contacted.json()).toMatchObject({ status: 'contacted', version: 2 });
    expect((await move(matchId, focalMaputo, 'contacted')).statusCode).toBe(409);
    const stale = await move(matchId, focalDurban, 'accepted', { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const accepted = await move(matchId, focalDurban, 'accepted', { version: 2 });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    const toPartnership = await move(matchId, focalDurban, 'partnership_created');
    expect(toPartnership.statusCode).toBe(409);
    expect(toPartnership.json().detail).toContain('POST /api/v1/partnerships');
    expect(toPartnership.json().detail).toContain('match_id');
    const history = (await t.app.inject({ url: `/api/v1/matches/${matchId}/history`, headers: focalDurban.headers })).json();
    expect(history.items.filter((c: { field: string }) => c.field === 'status').map((c: { from: string | null; to: string }) => [c.from, c.to]))
      .toEqual([[null, 'proposed'], ['proposed', 'contacted'], ['contacted', 'accepted']]);
    expect(history.items.find((c: { to: string }) => c.to === 'contacted').note).toBe('wrote to Durban');
  });

  it('lists the matches each side may see', async () => {
    const durbanList = (await t.app.inject({ url: '/api/v1/matches', headers: focalDurban.headers })).json();
    expect(durbanList.items.map((m: { id: string }) => m.id)).toContain(matchId);
    const strangerList = (await t.app.inject({ url: '/api/v1/matches', headers: stranger.headers })).json();
    expect(strangerList.total).toBe(0);
    const ofNeed = (await t.app.inject({ url: `/api/v1/matches?need_id=${needId}`, headers: focalMaputo.headers })).json();
    expect(ofNeed.total).toBe(2);
    expect((await t.app.inject({ url: '/api/v1/matches?status=nonsense', headers: focalMaputo.headers })).statusCode).toBe(400);
  });

  it('gives the partnerships module an accepted match and links it to its partnership', async () => {
    const durbanActor = memberActor({ memberId: focalDurban.memberId, role: 'member', focalPlaceIds: [durban] });
    const strangerActor = memberActor({ memberId: stranger.memberId, role: 'member' });
    await expect(matchForPartnership(t.pontes.db, strangerActor, matchId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const facts = await matchForPartnership(t.pontes.db, durbanActor, matchId);
    expect(facts).toEqual({
      id: matchId, needId, status: 'accepted', version: 3,
      need: { placeId: maputo, organisationId: null, title: 'Market vendors and hygiene', sectors: ['markets_street_vending'], pillars: [], criticalAreas: [], challenges: ['informality'], targetGroups: [] },
      counterpart: { kind: 'offer', placeIds: [durban], organisationIds: [], practiceId: null },
    });
    const partnershipId = (await t.pontes.db.insertInto('partnerships').values({ title: 'Maputo–Durban markets', type: 'twinning', documents: '[]' }).returning('id').executeTakeFirstOrThrow()).id;
    await t.pontes.db.transaction().execute((trx) => linkMatchToPartnership(trx, durbanActor, matchId, partnershipId));
    const match = (await t.app.inject({ url: `/api/v1/matches/${matchId}`, headers: focalMaputo.headers })).json();
    expect(match).toMatchObject({ status: 'partnership_created', partnership_id: partnershipId, version: 4 });
    const changes = await t.pontes.db.selectFrom('stateChanges').select(['fromValue', 'toValue', 'memberId']).where('recordId', '=', matchId).where('field', '=', 'status').orderBy('id').execute();
    expect(changes.at(-1)).toEqual({ fromValue: 'accepted', toValue: 'partnership_created', memberId: focalDurban.memberId });
    const versions = await t.pontes.db.selectFrom('recordVersions').select('version').where('recordId', '=', matchId).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect((await matchOfPartnership(t.pontes.db, durbanActor, partnershipId))?.id).toBe(matchId);
    expect(await matchOfPartnership(t.pontes.db, strangerActor, partnershipId)).toBeNull();
    const audit = await t.pontes.db.selectFrom('auditLog').select('action').where('recordId', '=', matchId).execute();
    expect(audit.map((a) => a.action)).toContain('match.status');
    // Final: nothing moves it any more, and it cannot be linked twice.
    expect((await move(matchId, focalDurban, 'declined')).statusCode).toBe(409);
    await expect(matchForPartnership(t.pontes.db, durbanActor, matchId)).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    await expect(t.pontes.db.transaction().execute((trx) => linkMatchToPartnership(trx, OPERATOR, matchId, partnershipId))).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('refuses a partnership from a match that is not accepted (409)', async () => {
    const declined = (await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'place', id: beira } })).json().id;
    await expect(matchForPartnership(t.pontes.db, OPERATOR, declined)).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', status: 409 });
    expect((await move(declined, focalBeira, 'contacted')).statusCode).toBe(200);
    expect((await move(declined, focalBeira, 'declined')).statusCode).toBe(200);
    expect((await move(declined, focalMaputo, 'contacted')).statusCode).toBe(409);
  });

  it('lets anyone read a published match, but only its people move it (403 for a stranger)', async () => {
    const id = (await post('/api/v1/matches', focalMaputo, { need_id: needId, counterpart: { kind: 'place', id: durban } })).json().id;
    await publish('matches', id, focalMaputo);
    expect((await t.app.inject({ url: `/api/v1/matches/${id}` })).statusCode).toBe(200);
    expect((await move(id, stranger, 'contacted')).statusCode).toBe(403);
    expect((await move(id, null, 'contacted')).statusCode).toBe(401);
    expect((await move(id, focalDurban, 'contacted')).statusCode).toBe(200);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/needs', '/api/v1/offers/{id}', '/api/v1/needs/{id}/proposals', '/api/v1/matches', '/api/v1/matches/{id}/status', '/api/v1/offers/{id}/publication']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
