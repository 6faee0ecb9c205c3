import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, signIn, type TestApp, type TestMember, type TestSession } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { changePublication } from '../lifecycle/index.js';
import { addMeasurement, createIndicator, indicatorStore } from './index.js';

let t: TestApp;
let author: TestMember;
let session: TestSession;
let partnershipId: string;
let publishedId: string;
let draftId: string;
const place: Record<string, string> = {};
const pages = new Map<string, string>();

const form = (fields: Record<string, string>) => new URLSearchParams(Object.entries(fields)).toString();
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: session.cookie, origin: session.headers.origin, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...fields, _csrf: session.csrfToken }) });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  for (const row of await db.selectFrom('places').select(['id', 'name']).execute()) place[row.name] = row.id;
  author = await createMember(t.pontes, { role: 'member' });
  session = await signIn(t.app, author.email, author.password);
  partnershipId = (await db.insertInto('partnerships').values({ title: 'Maputo–Durban market vendors exchange', type: 'twinning', documents: '[]', publication: 'published' })
    .returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('partnershipParties').values([{ partnershipId, position: 0, placeId: place.Maputo!, role: 'beneficiary' }]).execute();
  const actor = { kind: 'member' as const, memberId: author.memberId, role: 'member' as const, organisationIds: [], focalOrganisationIds: [], focalPlaceIds: [], via: 'session' as const, scope: 'admin' as const };
  const published = await createIndicator(db, actor, {
    outcome: { title: 'Safer markets', partnership_id: partnershipId }, title: 'Vendors trained in food hygiene', unit: 'vendors', measure: 'count', by_sex: true,
    baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' }, targets: [{ date: '2014-12-31', value: 120, women: 70, men: 50 }],
  });
  publishedId = published.id;
  await addMeasurement(db, actor, publishedId, { date: '2013-08-30', value: 30, women: 18, men: 12, note: 'Second exchange visit <b>report</b>' });
  for (const step of ['submitted', 'in_review', 'published'] as const) await changePublication(db, OPERATOR, indicatorStore, publishedId, { publication: step });
  draftId = (await createIndicator(db, actor, { outcome: { title: 'Safer markets', partnership_id: partnershipId }, title: 'Stalls with running water', unit: '%', measure: 'percentage' })).id;
});
afterAll(() => t?.close());

describe('results pages', () => {
  it('lists the indicators the reader may see, with latest value and target', async () => {
    const response = await get('/results');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`href="/indicators/${publishedId}"`);
    expect(response.body).not.toContain('Stalls with running water');
    expect(response.body).toMatch(/<strong>30 vendors<\/strong>/);
    expect(response.body).toMatch(/<strong>120 vendors<\/strong>/);
    pages.set('list', response.body);
    expect((await get('/indicators')).headers.location).toBe('/results');
  });

  it('shows a partnership\'s framework: outcomes, then indicators with latest value against target', async () => {
    const response = await get(`/results?partnership_id=${partnershipId}`, { cookie: session.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Results of Maputo–Durban market vendors exchange</h1>');
    expect(response.body).toContain('<h2 id="outcome-');
    expect(response.body).toContain('Stalls with running water');
    expect(response.body).toContain('25%');
    expect(response.body).toContain(`href="/indicators/new?partnership_id=${partnershipId}"`);
    pages.set('framework', response.body);
    expect((await get('/results?partnership_id=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows an indicator with its chart as an image, a text alternative and the table of values, readable without images', async () => {
    const response = await get(`/indicators/${publishedId}`);
    expect(response.statusCode).toBe(200);
    const img = /<img src="([^"]+)" alt="([^"]+)" width="640" height="340"\/>/.exec(response.body);
    expect(img?.[1]).toBe(`/indicators/${publishedId}/chart.svg`);
    expect(img?.[2]).toMatch(/^Vendors trained in food hygiene\. Baseline 0 vendors on Nov 7, 2012\. Latest measurement 30 vendors on Aug 30, 2013\. Of these, women 18 and men 12\. Target 120 vendors by Dec 31, 2014\./);
    expect(response.body).toContain('<caption>Values of Vendors trained in food hygiene</caption>');
    expect(response.body).toMatch(/<th scope="row"><time datetime="2013-08-30">Aug 30, 2013<\/time><\/th><td>Measured<\/td><td>30<\/td><td>18<\/td><td>12<\/td>/);
    expect(response.body).toMatch(/<td>Target<\/td><td>120<\/td><td>70<\/td><td>50<\/td>/);
    expect(response.body).toContain('Second exchange visit &lt;b>report&lt;/b>');
    // The public gets no forms.
    expect(response.body).not.toContain('/measurements"');
    expect(response.body).toContain('<h2 id="timeline-title">');
    pages.set('indicator-public', response.body);
    const chart = await get(`/indicators/${publishedId}/chart.svg`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain(`<desc id="chart-desc">${img![2]!.replace(/&#39;/g, '\'')}</desc>`);
  });

  it('hides a draft (its page and its chart) from the public, and shows it, with its forms, to its author', async () => {
    expect((await get(`/indicators/${draftId}`)).statusCode).toBe(404);
    expect((await get(`/indicators/${draftId}/chart.svg`)).statusCode).toBe(404);
    const own = await get(`/indicators/${draftId}`, { cookie: session.cookie });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`action="/indicators/${draftId}/measurements"`);
    expect(own.body).toContain(`action="/indicators/${draftId}/targets"`);
    expect(own.body).toContain(`action="/indicators/${draftId}/publication"`);
    expect(own.body).toContain('No baseline, target or measurement yet.');
    pages.set('indicator-own', own.body);
  });

  it('adds a measurement from the form, keeping what was typed when it is refused', async () => {
    const refused = await post(`/indicators/${draftId}/measurements`, { date: '2013-06-01', value: '140', note: 'typed note' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('between 0 and 100');
    expect(refused.body).toContain('value="140"');
    expect(refused.body).toContain('>typed note</textarea>');
    pages.set('measurement-refused', refused.body);
    const added = await post(`/indicators/${draftId}/measurements`, { date: '2013-06-01', value: '42,5', note: '' });
    expect(added.statusCode, added.body).toBe(303);
    const page = await get(`/indicators/${draftId}`, { cookie: session.cookie });
    expect(page.body).toContain('<strong>42.5%</strong>');
    const taken = await post(`/indicators/${draftId}/measurements`, { date: '2013-06-01', value: '43' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('value="43"');
  });

  it('sets the targets from the form; a stale version shows the conflict and keeps the rows', async () => {
    const page = await get(`/indicators/${draftId}`, { cookie: session.cookie });
    const version = /action="\/indicators\/[^/]+\/targets"[^]*?name="version" value="(\d+)"/.exec(page.body)![1]!;
    const saved = await post(`/indicators/${draftId}/targets`, { version, target_date_0: '2014-12-31', target_value_0: '60', target_date_1: '', target_value_1: '' });
    expect(saved.statusCode, saved.body).toBe(303);
    const stale = await post(`/indicators/${draftId}/targets`, { version, target_date_0: '2015-12-31', target_value_0: '75' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this record meanwhile');
    expect(stale.body).toContain('value="2015-12-31"');
    expect(stale.body).toContain('value="75"');
    const bad = await post(`/indicators/${draftId}/targets`, { version: String(Number(version) + 1), target_date_0: '2015-02-29', target_value_0: '75' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('targets[0].date');
  });

  it('writes a new indicator from the form, keeping what was typed on a refusal', async () => {
    const blank = await get(`/indicators/new?place_id=${place['Belo Horizonte']}`, { cookie: session.cookie });
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('value="Belo Horizonte, BR"');
    pages.set('new', blank.body);
    const fields = {
      outcome_title: 'More formal jobs', outcome_for: 'programme', programme_place: 'Belo Horizonte, BR', programme_title: 'Decent-work agenda',
      title: 'Formal jobs among vendors', measure: 'count', unit: 'jobs', by_sex: 'true', baseline_value: '10', baseline_women: '8', baseline_men: '7', baseline_date: '2012-01-01',
    };
    const refused = await post('/indicators/new', fields);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('baseline.women');
    expect(refused.body).toContain('value="Formal jobs among vendors"');
    expect(refused.body).toContain('value="8"');
    pages.set('new-refused', refused.body);
    const created = await post('/indicators/new', { ...fields, baseline_women: '3' });
    expect(created.statusCode, created.body).toBe(303);
    const page = await get(created.headers.location as string, { cookie: session.cookie });
    expect(page.body).toContain('Decent-work agenda');
    expect(page.body).toContain(`href="/results?place_id=${place['Belo Horizonte']}"`);
    expect((await get('/indicators/new')).statusCode).toBe(401);
  });

  it('edits an indicator; a stale version shows the conflict and keeps the typing', async () => {
    const edit = await get(`/indicators/${draftId}/edit`, { cookie: session.cookie });
    expect(edit.statusCode).toBe(200);
    pages.set('edit', edit.body);
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
    const fields = { outcome_title: 'Safer markets', outcome_for: 'partnership', partnership_id: partnershipId, title: 'Stalls with running water and drains', measure: 'percentage', unit: '%', version };
    expect((await post(`/indicators/${draftId}/edit`, fields)).statusCode).toBe(303);
    const stale = await post(`/indicators/${draftId}/edit`, { ...fields, title: 'A title typed over a stale version' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="A title typed over a stale version"');
    expect(stale.body).toContain(`name="version" value="${Number(version) + 1}"`);
    pages.set('edit-conflict', stale.body);
    expect((await get(`/indicators/${draftId}/edit`)).statusCode).toBe(404);
    const history = await get(`/indicators/${draftId}/history`, { cookie: session.cookie });
    expect(history.statusCode).toBe(200);
  });

  it.runIf(hasJava)('are valid HTML', () => {
    expect(htmlErrors(pages)).toBe('');
  });
});
