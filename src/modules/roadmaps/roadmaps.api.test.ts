import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../../../test/helpers.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import { roadmapStore } from './roadmaps.store.js';

// Roadmaps and commitments through the JSON API: creation with numbered commitments, bad
// input refused whole, status moves (allowed, refused, stale), who may move a commitment.

let t: TestApp;
let eventId: string;
let deletedEventId: string;
const place: Record<string, string> = {};
let organiserId: string;
let author: TestMember;
let durbanFocal: TestMember;
let stranger: TestMember;

async function placeId(name: string): Promise<string> {
  return (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  for (const name of ['Maputo', 'Durban', 'Belo Horizonte']) place[name] = await placeId(name);
  organiserId = (await db.insertInto('organisations').values({ name: 'City of Maputo', nameKey: 'city of maputo', countryCode: 'MZ', origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  const event = (at: string, deleted: boolean) => db.insertInto('events').values({
    title: 'Maputo peer-learning event', kind: 'peer_learning_event', startsAt: `${at}T08:00:00Z`, endsAt: `${at}T17:00:00Z`, timeZone: 'Africa/Maputo',
    placeId: place.Maputo, agenda: '[]', fieldVisits: '[]', publication: 'published', deletedAt: deleted ? new Date() : null,
  }).returning('id').executeTakeFirstOrThrow();
  eventId = (await event('2012-11-07', false)).id;
  deletedEventId = (await event('2012-11-08', true)).id;
  await db.insertInto('eventOrganisers').values({ eventId, position: 0, organisationId: organiserId }).execute();
  author = await createMember(t.pontes, { role: 'member' });
  durbanFocal = await createMember(t.pontes, { role: 'member', focalPlaceIds: [place.Durban!] });
  stranger = await createMember(t.pontes, { role: 'member' });
});
afterAll(() => t.close());

const counts = async () => ({
  roadmaps: Number((await t.pontes.db.selectFrom('roadmaps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  commitments: Number((await t.pontes.db.selectFrom('commitments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});

function roadmapBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Maputo roadmap', description: 'Adopted at the end of the event.', event_id: eventId, adopted_on: '2012-11-09',
    commitments: [
      { text: 'Set up a working group on market vendors', owners: [{ place_id: place.Maputo }], due_on: '2013-03-31' },
      { text: 'Exchange visit to Durban', owners: [{ place_id: place.Maputo }, { place_id: place.Durban }], due_on: '2013-08-31', evidence: [{ title: 'Visit report', url: 'https://example.org/report' }] },
    ],
    ...overrides,
  };
}

describe('roadmaps through the API', () => {
  let roadmapId: string;
  let second: { id: string; version: number };

  it('creates a draft roadmap with its commitments, numbered in order, and embeds them with progress', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/roadmaps', headers: author.headers, payload: roadmapBody() });
    expect(response.statusCode, response.body).toBe(201);
    const roadmap = response.json();
    roadmapId = roadmap.id;
    expect(response.headers.location).toBe(`/api/v1/roadmaps/${roadmapId}`);
    expect(response.headers.etag).toBe('"1"');
    expect(roadmap).toMatchObject({ title: 'Maputo roadmap', publication: 'draft', event_id: eventId, event: { id: eventId, title: 'Maputo peer-learning event' }, adopted_on: '2012-11-09', language: 'en' });
    expect(roadmap.commitments.map((c: { number: number; status: string }) => [c.number, c.status])).toEqual([[1, 'pending'], [2, 'pending']]);
    expect(roadmap.commitments[1].owners.map((o: { name: string }) => o.name)).toEqual(['Maputo', 'Durban']);
    expect(roadmap.commitments[1].evidence).toEqual([{ title: 'Visit report', url: 'https://example.org/report' }]);
    expect(roadmap.progress).toMatchObject({ total: 2, pending: 2, done: 0, share_done: 0, overdue: 2 });
    second = { id: roadmap.commitments[1].id, version: roadmap.commitments[1].version };
    // the draft is the author's: hidden from the public and from a stranger
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/commitments/${second.id}`, headers: stranger.headers })).statusCode).toBe(404);
  });

  it('refuses bad input whole, naming each field, and writes nothing', async () => {
    const before = await counts();
    const missingOwner = '00000000-0000-4000-8000-000000000001';
    const bad = await t.app.inject({
      method: 'POST', url: '/api/v1/roadmaps', headers: author.headers,
      payload: roadmapBody({ commitments: [{ text: 'Fine' }, { text: 'Owned by nobody', owners: [{ place_id: place.Maputo }, { organisation_id: missingOwner }] }, { text: 'Bad link', evidence: [{ url: 'javascript:alert(1)' }] }] }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['commitments[1].owners[1]', 'commitments[2].evidence[0].url']);
    expect(bad.json().detail).toContain('names no organisation');

    const noEvent = await t.app.inject({ method: 'POST', url: '/api/v1/roadmaps', headers: author.headers, payload: roadmapBody({ event_id: deletedEventId }) });
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json().errors[0]).toMatchObject({ field: 'event_id' });

    const notADay = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', due_on: 'next spring' } });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().errors[0].field).toBe('/due_on');
    const feb30 = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', due_on: '2013-02-30' } });
    expect(feb30.statusCode).toBe(400);
    const script = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', evidence: [{ url: 'javascript:alert(1)' }] } });
    expect(script.statusCode).toBe(400);
    expect(script.json().errors[0]).toMatchObject({ field: 'evidence[0].url', reason: expect.stringContaining('http or https') });
    const unknownOwner = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', owners: [{ place_id: missingOwner }] } });
    expect(unknownOwner.statusCode).toBe(400);
    expect(unknownOwner.json().errors[0]).toMatchObject({ field: 'owners[0]' });
    const twoIds = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', owners: [{ place_id: place.Maputo, organisation_id: organiserId }] } });
    expect(twoIds.statusCode).toBe(400);
    const beforeAdoption = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'x', due_on: '2012-01-01' } });
    expect(beforeAdoption.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('numbers added commitments after the last one', async () => {
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: author.headers, payload: { text: 'Report back to the municipal council', owners: [{ organisation_id: organiserId }], due_on: '2030-01-01' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ number: 3, status: 'pending', overdue: false, roadmap_id: roadmapId });
    expect(added.headers.location).toBe(`/api/v1/commitments/${added.json().id}`);
    const roadmap = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers })).json();
    expect(roadmap.commitments.map((c: { number: number }) => c.number)).toEqual([1, 2, 3]);
    // a stranger may not add to it (it is not even visible to them)
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/roadmaps/${roadmapId}/commitments`, headers: stranger.headers, payload: { text: 'x' } })).statusCode).toBe(404);
  });

  it('moves a commitment along its lifecycle and refuses other moves, the status it is in included (409)', async () => {
    const move = (status: string, headers: Record<string, string> = author.headers) =>
      t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/status`, headers, payload: { status, note: `to ${status}` } });
    const started = await move('in_progress');
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'in_progress', version: 2 });
    expect(started.headers.etag).toBe('"2"');
    expect((await move('in_progress')).statusCode).toBe(409);
    expect((await move('in_progress')).json().code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await move('done')).statusCode).toBe(200);
    expect((await move('dropped')).statusCode).toBe(409);
    expect((await move('pending')).statusCode).toBe(409);
    expect((await move('finished')).statusCode).toBe(409);
    expect((await move('in_progress')).json()).toMatchObject({ status: 'in_progress' }); // reopened
    const history = (await t.app.inject({ method: 'GET', url: `/api/v1/commitments/${second.id}/history`, headers: author.headers })).json();
    expect(history.items.filter((c: { field: string }) => c.field === 'status').map((c: { from: string | null; to: string }) => `${c.from}→${c.to}`))
      .toEqual(['null→pending', 'pending→in_progress', 'in_progress→done', 'done→in_progress']);
    // a commitment has no publication of its own
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/publication`, headers: author.headers, payload: { publication: 'submitted' } })).statusCode).toBe(404);
  });

  it('asks for the version of an edit (428) and refuses a stale one (409), changing nothing', async () => {
    const current = (await t.app.inject({ method: 'GET', url: `/api/v1/commitments/${second.id}`, headers: author.headers })).json();
    const noVersion = await t.app.inject({ method: 'PATCH', url: `/api/v1/commitments/${second.id}`, headers: author.headers, payload: { text: 'Changed' } });
    expect(noVersion.statusCode).toBe(428);
    const staleEdit = await t.app.inject({ method: 'PATCH', url: `/api/v1/commitments/${second.id}`, headers: { ...author.headers, 'if-match': '"1"' }, payload: { text: 'Changed' } });
    expect(staleEdit.statusCode).toBe(409);
    expect(staleEdit.json().code).toBe('VERSION_CONFLICT');
    const staleMove = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/status`, headers: { ...author.headers, 'if-match': '"1"' }, payload: { status: 'done' } });
    expect(staleMove.statusCode).toBe(409);
    expect(staleMove.json().code).toBe('VERSION_CONFLICT');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/commitments/${second.id}`, headers: author.headers })).json()).toMatchObject({ text: current.text, version: current.version, status: 'in_progress' });

    const edited = await t.app.inject({
      method: 'PATCH', url: `/api/v1/commitments/${second.id}`, headers: { ...author.headers, 'if-match': `"${current.version}"` },
      payload: { text: 'Exchange visit of nine vendors to Durban', owners: [{ place_id: place.Durban }], evidence: [] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ text: 'Exchange visit of nine vendors to Durban', version: current.version + 1, evidence: [], owners: [{ name: 'Durban' }] });

    const roadmap = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers })).json();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers, payload: { title: 'New' } })).statusCode).toBe(428);
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers, payload: { title: 'The Maputo roadmap', version: roadmap.version } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ title: 'The Maputo roadmap', version: roadmap.version + 1 });
    const again = await t.app.inject({ method: 'PATCH', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers, payload: { title: 'Lost', version: roadmap.version } });
    expect(again.statusCode).toBe(409);
    const late = await t.app.inject({ method: 'PATCH', url: `/api/v1/roadmaps/${roadmapId}`, headers: author.headers, payload: { adopted_on: '2014-01-01', version: roadmap.version + 1 } });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: 'adopted_on' });
  });

  it('lets an owner\'s focal point move the commitment and write notes, but not a stranger', async () => {
    // publish the roadmap (curators' workflow), so that everyone may read it
    for (const publication of ['submitted', 'in_review', 'published'] as const) await changePublication(t.pontes.db, OPERATOR, roadmapStore, roadmapId, { publication });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}` })).json().publication).toBe('published');
    const byStranger = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/status`, headers: stranger.headers, payload: { status: 'done' } });
    expect(byStranger.statusCode).toBe(403);
    const byPublic = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/status`, payload: { status: 'done' } });
    expect(byPublic.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/notes`, headers: stranger.headers, payload: { text: 'Hello' } })).statusCode).toBe(403);

    const byFocal = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/status`, headers: durbanFocal.headers, payload: { status: 'done', note: 'Both visits held' } });
    expect(byFocal.statusCode, byFocal.body).toBe(200);
    expect(byFocal.json().status).toBe('done');
    const note = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/notes`, headers: durbanFocal.headers, payload: { text: 'Nine Maputo participants came in June and August 2013.', noted_on: '2013-09-02' } });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().notes).toEqual([expect.objectContaining({ noted_on: '2013-09-02', text: 'Nine Maputo participants came in June and August 2013.', by: { member_id: durbanFocal.memberId, name: null } })]);
    const empty = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/notes`, headers: durbanFocal.headers, payload: { text: '   ' } });
    expect(empty.statusCode).toBe(400);
    const future = await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${second.id}/notes`, headers: durbanFocal.headers, payload: { text: 'x', noted_on: '2999-01-01' } });
    expect(future.statusCode).toBe(400);
    // the Durban focal point does not work on commitment 1 (Maputo's alone)
    const first = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmapId}` })).json().commitments[0];
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/commitments/${first.id}/status`, headers: durbanFocal.headers, payload: { status: 'done' } })).statusCode).toBe(403);
  });

  it('lists roadmaps with their progress, filtered by event and by overdue', async () => {
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps?event_id=${eventId}` })).json();
    expect(list).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(list.items[0]).toMatchObject({ id: roadmapId, progress: { total: 3, done: 1, overdue: 1 } });
    expect(list.items[0].commitments).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/roadmaps?overdue=true' })).json().total).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps?event_id=${deletedEventId}` })).json().total).toBe(0);
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/roadmaps', '/api/v1/roadmaps/{id}', '/api/v1/roadmaps/{id}/commitments', '/api/v1/commitments/{id}', '/api/v1/commitments/{id}/status', '/api/v1/commitments/{id}/notes']));
    expect(openapi.paths['/api/v1/commitments/{id}/publication']).toBeUndefined();
  });
});
