import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, signIn, type TestApp, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import { roadmapStore } from './roadmaps.store.js';

// The roadmap and commitment pages and forms, through a signed-in browser session (forms post
// with the session's CSRF token), without JavaScript.

let t: TestApp;
let session: TestSession;
let strangerSession: TestSession;
let eventId: string;
let maputo: string;
let organiserId: string;
let roadmapId: string;
let commitmentId: string;
const pages: [string, string][] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  maputo = (await db.selectFrom('places').select('id').where('name', '=', 'Maputo').executeTakeFirstOrThrow()).id;
  organiserId = (await db.insertInto('organisations').values({ name: 'City of Maputo', nameKey: 'city of maputo', countryCode: 'MZ', origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  eventId = (await db.insertInto('events').values({
    title: 'Maputo peer-learning event', kind: 'peer_learning_event', startsAt: '2012-11-07T06:00:00Z', endsAt: '2012-11-09T15:00:00Z', timeZone: 'Africa/Maputo',
    placeId: maputo, agenda: '[]', fieldVisits: '[]', publication: 'published',
  }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('eventOrganisers').values({ eventId, position: 0, organisationId: organiserId }).execute();
  const author = await createMember(t.pontes, { role: 'member' });
  session = await signIn(t.app, author.email, author.password);
  const stranger = await createMember(t.pontes, { role: 'member' });
  strangerSession = await signIn(t.app, stranger.email, stranger.password);
});
afterAll(() => t.close());

const get = async (url: string, headers: Record<string, string> = session.headers) => {
  const response = await t.app.inject({ method: 'GET', url, headers });
  pages.push([url, response.body]);
  return response;
};
const post = (url: string, payload: Record<string, string | string[]>, headers: Record<string, string> = session.headers) =>
  t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(Object.entries(payload).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString() });

describe('roadmap pages', () => {
  it('writes a roadmap through its form, keeping what was typed when it is refused', async () => {
    const form = await get('/roadmaps/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<option value="${eventId}">Maputo peer-learning event`);
    expect((await t.app.inject({ method: 'GET', url: '/roadmaps/new' })).statusCode).toBe(401);

    const refused = await post('/roadmaps/new', { title: '  ', event_id: eventId, description: 'What the cities agreed <on>', adopted_on: '2012-11-09', language: 'en' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('error-summary');
    expect(refused.body).toContain('<code>title</code>');
    expect(refused.body).toContain('What the cities agreed &lt;on>');
    pages.push(['refused', refused.body]);

    const created = await post('/roadmaps/new', { title: 'Maputo roadmap', event_id: eventId, description: 'What the cities agreed', adopted_on: '2012-11-09', language: 'en' });
    expect(created.statusCode, created.body).toBe(303);
    roadmapId = /\/roadmaps\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
  });

  it('adds commitments through a form that offers the event\'s parties as owners', async () => {
    const form = await get(`/roadmaps/${roadmapId}/commitments/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="place:${maputo}"`);
    expect(form.body).toContain(`value="organisation:${organiserId}"`);
    const refused = await post(`/roadmaps/${roadmapId}/commitments/new`, {
      text: 'Hygiene training for market vendors', due_on: '2013-03-31', owners: [`place:${maputo}`], evidence: 'javascript:alert(1) Report',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<code>evidence[0].url</code>');
    expect(refused.body).toContain('Hygiene training for market vendors');
    expect(refused.body).toMatch(new RegExp(`value="place:${maputo}" checked`));
    pages.push(['commitment-refused', refused.body]);

    const added = await post(`/roadmaps/${roadmapId}/commitments/new`, {
      text: 'Hygiene training for market vendors', due_on: '2013-03-31', owners: [`place:${maputo}`], other_owners: `http://localhost/organisations/${organiserId}`,
      evidence: 'https://example.org/training Training report',
    });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe(`/roadmaps/${roadmapId}#commitment-1`);
    commitmentId = (await t.pontes.db.selectFrom('commitments').select('id').where('roadmapId', '=', roadmapId).executeTakeFirstOrThrow()).id;
  });

  it('shows the roadmap with its progress, the overdue flag and the forms its people may use', async () => {
    const page = await get(`/roadmaps/${roadmapId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('0 of 1 commitment done (0%)');
    expect(page.body).toMatch(/<progress[^>]*max="1"[^>]*value="0"/);
    expect(page.body).toContain('<span class="badge overdue">Overdue</span>');
    expect(page.body).toContain('Hygiene training for market vendors');
    expect(page.body).toContain('<a href="https://example.org/training" rel="nofollow noopener">Training report</a>');
    expect(page.body).toContain(`action="/commitments/${commitmentId}/status"`);
    expect(page.body).toContain(`action="/commitments/${commitmentId}/notes"`);
    expect(page.body).toContain(`action="/roadmaps/${roadmapId}/publication"`);
    expect(page.body).toContain('Timeline');
    // a stranger does not see a draft
    expect((await t.app.inject({ method: 'GET', url: `/roadmaps/${roadmapId}`, headers: strangerSession.headers })).statusCode).toBe(404);
  });

  it('moves a commitment and adds notes from the roadmap page, and refuses an empty note keeping the day typed', async () => {
    const moved = await post(`/commitments/${commitmentId}/status`, { status: 'in_progress', version: '1', back: 'roadmap' });
    expect(moved.statusCode, moved.body).toBe(303);
    expect(moved.headers.location).toBe(`/roadmaps/${roadmapId}#commitment-1`);
    const same = await post(`/commitments/${commitmentId}/status`, { status: 'in_progress', back: 'roadmap' });
    expect(same.statusCode).toBe(409);

    const empty = await post(`/commitments/${commitmentId}/notes`, { text: ' ', noted_on: '2013-05-02', back: 'roadmap' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<code>text</code>');
    expect(empty.body).toContain('value="2013-05-02"');
    pages.push(['note-refused', empty.body]);
    const noted = await post(`/commitments/${commitmentId}/notes`, { text: 'First session held with 40 vendors.', noted_on: '2013-05-02', back: 'commitment' });
    expect(noted.statusCode).toBe(303);
    expect(noted.headers.location).toBe(`/commitments/${commitmentId}`);

    const page = await get(`/commitments/${commitmentId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('First session held with 40 vendors.');
    expect(page.body).toContain('In progress');
    expect(page.body).toContain('Pending → In progress');
    expect(page.body).not.toContain('/publication"');
  });

  it('keeps what was typed when an edit comes from a stale version (409)', async () => {
    expect((await post(`/roadmaps/${roadmapId}/edit`, { title: 'Renamed once', event_id: eventId, adopted_on: '2012-11-09', version: '1' })).statusCode).toBe(303);
    const stale = await post(`/roadmaps/${roadmapId}/edit`, { title: 'My late title', event_id: eventId, adopted_on: '2012-11-09', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this record meanwhile');
    expect(stale.body).toContain('value="My late title"');
    expect(stale.body).toContain('name="version" value="2"');
    pages.push(['roadmap-stale', stale.body]);

    const edit = await get(`/commitments/${commitmentId}/edit`);
    expect(edit.statusCode).toBe(200);
    const staleCommitment = await post(`/commitments/${commitmentId}/edit`, { text: 'My late wording', due_on: '2013-03-31', owners: [`place:${maputo}`], version: '1' });
    expect(staleCommitment.statusCode).toBe(409);
    expect(staleCommitment.body).toContain('My late wording');
    const badDay = await post(`/commitments/${commitmentId}/edit`, { text: 'My wording', due_on: '31/03/2013', version: '2' });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain('<code>due_on</code>');
    expect(badDay.body).toContain('value="31/03/2013"');
    pages.push(['commitment-bad-day', badDay.body]);

    // (the versions module's history page is checked by its own tests, not added to `pages`)
    const history = await t.app.inject({ method: 'GET', url: `/roadmaps/${roadmapId}/history`, headers: session.headers });
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Renamed once');
    expect((await t.app.inject({ method: 'GET', url: `/commitments/${commitmentId}/history`, headers: session.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/commitments/${commitmentId}/history`, headers: strangerSession.headers })).statusCode).toBe(404);
  });

  it('flags overdue commitments on the owners\' pages, for those who may read the roadmap', async () => {
    const place = await get(`/places/${maputo}`);
    expect(place.body).toContain('Overdue commitments');
    expect(place.body).toContain(`/commitments/${commitmentId}`);
    expect((await t.app.inject({ method: 'GET', url: `/places/${maputo}` })).body).not.toContain('Overdue commitments');
    for (const publication of ['submitted', 'in_review', 'published'] as const) await changePublication(t.pontes.db, OPERATOR, roadmapStore, roadmapId, { publication });
    expect((await t.app.inject({ method: 'GET', url: `/places/${maputo}` })).body).toContain('Overdue commitments');
    const organisation = await get(`/organisations/${organiserId}`);
    expect(organisation.body).toContain('Overdue commitments');
    const list = await get('/roadmaps');
    expect(list.body).toContain('Renamed once');
    expect(list.body).toContain('1 overdue');
  });

  it.runIf(hasJava)('renders valid HTML', () => {
    expect(htmlErrors(pages)).toBe('');
  });
});
