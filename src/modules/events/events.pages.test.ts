import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, signIn, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';

let t: TestApp;
let author: TestMember;
let session: TestSession;
let curator: TestMember;
let maputo: string;
const pages = new Map<string, string>();

const form = (values: Record<string, string>) => ({
  title: 'Maputo peer-learning event',
  kind: 'peer_learning_event',
  language: 'en',
  start: '2012-11-07T09:00',
  end: '2012-11-09T17:00',
  time_zone: 'Africa/Maputo',
  place: 'Maputo, MZ',
  venue: 'Municipal Council',
  description: 'Cities met in Maputo.\n\nThey talked about markets.',
  organisers: 'City of Maputo\nInternational Labour Organization',
  places: 'Durban, ZA\nBelo Horizonte, BR',
  by_sex_women: '20',
  by_sex_men: '25',
  by_constituency_government: '30',
  by_constituency_workers: '15',
  agenda: '2012-11-07T09:30 | Opening | Welcome by the mayor\nMarkets of Maputo',
  field_visits: 'Xipamanine market | Maputo | Vendors show their stalls',
  outcomes: 'A roadmap with seven commitments.',
  learning_report: '## Findings\n\nRead [the report](https://example.org/report).',
  ...values,
});

async function post(url: string, payload: Record<string, string>, who: TestSession = session) {
  return t.app.inject({ method: 'POST', url, headers: who.headers, payload: { ...payload, _csrf: who.csrfToken } });
}

async function publish(id: string) {
  for (const publication of ['submitted', 'in_review', 'published']) {
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/events/${id}/publication`, headers: curator.headers, payload: { publication } })).statusCode).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  maputo = (await db.selectFrom('places').select('id').where('name', '=', 'Maputo').executeTakeFirstOrThrow()).id;
  const city = (await db.insertInto('organisations').values({ name: 'City of Maputo', nameKey: 'city of maputo', countryCode: 'MZ', placeId: maputo, origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('organisations').values({ name: 'International Labour Organization', nameKey: 'international labour organization', origin: 'member' }).execute();
  author = await createMember(t.pontes, { role: 'member', organisationIds: [city], focalPlaceIds: [maputo] });
  curator = await createMember(t.pontes, { role: 'curator' });
  session = await signIn(t.app, author.email, author.password);
});
afterAll(() => t.close());

describe('event pages', () => {
  let id: string;

  it('the new-event form keeps what was typed when it is refused, and names the reasons', async () => {
    const blank = await t.app.inject({ url: '/events/new', headers: { cookie: session.cookie } });
    expect(blank.statusCode).toBe(200);
    pages.set('new', blank.body);
    expect((await t.app.inject({ url: '/events/new' })).statusCode).toBe(401);
    const refused = await post('/events/new', form({ end: '2012-11-06T09:00', by_sex_women: '-4', organisers: 'City of Maputo\nNobody Known', learning_report: '[x](javascript:alert(1))' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="Maputo peer-learning event"');
    expect(refused.body).toContain('Nobody Known');
    expect(refused.body).toContain('value="-4"');
    expect(refused.body).toMatch(/<code>end<\/code> is before start/);
    expect(refused.body).toMatch(/<code>organiser_ids\[1\]<\/code> names no organisation/);
    expect(refused.body).toContain('participants.by_sex.women');
    expect(refused.body).toContain('<code>learning_report</code>');
    pages.set('refused', refused.body);
    expect(await t.pontes.db.selectFrom('events').select('id').execute()).toEqual([]);
  });

  it('saves an event from the form and shows it in its own time zone, with participants, agenda and the report', async () => {
    const saved = await post('/events/new', form({}));
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    id = saved.headers.location!.split('/').at(-1)!;
    const page = await t.app.inject({ url: `/events/${id}`, headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    const html = page.body;
    pages.set('event', html);
    expect(html).toContain('<h1>Maputo peer-learning event</h1>');
    expect(html).toMatch(/Wednesday, 7 November 2012.*09:00.*Friday, 9 November 2012.*17:00|November 7, 2012.*9:00.*November 9, 2012.*5:00/);
    expect(html).toContain('Africa/Maputo (Central Africa Time)');
    expect(html).toContain(`href="/places/${maputo}"`);
    expect(html).toContain('Durban');
    expect(html).toMatch(/<td><strong>45<\/strong><\/td>/);
    expect(html).toContain('Welcome by the mayor');
    expect(html).toContain('Xipamanine market');
    expect(html).toContain('<a href="https://example.org/report" rel="nofollow noopener">the report</a>');
    expect(html).toContain(`href="/api/v1/events/${id}.ics"`);
    expect(html).toContain('Timeline');
    expect(html).toContain(`action="/events/${id}/publication"`);
    expect((await t.app.inject({ url: `/events/${id}` })).statusCode).toBe(404);
  });

  it('the edit form starts from the event, and a stale save keeps the typing (409)', async () => {
    const edit = await t.app.inject({ url: `/events/${id}/edit`, headers: { cookie: session.cookie } });
    expect(edit.statusCode).toBe(200);
    pages.set('edit', edit.body);
    expect(edit.body).toContain('value="2012-11-07T09:00"');
    expect(edit.body).toContain('Maputo, MZ');
    expect(edit.body).toContain('2012-11-07T09:30 | Opening | Welcome by the mayor');
    const first = await post(`/events/${id}/edit`, form({ title: 'First save', version: '1' }));
    expect(first.statusCode).toBe(303);
    const stale = await post(`/events/${id}/edit`, form({ title: 'My stale title', version: '1' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="My stale title"');
    expect(stale.body).toContain('name="version" value="2"');
    const api = await t.app.inject({ url: `/api/v1/events/${id}`, headers: author.headers });
    expect(api.json()).toMatchObject({ title: 'First save', version: 2, start: '2012-11-07T09:00:00+02:00' });
  });

  it('lists upcoming events first and past ones below, with filters', async () => {
    await publish(id);
    const list = await t.app.inject({ url: '/events' });
    expect(list.statusCode).toBe(200);
    pages.set('list', list.body);
    expect(list.body.indexOf('Upcoming events')).toBeLessThan(list.body.indexOf('Past events'));
    expect(list.body).toContain(`href="/events/${id}"`);
    expect((await t.app.inject({ url: '/events?kind=webinar' })).body).not.toContain(`href="/events/${id}"`);
    expect((await t.app.inject({ url: '/events?year=2012' })).body).toContain(`href="/events/${id}"`);
    expect((await t.app.inject({ url: `/events?place_id=${maputo}` })).body).toContain(`href="/events/${id}"`);
  });

  it('records a learning on the page and turns it into a draft practice, sending the member to its edit form', async () => {
    const refused = await post(`/events/${id}/learnings`, { learned: 'Stall committees work.', will_adapt: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Stall committees work.');
    const saved = await post(`/events/${id}/learnings`, { learned: 'Stall committees work.', will_adapt: 'Create stall committees in our markets.', place_id: maputo });
    expect(saved.statusCode).toBe(303);
    const page = (await t.app.inject({ url: `/events/${id}`, headers: { cookie: session.cookie } })).body;
    expect(page).toContain('Create stall committees in our markets.');
    const learningId = /action="\/events\/[^/]+\/learnings\/([^/]+)\/practice"/.exec(page)?.[1];
    expect(learningId).toBeDefined();
    const turned = await post(`/events/${id}/learnings/${learningId!}/practice`, {});
    expect(turned.statusCode).toBe(303);
    expect(turned.headers.location).toMatch(/^\/practices\/[0-9a-f-]+\/edit$/);
    const editForm = await t.app.inject({ url: turned.headers.location!, headers: { cookie: session.cookie } });
    expect(editForm.statusCode).toBe(200);
    expect(editForm.body).toContain('Create stall committees in our markets.');
    expect((await post(`/events/${id}/learnings/${learningId!}/practice`, {})).statusCode).toBe(409);
    pages.set('event-with-learning', (await t.app.inject({ url: `/events/${id}`, headers: { cookie: session.cookie } })).body);
  });

  it.runIf(hasJava)('every event page is valid HTML', () => {
    expect(htmlErrors(pages)).toBe('');
  });
});
