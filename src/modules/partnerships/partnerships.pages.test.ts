import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, signIn, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';

let t: TestApp;
const place: Record<string, string> = {};
let ilo: string;
let author: TestMember;
let writer: TestSession;
let focalDurban: TestSession;
let partnershipId: string;
const pages = new Map<string, string>();

const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const postForm = (url: string, session: TestSession | null, fields: Record<string, string | string[]>) =>
  t.app.inject({ method: 'POST', url, headers: { ...(session?.headers ?? { origin: 'http://localhost' }), 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
const page = async (url: string, session: TestSession | null = null) => {
  const response = await t.app.inject({ url, headers: session?.headers ?? {} });
  return { status: response.statusCode, html: response.body };
};

/** A new partnership as the form posts it: Maputo and Durban, with the ILO facilitating. */
const newPartnership = (overrides: Record<string, string | string[]> = {}) => ({
  title: 'Maputo–Durban <market> exchange',
  description: 'Nine Maputo participants visit Durban.\n\nThen Durban comes to Maputo.',
  language: 'en',
  type: 'twinning',
  party_type_0: 'place', party_name_0: 'Maputo', party_country_0: 'MZ', party_role_0: 'beneficiary',
  party_type_1: 'place', party_name_1: 'durban', party_country_1: 'za', party_role_1: 'provider',
  party_type_2: 'organisation', party_name_2: 'International Labour Organization', party_country_2: '', party_role_2: 'facilitator',
  party_type_3: 'place', party_name_3: '', party_country_3: '', party_role_3: 'peer',
  sectors: ['markets_street_vending'],
  starts_on: '2013-06-01', ends_on: '2013-08-31', agreement_on: '',
  documents: 'Exchange programme | https://example.org/programme.pdf | 2013-05-20',
  contribution_kind_0: 'cash', contribution_party_0: '2', contribution_amount_0: '12500.50', contribution_currency_0: 'USD', contribution_description_0: '',
  contribution_kind_1: 'in_kind', contribution_party_1: '1', contribution_amount_1: '3000', contribution_currency_1: 'USD', contribution_description_1: 'Two market managers for a week',
  contribution_kind_2: '', contribution_party_2: '', contribution_amount_2: '', contribution_currency_2: '', contribution_description_2: '',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['Maputo', 'Durban']) place[name] = (await t.pontes.db.selectFrom('places').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ilo = (await t.pontes.db.insertInto('organisations').values({
    name: 'International Labour Organization', nameKey: 'international labour organization', kind: 'international_organisation', countryCode: 'CH', placeId: null, website: null, iatiOrgId: null, origin: 'member',
  }).returning('id').executeTakeFirstOrThrow()).id;
  author = await createMember(t.pontes, { role: 'member' });
  writer = await signIn(t.app, author.email, author.password);
  const durban = await createMember(t.pontes, { role: 'member', focalPlaceIds: [place.Durban!] });
  focalDurban = await signIn(t.app, durban.email, durban.password);
});
afterAll(() => t.close());

describe('the partnership forms', () => {
  it('asks the public to sign in before starting a partnership', async () => {
    expect((await page('/partnerships/new')).status).toBe(401);
  });

  it('offers an empty form, and more rows without saving anything', async () => {
    const empty = await page('/partnerships/new', writer);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('name="party_name_3"');
    expect(empty.html).not.toContain('name="party_name_4"');
    expect(empty.html).not.toContain('name="modality"');
    pages.set('new', empty.html);
    const more = await postForm('/partnerships/new', writer, { ...newPartnership(), party_rows: '4', more: 'rows' });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="party_name_5"');
    expect(more.body).toContain('value="Maputo–Durban &lt;market> exchange"');
  });

  it('keeps what was typed when the save is refused, naming every problem, and saves nothing', async () => {
    const refused = await postForm('/partnerships/new', writer, newPartnership({
      ends_on: '2013-01-01', party_name_1: 'Atlantis', contribution_currency_0: 'ZZZ', contribution_amount_1: '-3', documents: 'Bad | javascript:alert(1)',
    }));
    expect(refused.statusCode).toBe(400);
    for (const field of ['ends_on', 'parties[1]', 'contributions[0].currency', 'contributions[1].amount', 'documents[0].url']) expect(refused.body).toContain(`<code>${field}</code>`);
    expect(refused.body).toContain('value="Atlantis"');
    expect(refused.body).toContain('value="2013-01-01"');
    expect(refused.body).toContain('Two market managers for a week');
    pages.set('refused', refused.body);
    expect(Number((await t.pontes.db.selectFrom('partnerships').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });

  it('creates the partnership and shows it: parties with roles, the derived modality with its reason, topics, dates, documents, contributions with totals', async () => {
    const created = await postForm('/partnerships/new', writer, newPartnership());
    expect(created.statusCode, created.body).toBe(303);
    partnershipId = String(created.headers.location).split('/').pop()!;
    const { status, html } = await page(`/partnerships/${partnershipId}`, writer);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Maputo–Durban &lt;market> exchange</h1>');
    expect(html).toContain(`<a href="/places/${place.Durban}">Durban</a>, South Africa</td><td>Provider</td>`);
    expect(html).toContain(`<a href="/organisations/${ilo}">International Labour Organization</a>, Switzerland</td><td>Facilitator</td>`);
    expect(html).toContain('Modality: Triangular');
    expect(html).toContain('supported by International Labour Organization, an international organisation.');
    expect(html).toContain('href="/practices?sectors=markets_street_vending"');
    expect(html).toContain('<a href="https://example.org/programme.pdf" rel="nofollow noopener">Exchange programme</a>');
    expect(html).toContain('<caption>Totals per currency</caption>');
    expect(html).toMatch(/<th scope="row">USD<\/th><td class="number">USD\s12,500\.50<\/td><td class="number">USD\s3,000\.00<\/td><td class="number">USD\s15,500\.50<\/td>/);
    expect(html).toContain('Mark as Negotiating');
    expect(html).toContain('Timeline');
    expect(html).toContain('Created as Idea');
    pages.set('item', html);
  });

  it('moves it with the page\'s form and shows the move in the timeline', async () => {
    const item = await page(`/partnerships/${partnershipId}`, writer);
    const version = /name="version" value="(\d+)"/.exec(item.html)![1]!;
    const moved = await postForm(`/partnerships/${partnershipId}/status`, writer, { status: 'negotiating', note: 'Durban said yes', version });
    expect(moved.statusCode).toBe(303);
    const after = await page(`/partnerships/${partnershipId}`, writer);
    expect(after.html).toContain('Idea → Negotiating');
    expect(after.html).toContain('Durban said yes');
    const refused = await postForm(`/partnerships/${partnershipId}/status`, writer, { status: 'completed', version: '2' });
    expect(refused.statusCode).toBe(409);
  });

  it('lets Durban\'s focal point edit it; a save from a stale version shows the conflict and keeps the typing', async () => {
    const edit = await page(`/partnerships/${partnershipId}/edit`, focalDurban);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain('value="International Labour Organization"');
    expect(edit.html).toContain(`name="party_id_2" value="${ilo}"`);
    pages.set('edit', edit.html);
    const fields = newPartnership({ title: 'Edited by Durban', version: '2', party_id_0: place.Maputo!, party_was_0: 'place:Maputo' });
    const saved = await postForm(`/partnerships/${partnershipId}/edit`, focalDurban, fields);
    expect(saved.statusCode, saved.body).toBe(303);
    const stale = await postForm(`/partnerships/${partnershipId}/edit`, writer, { ...fields, title: 'Edited by Maputo from an old copy' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this record meanwhile');
    expect(stale.body).toContain('value="Edited by Maputo from an old copy"');
    expect(stale.body).toContain('name="version" value="3"');
    const item = await page(`/partnerships/${partnershipId}`, writer);
    expect(item.html).toContain('<h1>Edited by Durban</h1>');
  });

  it('lists partnerships with filters the reader may use, and hides drafts from the public', async () => {
    const mine = await page('/partnerships?status=negotiating&modality=triangular', writer);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain('1 partnership');
    expect(mine.html).toContain('Edited by Durban');
    expect(mine.html).toContain(`<option value="${place.Durban}">Durban, South Africa</option>`);
    pages.set('list', mine.html);
    const none = await page('/partnerships?status=idea', writer);
    expect(none.html).toContain('No partnership yet.');
    const publicList = await page('/partnerships');
    expect(publicList.html).toContain('0 partnerships');
    expect((await page(`/partnerships/${partnershipId}`)).status).toBe(404);
    expect((await page('/partnerships?status=dreaming')).status).toBe(400);
  });

  it('starts a partnership from an accepted match: the form says so, and empty party rows take the match\'s parties', async () => {
    const maputo = await createMember(t.pontes, { role: 'member', focalPlaceIds: [place.Maputo!] });
    const session = await signIn(t.app, maputo.email, maputo.password);
    const api = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: maputo.headers, payload });
    const need = await api('/api/v1/needs', {
      title: 'Cleaner markets', description: 'With the vendors.', language: 'en', place_id: place.Maputo, sectors: ['markets_street_vending'],
      contact_name: 'Focal point', contact_email: 'focal@example.org', expires_on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(need.statusCode, need.body).toBe(201);
    const match = await api('/api/v1/matches', { need_id: need.json().id, counterpart: { kind: 'place', id: place.Durban } });
    expect(match.statusCode, match.body).toBe(201);
    const matchId = match.json().id as string;
    for (const status of ['contacted', 'accepted']) expect((await api(`/api/v1/matches/${matchId}/status`, { status })).statusCode).toBe(200);
    const blank = await page(`/partnerships/new?match_id=${matchId}`, session);
    expect(blank.html).toContain(`name="match_id" value="${matchId}"`);
    expect(blank.html).toContain('comes from an accepted match');
    const created = await postForm('/partnerships/new', session, { match_id: matchId, title: '', type: 'twinning', language: 'en', party_rows: '2', party_name_0: '', party_name_1: '' });
    expect(created.statusCode, created.body).toBe(303);
    const item = await page(String(created.headers.location), session);
    expect(item.html).toContain('<h1>Cleaner markets</h1>');
    expect(item.html).toContain(`<a href="/places/${place.Maputo}">Maputo</a>, Mozambique</td><td>Beneficiary</td>`);
    expect(item.html).toContain(`<a href="/matches/${matchId}">Match 1</a>`);
  });

  it.runIf(hasJava)('renders valid HTML', () => {
    expect(htmlErrors(pages)).toBe('');
  });
});
