import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../../../test/helpers.js';

const PUBLIC_URL = 'https://pontes.example.org';
let t: TestApp;
let author: TestMember;
let curator: TestMember;
let stranger: TestMember;
let maputo: string;
let durban: string;
let lleida: string;
let cityOfMaputo: string;
let ilo: string;

const nextYear = new Date().getUTCFullYear() + 1;

function maputoEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Peer-learning event on the informal economy',
    kind: 'peer_learning_event',
    language: 'en',
    start: '2012-11-07T09:00',
    end: '2012-11-09T17:00',
    time_zone: 'Africa/Maputo',
    place_id: maputo,
    venue: 'Municipal Council, Avenida Ho Chi Minh',
    description: 'Cities of the South met to learn how municipalities work with the informal economy.',
    organiser_ids: [cityOfMaputo, ilo],
    place_ids: [durban],
    participants: { by_sex: { women: 20, men: 25 }, by_constituency: { government: 30, workers: 8, employers: 4, civil_society: 3 } },
    agenda: [{ starts_at: '2012-11-07T09:30', title: 'Opening' }, { title: 'Markets of Maputo', description: 'Visits and debate' }],
    field_visits: [{ title: 'Xipamanine market', place: 'Maputo' }],
    outcomes: 'A roadmap with seven commitments.',
    learning_report: '## What we saw\n\nVendors and the council *agree* on stalls. See [the handbook](https://www.ilo.org/) or write to <info@example.org>.',
    ...overrides,
  };
}

async function countRows() {
  const [events, learnings] = await Promise.all([
    t.pontes.db.selectFrom('events').select(t.pontes.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.pontes.db.selectFrom('eventLearnings').select(t.pontes.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), learnings: Number(learnings.n) };
}

async function create(member: TestMember, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/events', headers: member.headers, payload: body });
}

async function publish(id: string) {
  for (const publication of ['submitted', 'in_review', 'published']) {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/events/${id}/publication`, headers: curator.headers, payload: { publication } });
    expect(response.statusCode, response.body).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestApp({ PONTES_PUBLIC_URL: PUBLIC_URL });
  const db = t.pontes.db;
  const place = async (name: string) => (await db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  [maputo, durban, lleida] = [await place('Maputo'), await place('Durban'), await place('Lleida')];
  cityOfMaputo = (await db.insertInto('organisations').values({ name: 'City of Maputo', nameKey: 'city of maputo', countryCode: 'MZ', placeId: maputo, origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  ilo = (await db.insertInto('organisations').values({ name: 'International Labour Organization', nameKey: 'international labour organization', origin: 'member' }).returning('id').executeTakeFirstOrThrow()).id;
  author = await createMember(t.pontes, { role: 'member', organisationIds: [cityOfMaputo] });
  curator = await createMember(t.pontes, { role: 'curator' });
  stranger = await createMember(t.pontes, { role: 'member' });
});
afterAll(() => t.close());

describe('events: time zones', () => {
  it('reads a local time in the event\'s zone, stores the instant and gives it back in that zone', async () => {
    const response = await create(author, maputoEvent());
    expect(response.statusCode, response.body).toBe(201);
    const event = response.json();
    expect(response.headers.location).toBe(`/api/v1/events/${event.id}`);
    expect(event.starts_at).toBe('2012-11-07T07:00:00.000Z');
    expect(event.ends_at).toBe('2012-11-09T15:00:00.000Z');
    expect(event.start).toBe('2012-11-07T09:00:00+02:00');
    expect(event.time_zone).toBe('Africa/Maputo');
    expect(event.place).toEqual({ id: maputo, name: 'Maputo', country_code: 'MZ', country_name: 'Mozambique' });
    expect(event.organisers.map((o: { name: string }) => o.name)).toEqual(['City of Maputo', 'International Labour Organization']);
    expect(event.places.map((p: { name: string }) => p.name)).toEqual(['Durban']);
    expect(event.participants.by_sex).toEqual({ women: 20, men: 25, other: null, total: 45 });
    expect(event.participants.by_constituency.total).toBe(45);
    expect(event.agenda[0]).toEqual({ starts_at: '2012-11-07T09:30', title: 'Opening' });
    const stored = await t.pontes.db.selectFrom('events').select(['startsAt', 'timeZone']).where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(stored.startsAt.toISOString()).toBe('2012-11-07T07:00:00.000Z');
  });

  it('takes an offset as the instant it names, whatever the zone', async () => {
    const response = await create(author, maputoEvent({ title: 'Lleida meeting', start: '2013-06-28T07:00:00Z', end: '2013-06-29T18:00+02:00', time_zone: 'Europe/Madrid', place_id: lleida }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ start: '2013-06-28T09:00:00+02:00', end: '2013-06-29T18:00:00+02:00', ends_at: '2013-06-29T16:00:00.000Z' });
  });
});

describe('events: bad input changes nothing', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['end before start', { end: '2012-11-06T09:00' }, 'end', /before start/],
    ['a negative count', { participants: { by_sex: { women: -3 } } }, 'women', /0|negative/],
    ['a fractional count', { participants: { by_constituency: { workers: 2.5 } } }, 'workers', /integer|whole/],
    ['an unknown time zone', { time_zone: 'Africa/Atlantis' }, 'time_zone', /time zone/],
    ['an unknown organiser', { organiser_ids: ['00000000-0000-4000-8000-000000000000'] }, 'organiser_ids', /no organisation/],
    ['a deleted or unknown partnership', { partnership_ids: ['00000000-0000-4000-8000-000000000001'] }, 'partnership_ids', /no partnership/],
    ['a <script> in the learning report', { learning_report: 'Hello\n\n<script>alert(1)</script>' }, 'learning_report', /raw HTML \(<script>\)/],
    ['inline raw HTML in the learning report', { learning_report: 'Click <a href="https://x.org" onclick="x()">here</a>' }, 'learning_report', /raw HTML/],
    ['a javascript: link', { learning_report: '[click](javascript:alert(1))' }, 'learning_report', /"javascript:"/],
    ['an obfuscated javascript: link', { learning_report: '[click](jav&#x61;script:alert(1))' }, 'learning_report', /"javascript:"/],
    ['a mixed-case javascript: autolink', { learning_report: 'see <JaVaScRiPt:alert(1)>' }, 'learning_report', /"javascript:"/],
    ['a data: image', { learning_report: '![x](data:text/html;base64,PHNjcmlwdD4=)' }, 'learning_report', /"data:"/],
  ];
  for (const [name, overrides, field, reason] of cases) {
    it(`refuses ${name} with 400 naming ${field}`, async () => {
      const before = await countRows();
      const response = await create(author, maputoEvent(overrides));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      const named = (problem.errors as { field?: string; reason: string }[]).filter((e) => (e.field ?? '').includes(field));
      expect(named.length, JSON.stringify(problem.errors)).toBeGreaterThan(0);
      expect(named.map((e) => e.reason).join(' ')).toMatch(reason);
      expect(await countRows()).toEqual(before);
    });
  }

  it('lets code spans show HTML (they are not raw HTML)', async () => {
    const response = await create(author, maputoEvent({ learning_report: 'Never paste `<script>` into a report.' }));
    expect(response.statusCode, response.body).toBe(201);
  });

  it('refuses the public (401) and names every bad field at once', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/events', payload: maputoEvent() })).statusCode).toBe(401);
    const response = await create(author, maputoEvent({ title: '', end: '2000-01-01T00:00', participants: { by_sex: { women: -1, men: 1.5 } } }));
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields.some((f) => f.includes('women'))).toBe(true);
    expect(fields.some((f) => f.includes('men'))).toBe(true);
  });
});

describe('events: visibility, publication and edits', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(author, maputoEvent({ title: 'Draft workshop', kind: 'workshop' }))).json().id;
  });

  it('hides a draft from the public and from other members (404), shows it to its author', async () => {
    expect((await t.app.inject({ url: `/api/v1/events/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/events/${id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/events/${id}.ics` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/events/${id}/learnings` })).statusCode).toBe(404);
    const mine = await t.app.inject({ url: `/api/v1/events/${id}`, headers: author.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers.etag).toBe('"1"');
    const list = await t.app.inject({ url: '/api/v1/events?kind=workshop' });
    expect(list.json()).toMatchObject({ items: [], total: 0, limit: 20, offset: 0 });
    expect((await t.app.inject({ url: '/api/v1/events?kind=workshop', headers: author.headers })).json().total).toBe(1);
    expect((await t.app.inject({ url: '/api/v1/events?kind=party' })).statusCode).toBe(400);
  });

  it('edits from the current version only: 428 without one, 409 when stale, nothing changed', async () => {
    const noVersion = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: author.headers, payload: { title: 'Renamed' } });
    expect(noVersion.statusCode).toBe(428);
    const first = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: { ...author.headers, 'if-match': '"1"' }, payload: { title: 'Workshop on market stalls' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ title: 'Workshop on market stalls', version: 2, start: '2012-11-07T09:00:00+02:00' });
    const second = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: author.headers, payload: { title: 'Stale title', version: 1 } });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('VERSION_CONFLICT');
    const now = (await t.app.inject({ url: `/api/v1/events/${id}`, headers: author.headers })).json();
    expect(now).toMatchObject({ title: 'Workshop on market stalls', version: 2 });
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: author.headers, payload: { end: '2012-11-01T00:00', version: 2 } });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/v1/events/${id}`, headers: author.headers })).json().version).toBe(2);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: stranger.headers, payload: { title: 'x', version: 2 } })).statusCode).toBe(404);
  });

  it('publishes through the shared publication route and keeps the timeline', async () => {
    await publish(id);
    expect((await t.app.inject({ url: `/api/v1/events/${id}` })).statusCode).toBe(200);
    const history = (await t.app.inject({ url: `/api/v1/events/${id}/history`, headers: author.headers })).json();
    expect(history.items.map((c: { to: string }) => c.to)).toEqual(['draft', 'submitted', 'in_review', 'published']);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/events/${id}/status`, headers: curator.headers, payload: { status: 'done' } })).statusCode).toBe(404);
  });
});

/** Lines of an iCalendar text, unfolded. */
function contentLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('events: iCalendar', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(author, maputoEvent({ title: `Maputo–Durban market vendors' exchange, a long title that must be folded: ${'é'.repeat(30)}` }))).json().id;
    await publish(id);
  });

  it('writes one event with TZID, its VTIMEZONE, a stable UID, URL and location, folded at 75 octets with CRLF', async () => {
    const response = await t.app.inject({ url: `/api/v1/events/${id}.ics` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = response.body;
    expect(text.endsWith('\r\n') || text.endsWith('END:VCALENDAR')).toBe(true);
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      expect(line.includes('\n') || line.includes('\r')).toBe(false);
    }
    expect(text.split('\n').length).toBe(text.split('\r\n').length);
    const lines = contentLines(text);
    expect(lines).toContain('DTSTART;TZID=Africa/Maputo:20121107T090000');
    expect(lines).toContain('DTEND;TZID=Africa/Maputo:20121109T170000');
    expect(lines).toContain('TZID:Africa/Maputo');

    const calendar = new ICAL.Component(ICAL.parse(text));
    const zones = calendar.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Africa/Maputo']);
    // The parser reads local times through the VTIMEZONE the file carries.
    for (const zone of zones) ICAL.TimezoneService.register(zone);
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Africa/Maputo');
    const event = new ICAL.Event(vevent);
    expect(event.summary).toMatch(/^Maputo–Durban market vendors' exchange/);
    expect(event.summary).toContain('é'.repeat(30));
    expect(event.uid).toBe(`event-${id}@pontes`);
    expect(event.startDate.zone?.tzid).toBe('Africa/Maputo');
    expect(event.startDate.toJSDate().toISOString()).toBe('2012-11-07T07:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2012-11-09T15:00:00.000Z');
    expect(event.location).toBe('Municipal Council, Avenida Ho Chi Minh, Maputo, Mozambique');
    expect(vevent.getFirstPropertyValue('url')).toBe(`${PUBLIC_URL}/events/${id}`);
    expect(event.description).toContain('Organised by: City of Maputo; International Labour Organization');

    const again = await t.app.inject({ url: `/api/v1/events/${id}.ics` });
    expect(again.body).toBe(text);
  });

  it('feeds upcoming events the caller may see, each in its own zone; a draft is not in the public feed', async () => {
    const upcoming = (await create(author, maputoEvent({ title: 'Agadir SSE Academy', kind: 'training', start: `${nextYear}-04-08T09:00`, end: `${nextYear}-04-12T17:00`, time_zone: 'Africa/Casablanca' }))).json().id;
    const draft = (await create(author, maputoEvent({ title: 'Durban follow-up (draft)', start: `${nextYear}-06-01T09:00`, end: `${nextYear}-06-02T17:00`, time_zone: 'Africa/Johannesburg', place_id: durban }))).json().id;
    await publish(upcoming);
    const feed = await t.app.inject({ url: '/api/v1/events.ics' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const uids = calendar.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    expect(uids).toContain(`event-${upcoming}@pontes`);
    expect(uids).not.toContain(`event-${draft}@pontes`);
    expect(uids).not.toContain(`event-${id}@pontes`); // past
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Africa/Casablanca']);
    const mine = new ICAL.Component(ICAL.parse((await t.app.inject({ url: '/api/v1/events.ics', headers: author.headers })).body));
    expect(mine.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'))).toContain(`event-${draft}@pontes`);
    expect(mine.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')).sort()).toEqual(['Africa/Casablanca', 'Africa/Johannesburg']);
  });
});

describe('events: knowledge capture', () => {
  let eventId: string;
  let sourcePracticeId: string;
  let learningId: string;
  let learner: TestMember;

  beforeAll(async () => {
    learner = await createMember(t.pontes, { role: 'member', organisationIds: [cityOfMaputo], focalPlaceIds: [maputo] });
    const practice = await t.app.inject({
      method: 'POST', url: '/api/v1/practices', headers: curator.headers,
      payload: { title: 'Durban market vendors and the city', summary: 'Informal traders and the municipality agree on stalls, water and waste collection.', language: 'en', places: [{ city: 'Durban', country: 'ZA' }] },
    });
    expect(practice.statusCode, practice.body).toBe(201);
    sourcePracticeId = practice.json().id;
    for (const status of ['submitted', 'in_review', 'published']) {
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/practices/${sourcePracticeId}/status`, headers: curator.headers, payload: { status } })).statusCode).toBe(200);
    }
    eventId = (await create(author, maputoEvent({ title: 'Exchange visit to Durban', kind: 'exchange_visit', practice_ids: [sourcePracticeId] }))).json().id;
    await publish(eventId);
  });

  it('refuses a learning before the event has ended (409) and from the public (401)', async () => {
    const future = (await create(author, maputoEvent({ title: 'Later visit', start: `${nextYear}-08-01T09:00`, end: `${nextYear}-08-02T09:00` }))).json().id;
    const early = await t.app.inject({ method: 'POST', url: `/api/v1/events/${future}/learnings`, headers: author.headers, payload: { learned: 'x', will_adapt: 'y' } });
    expect(early.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/learnings`, payload: { learned: 'x', will_adapt: 'y' } })).statusCode).toBe(401);
  });

  it('records what a member learned, for a place of theirs, and lists it with the event', async () => {
    const before = await countRows();
    const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/learnings`, headers: learner.headers, payload: { learned: 'x', will_adapt: 'y', place_id: durban } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('place_id');
    expect(await countRows()).toEqual(before);
    const response = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${eventId}/learnings`, headers: learner.headers,
      payload: { learned: 'Vendors run their own stall committees with the council.', will_adapt: 'Set up stall committees in Xipamanine market with the vendors\' association.', place_id: maputo, organisation_id: cityOfMaputo, adapted_from_practice_id: sourcePracticeId },
    });
    expect(response.statusCode, response.body).toBe(201);
    learningId = response.json().id;
    expect(response.json()).toMatchObject({ place: { name: 'Maputo' }, organisation: { name: 'City of Maputo' }, adapted_from_practice: { id: sourcePracticeId }, practice_id: null });
    const list = await t.app.inject({ url: `/api/v1/events/${eventId}/learnings` });
    expect(list.json().items.map((l: { id: string }) => l.id)).toEqual([learningId]);
  });

  it('turns a learning into a draft practice adapted from the practice learned from, once, for its author only', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/learnings/${learningId}/practice`, headers: stranger.headers })).statusCode).toBe(403);
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/learnings/${learningId}/practice`, headers: learner.headers });
    expect(response.statusCode, response.body).toBe(201);
    const { practice_id: practiceId, edit_url: editUrl, learning } = response.json();
    expect(editUrl).toBe(`/practices/${practiceId}/edit`);
    expect(learning.practice_id).toBe(practiceId);
    const practice = (await t.app.inject({ url: `/api/v1/practices/${practiceId}`, headers: learner.headers })).json();
    expect(practice.status).toBe('draft');
    expect(practice.title).toBe('Maputo adapts “Durban market vendors and the city”');
    expect(practice.summary).toMatch(/^Set up stall committees/);
    expect(practice.places.map((p: { name: string }) => p.name)).toEqual(['Maputo']);
    expect(practice.adaptedFrom).toBe(sourcePracticeId); // a Pontes practice's source id is its id
    expect(practice.adaptedFromPractice).toMatchObject({ id: sourcePracticeId, title: 'Durban market vendors and the city' });
    // The lineage shows on the source practice too.
    const source = (await t.app.inject({ url: `/api/v1/practices/${sourcePracticeId}`, headers: learner.headers })).json();
    expect(source.adaptedBy.map((p: { id: string }) => p.id)).toContain(practiceId);
    const twice = await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/learnings/${learningId}/practice`, headers: learner.headers });
    expect(twice.statusCode).toBe(409);
  });
});

describe('events: the API document', () => {
  it('describes every events route, the calendars as text/calendar', async () => {
    const response = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, { tags?: string[]; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining([
      '/api/v1/events', '/api/v1/events.ics', '/api/v1/events/{id}', '/api/v1/events/{id}.ics', '/api/v1/events/{id}/learnings',
      '/api/v1/events/{id}/learnings/{learningId}/practice', '/api/v1/events/{id}/publication', '/api/v1/events/{id}/history', '/api/v1/events/{id}/versions',
    ]));
    expect(paths['/api/v1/events/{id}/status']).toBeUndefined();
    expect(Object.keys(paths['/api/v1/events.ics']!.get!.responses!['200']!.content!)).toEqual(['text/calendar']);
    expect(paths['/api/v1/events']!.post!.tags).toEqual(['events']);
  });
});
