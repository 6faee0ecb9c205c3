import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, practiceRecord, signIn, waitForMail, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';

// Journey 2 (shared/JOURNEYS.md) through the pages, and the forms of needs, offers and matches.

let t: TestApp;
let maputo: string;
let durban: string;
let curator: TestMember;
let focalMaputo: TestMember;
let focalDurban: TestMember;
let stranger: TestMember;
let maputoSession: TestSession;
let durbanSession: TestSession;
let practiceId: string;
let matchId: string;
const pages = new Map<string, string>();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function placeId(name: string): Promise<string> {
  return (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** A form body as a browser sends it (repeated keys for checkboxes). */
function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

async function postForm(url: string, session: TestSession, fields: Record<string, string | string[]>) {
  return t.app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) });
}

async function get(url: string, session?: TestSession) {
  return t.app.inject({ url, headers: session?.headers ?? {} });
}

beforeAll(async () => {
  t = await createTestApp();
  [maputo, durban] = await Promise.all([placeId('Maputo'), placeId('Durban')]);
  curator = await createMember(t.pontes, { role: 'curator' });
  focalMaputo = await createMember(t.pontes, { role: 'member', focalPlaceIds: [maputo], name: 'Amélia of Maputo' });
  focalDurban = await createMember(t.pontes, { role: 'member', focalPlaceIds: [durban], email: 'durban-markets@example.org' });
  stranger = await createMember(t.pontes, { role: 'member' });
  maputoSession = await signIn(t.app, focalMaputo.email, focalMaputo.password);
  durbanSession = await signIn(t.app, focalDurban.email, focalDurban.password);
  const { id: _id, ...record } = practiceRecord({ sectors: ['markets_street_vending'], target_groups: ['street_vendors'], places: [{ city: 'Durban', country: 'ZA' }] });
  const practice = await t.app.inject({ method: 'POST', url: '/api/v1/practices', headers: curator.headers, payload: record });
  practiceId = practice.json().id;
  for (const status of ['submitted', 'in_review', 'published']) {
    await t.app.inject({ method: 'POST', url: `/api/v1/practices/${practiceId}/status`, headers: curator.headers, payload: { status } });
  }
});
afterAll(() => t.close());

describe('journey 2: we want to learn from this', () => {
  it('offers a signed-in member the link on the practice page (not the public)', async () => {
    const page = await get(`/practices/${practiceId}`, maputoSession);
    expect(page.body).toContain(`href="/needs/new?practice=${practiceId}"`);
    expect((await get(`/practices/${practiceId}`)).body).not.toContain('/needs/new?practice=');
  });

  it('prefills the need form from the practice and the member', async () => {
    const form = await get(`/needs/new?practice=${practiceId}`, maputoSession);
    expect(form.statusCode).toBe(200);
    pages.set('learn-form', form.body);
    expect(form.body).toContain('action="/matches/learn"');
    expect(form.body).toContain(`name="practice_id" value="${practiceId}"`);
    expect(form.body).toContain('Market vendors organise with the city');
    expect(form.body).toMatch(/value="markets_street_vending" checked/);
    expect(form.body).toMatch(/value="street_vendors" checked/);
    expect(form.body).toContain(`<option value="${maputo}" selected`);
    expect(form.body).toContain('value="Amélia of Maputo"');
    expect((await get(`/needs/new?practice=${practiceId}`)).statusCode).toBe(401);
  });

  it('keeps what was typed when the need is refused (400), and writes nothing', async () => {
    const response = await postForm('/matches/learn', maputoSession, {
      practice_id: practiceId, title: 'Learning from Durban’s market committees', place_id: maputo, contact_name: 'Amélia', contact_email: 'not an address', expires_on: inDays(30),
      sectors: ['markets_street_vending'],
    });
    expect(response.statusCode).toBe(400);
    pages.set('learn-form-400', response.body);
    expect(response.body).toContain('Learning from Durban’s market committees');
    expect(response.body).toContain('contact_email');
    expect(response.body).toContain('value="not an address"');
    expect((await t.pontes.db.selectFrom('needsOffers').select('id').execute()).length).toBe(0);
  });

  it('creates the need and the match, shows the match, and tells the practice\'s focal point', async () => {
    const response = await postForm('/matches/learn', maputoSession, {
      practice_id: practiceId, title: 'Learning from Durban’s market committees', description: 'Our vendors and the council want cleaner markets.', language: 'en',
      place_id: maputo, contact_name: 'Amélia', contact_email: 'amelia@maputo.example.org', expires_on: inDays(30), sectors: ['markets_street_vending'],
    });
    expect(response.statusCode, response.body).toBe(303);
    const location = String(response.headers.location);
    expect(location).toMatch(/^\/matches\/[0-9a-f-]{36}$/);
    matchId = location.split('/')[2]!;
    const page = await get(location, maputoSession);
    expect(page.statusCode).toBe(200);
    pages.set('match', page.body);
    expect(page.body).toContain('Learning from Durban’s market committees');
    expect(page.body).toContain('Market vendors organise with the city');
    expect(page.body).toContain('Proposed');
    expect(page.body).toContain('shared sector: Markets and street vending');
    const need = await t.pontes.db.selectFrom('needsOffers').select(['id', 'practiceId', 'placeId', 'kind']).executeTakeFirstOrThrow();
    expect(need).toMatchObject({ practiceId, placeId: maputo, kind: 'need' });
    const mail = await waitForMail(t.pontes.config, 'durban-markets@example.org');
    expect(mail.text).toContain(`/matches/${matchId}`);
  });

  it('lets the practice\'s focal point see the match and move it: contacted, then accepted', async () => {
    const page = await get(`/matches/${matchId}`, durbanSession);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="contacted"');
    expect(page.body).toContain('amelia@maputo.example.org');
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const contacted = await postForm(`/matches/${matchId}/status`, durbanSession, { status: 'contacted', note: 'Called Maputo', version });
    expect(contacted.statusCode).toBe(303);
    const accepted = await postForm(`/matches/${matchId}/status`, durbanSession, { status: 'accepted', version: String(Number(version) + 1) });
    expect(accepted.statusCode).toBe(303);
    const after = await get(`/matches/${matchId}`, durbanSession);
    expect(after.body).toContain('Accepted');
    expect(after.body).toContain('Called Maputo');
    // No button leads to partnership_created: the partnership is made from the match.
    expect(after.body).not.toContain('value="partnership_created"');
    pages.set('match-accepted', after.body);
    const strangerSession = await signIn(t.app, stranger.email, stranger.password);
    expect((await get(`/matches/${matchId}`, strangerSession)).statusCode).toBe(404);
    expect((await get(`/matches/${matchId}`)).statusCode).toBe(404);
  });

  it('lists the match for both sides', async () => {
    for (const session of [maputoSession, durbanSession]) {
      const list = await get('/matches', session);
      expect(list.body).toContain(`/matches/${matchId}`);
    }
    const list = await get('/matches', maputoSession);
    pages.set('matches', list.body);
  });
});

describe('the pages of needs and offers', () => {
  let needId: string;
  let offerId: string;

  it('posts a need through the form, and keeps typed values on 400', async () => {
    const refused = await postForm('/needs/new', maputoSession, { title: 'Waste pickers in the city', place_id: maputo, contact_name: 'A', contact_email: 'a@example.org', expires_on: '2001-01-01', pillars: ['nope'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Waste pickers in the city');
    expect(refused.body).toContain('expires_on');
    const created = await postForm('/needs/new', maputoSession, {
      title: 'Waste pickers in the city', description: 'Line one\nline two\n\nSecond paragraph <b>bold</b>', place_id: maputo, contact_name: 'A', contact_email: 'a@example.org',
      expires_on: inDays(20), sectors: ['markets_street_vending'], language: 'en',
    });
    expect(created.statusCode).toBe(303);
    needId = String(created.headers.location).split('/')[2]!;
    const page = await get(`/needs/${needId}`, maputoSession);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Second paragraph &lt;b>bold&lt;/b>');
    expect(page.body).not.toContain('<b>bold');
    expect(page.body).toContain('Line one<br/>line two');
    expect(page.body).toContain('Propose this match');
    pages.set('need', page.body);
  });

  it('posts an offer, publishes it, and shows it to the public without the contact', async () => {
    const created = await postForm('/offers/new', durbanSession, {
      title: 'Durban’s market committees', description: 'How Durban and its vendors run markets.', place_id: durban, contact_name: 'B', contact_email: 'b@durban.example.org',
      expires_on: inDays(60), sectors: ['markets_street_vending'],
    });
    expect(created.statusCode).toBe(303);
    offerId = String(created.headers.location).split('/')[2]!;
    const submitted = await postForm(`/offers/${offerId}/publication`, durbanSession, { publication: 'submitted', version: '1' });
    expect(submitted.statusCode).toBe(303);
    for (const publication of ['in_review', 'published']) {
      await t.app.inject({ method: 'POST', url: `/api/v1/offers/${offerId}/publication`, headers: curator.headers, payload: { publication } });
    }
    const publicPage = await get(`/offers/${offerId}`);
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).not.toContain('b@durban.example.org');
    const list = await get('/offers');
    expect(list.body).toContain(`/offers/${offerId}`);
    pages.set('offers', list.body);
    pages.set('offer', publicPage.body);
  });

  it('shows the offer among the need\'s proposals; proposing twice leads to the same match', async () => {
    const page = await get(`/needs/${needId}`, maputoSession);
    expect(page.body).toContain(`href="/offers/${offerId}"`);
    const first = await postForm('/matches', maputoSession, { need_id: needId, counterpart_kind: 'offer', counterpart_id: offerId });
    expect(first.statusCode).toBe(303);
    const second = await postForm('/matches', maputoSession, { need_id: needId, counterpart_kind: 'offer', counterpart_id: offerId });
    expect(second.headers.location).toBe(first.headers.location);
    const matches = await get(`/matches?need_id=${needId}`, maputoSession);
    expect(matches.body).toContain(String(first.headers.location));
  });

  it('edits a need, and keeps typed values with the conflict on a stale version (409)', async () => {
    const form = await get(`/needs/${needId}/edit`, maputoSession);
    expect(form.statusCode).toBe(200);
    pages.set('need-edit', form.body);
    const fields = { title: 'Waste pickers and markets', place_id: maputo, contact_name: 'A', contact_email: 'a@example.org', expires_on: inDays(20), sectors: ['markets_street_vending'], version: '1' };
    expect((await postForm(`/needs/${needId}/edit`, maputoSession, fields)).statusCode).toBe(303);
    const stale = await postForm(`/needs/${needId}/edit`, maputoSession, { ...fields, title: 'My lost edit' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('My lost edit');
    expect(stale.body).toContain('name="version" value="2"');
    pages.set('need-edit-409', stale.body);
    expect((await get(`/needs/${needId}/edit`, durbanSession)).statusCode).toBe(404);
  });

  it('lists needs with filters and hides drafts from the public', async () => {
    const list = await get('/needs?sector=markets_street_vending', maputoSession);
    expect(list.body).toContain(`/needs/${needId}`);
    pages.set('needs', list.body);
    expect((await get('/needs')).body).not.toContain(`/needs/${needId}`);
    expect((await get(`/needs/${needId}`)).statusCode).toBe(404);
  });

  it.runIf(hasJava)('renders valid HTML (Nu Html Checker)', () => {
    expect(pages.size).toBeGreaterThanOrEqual(10);
    expect(htmlErrors(pages)).toBe('');
  });
});
