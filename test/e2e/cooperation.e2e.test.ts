import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SOURCE } from '../../src/bootstrap.js';
import { importPractices } from '../../src/modules/practices/index.js';
import { OPERATOR } from '../../src/platform/auth/actor.js';
import { createMember, createTestApp, demoBytes, linkIn, waitForMail, type TestApp, type TestMember } from '../helpers.js';
import { axeViolations, hasChromium, launchBrowser } from './browser.js';

// Journeys 2 to 5 in a real browser, through the pages only: Maputo's focal point, on a phone,
// asks to learn from Durban's practice; Durban's focal point is told by mail, accepts the match
// and starts the partnership with the ILO as facilitator (triangular, derived); they record the
// exchange visit, a roadmap with commitments (one overdue, Maputo's), and an indicator with its
// chart. A curator publishes the roadmap. Three people, three browser contexts, signed in
// through the real /sign-in form.
const PRACTICE = 'Durban: working in partnership with informal traders and market vendors';
const NEED_TITLE = `Learning from: ${PRACTICE}`;
const ILO = 'International Labour Organization (ILO)';
const EVENT = 'Maputo market vendors visit Durban';
const ROADMAP = 'Follow-up plan of the Maputo–Durban vendor exchange';
const OVERDUE = 'Hold a meeting in Maputo to prepare the follow-up with the vendors’ associations';
const LATER = 'A Durban trainer runs an advocacy training for the leaders of Maputo’s vendors';
const INDICATOR = 'Market vendors trained';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let t: TestApp;
let browser: Browser;
let base: string;
let maputoId: string;
let practiceId: string;
let maputo: TestMember;
let durban: TestMember;
let curator: TestMember;
const people = new Map<TestMember, { context: BrowserContext; page: Page }>();
/** The pages axe has checked, by name (each distinct page once). */
const checked = new Set<string>();

beforeAll(async () => {
  if (!hasChromium) return;
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: DEMO_SOURCE, status: 'published' });
  const places = await t.pontes.db.selectFrom('places').select(['id', 'name']).where('name', 'in', ['Maputo', 'Durban']).where('mergedInto', 'is', null).execute();
  maputoId = places.find((p) => p.name === 'Maputo')!.id;
  const durbanId = places.find((p) => p.name === 'Durban')!.id;
  practiceId = (await t.pontes.db.selectFrom('practices').select('id').where('title', '=', PRACTICE).executeTakeFirstOrThrow()).id;
  maputo = await createMember(t.pontes, { role: 'member', name: 'Amélia Nhantumbo', focalPlaceIds: [maputoId] });
  durban = await createMember(t.pontes, { role: 'member', name: 'Thandeka Dlamini', focalPlaceIds: [durbanId] });
  curator = await createMember(t.pontes, { role: 'curator', name: 'Carla Curator' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const { context } of people.values()) await context.close();
  await browser?.close();
  await t?.close();
});

/** The member's own browser (phone or laptop), signed in once through the real form; landing on `next`. */
async function as(member: TestMember, next: string, viewport = LAPTOP): Promise<Page> {
  const known = people.get(member);
  if (known !== undefined) {
    await known.page.goto(`${base}${next}`);
    return known.page;
  }
  const context = await browser.newContext({ viewport, locale: 'en-GB', bypassCSP: true });
  const page = await context.newPage();
  people.set(member, { context, page });
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  const form = page.locator('form[action="/sign-in"]');
  await form.getByLabel('Email address').fill(member.email);
  await form.getByLabel('Password').fill(member.password);
  await Promise.all([page.waitForURL(`${base}${next}`), form.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}

/** Clicks something that leads to another address, and waits for that page to load. */
async function andWait(page: Page, url: RegExp | string, action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), action()]);
}

/** Submits a form that answers on the same address (a refused save), and waits for the answer. */
async function andReload(page: Page, action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

/** No serious or critical axe violation on this page (checked once per distinct page). */
async function accessible(page: Page, name: string): Promise<void> {
  if (checked.has(name)) return;
  checked.add(name);
  expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
}

const path = (page: Page) => new URL(page.url()).pathname;
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.runIf(hasChromium)('the cooperation loop in a browser: need → match → partnership → event → roadmap → results', () => {
  let matchPath: string;
  let partnershipPath: string;
  let eventPath: string;
  let roadmapPath: string;

  it('journey 2: Maputo’s focal point, on a phone, asks to learn from Durban’s practice; a match is proposed and Durban is told', async () => {
    const page = await as(maputo, `/practices/${practiceId}`, PHONE);
    expect(await text(page, 'h1')).toBe(PRACTICE);
    await accessible(page, 'practice');
    await andWait(page, /\/needs\/new\?practice=/, () => page.getByRole('link', { name: 'We want to learn from this' }).click());
    expect(await text(page, 'h1')).toBe(`Learn from “${PRACTICE}”`);
    await accessible(page, 'need form (learn from a practice)');

    // Prefilled from the practice and the member: title, topics, her place, her name.
    const form = page.locator('form.record-form');
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe(NEED_TITLE);
    expect(await form.getByLabel('Markets and street vending', { exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel('For the place').inputValue()).toBe(maputoId);
    expect(await form.getByLabel('Contact name').inputValue()).toBe('Amélia Nhantumbo');
    await form.getByLabel('Description', { exact: true }).fill('Our markets need clean water, waste collection and a working relationship with the vendors’ associations.');
    await form.getByLabel('Contact email').fill('mercados@maputo.example.org');
    await andWait(page, new RegExp(`/matches/${UUID}$`), () => form.getByRole('button', { name: 'Post the need and propose the match' }).click());
    matchPath = path(page);

    // The match says why, in plain words.
    expect(await text(page, 'h1')).toBe(`${NEED_TITLE} ↔ ${PRACTICE}`);
    expect(await text(page, 'article header .meta')).toContain('Status: Proposed');
    const why = page.getByRole('region', { name: 'Why this match' });
    expect(await why.textContent()).toContain('shared sector: Markets and street vending');
    expect(await page.getByRole('region', { name: 'The counterpart' }).getByRole('link', { name: PRACTICE }).getAttribute('href')).toBe(`/practices/${practiceId}`);
    await accessible(page, 'match');
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);

    // Durban's focal point is told, with a link to the match.
    const mail = await waitForMail(t.pontes.config, durban.email, /A match was proposed to you/);
    expect(mail.text).toContain(NEED_TITLE);
    expect(linkIn(mail, '/matches/')).toBe(matchPath);
  });

  it('Durban’s focal point follows the mail, moves the match (a stale form is refused) and starts a triangular partnership from it', async () => {
    const page = await as(durban, matchPath);
    // A second tab left open on the proposed match, to press a move that is no longer there.
    const stale = await people.get(durban)!.context.newPage();
    await stale.goto(`${base}${matchPath}`);

    const moves = page.getByRole('region', { name: 'What you can do' });
    await andWait(page, `${base}${matchPath}`, () => moves.getByRole('button', { name: 'Mark as Contacted' }).click());
    expect(await text(page, 'article header .meta')).toContain('Status: Contacted');

    await andReload(stale, () => stale.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Mark as Contacted' }).click());
    expect(await text(stale, 'h1')).toBe('A record that is contacted cannot become contacted.');
    expect(await text(stale, 'main .muted')).toContain('Error 409 (TRANSITION_NOT_ALLOWED)');
    await stale.close();

    await moves.getByLabel('Note (optional, kept in the timeline)').fill('Durban will host nine people from Maputo in June.');
    await andWait(page, `${base}${matchPath}`, () => page.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Mark as Accepted' }).click());
    expect(await text(page, 'article header .meta')).toContain('Status: Accepted');
    await accessible(page, 'match (accepted, with its moves)');

    // The partnership is created from the match: its parties named on the form, with the ILO as facilitator.
    await andWait(page, /\/partnerships\/new\?match_id=/, () => page.getByRole('link', { name: 'Start the partnership from this match' }).click());
    expect(await text(page, 'h1')).toBe('Start a partnership');
    await accessible(page, 'partnership form');
    const form = page.locator('form.record-form');
    await form.getByLabel('Type', { exact: true }).selectOption('project');
    const party = async (number: number, type: 'place' | 'organisation', name: string, country: string, role: string) => {
      const row = form.getByRole('group', { name: `Party ${number}`, exact: true });
      await row.getByLabel('Place or organisation').selectOption(type);
      await row.getByLabel('Name (or id)').fill(name);
      await row.getByLabel('Country code').fill(country);
      await row.getByLabel('Role', { exact: true }).selectOption(role);
    };
    await party(1, 'place', 'Maputo', 'MZ', 'beneficiary');
    await party(2, 'place', 'Durban', 'ZA', 'provider');
    await party(3, 'organisation', ILO, '', 'facilitator');
    await form.getByLabel('Starts', { exact: true }).fill('2013-05-01');
    await andWait(page, new RegExp(`/partnerships/${UUID}$`), () => form.getByRole('button', { name: 'Save', exact: true }).click());
    partnershipPath = path(page);

    // Triangular, derived from the parties (never typed), with the reason in words.
    expect(await text(page, 'h1')).toBe(NEED_TITLE);
    expect(await text(page, 'article header .badges')).toContain('Triangular');
    const modality = page.getByRole('region', { name: 'Modality: Triangular' });
    expect(await modality.textContent()).toContain(`supported by ${ILO}, an international organisation`);
    expect(await modality.textContent()).toContain('Pontes derives the modality');
    const parties = (await page.locator('table.parties tbody tr').allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(parties).toEqual([expect.stringMatching(/^Maputo, Mozambique ?Beneficiary$/), expect.stringMatching(/^Durban, South Africa ?Provider$/), expect.stringMatching(new RegExp(`^${ILO.replace(/[()]/g, '\\$&')} ?Facilitator$`))]);
    expect(await page.getByRole('region', { name: 'Matches it came from' }).getByRole('link', { name: 'Match 1' }).getAttribute('href')).toBe(matchPath);

    // Idea → negotiating, with a note for the timeline.
    const partnershipMoves = page.getByRole('region', { name: 'What you can do' });
    await partnershipMoves.getByLabel('Note (optional, kept in the timeline)').fill('Terms of reference sent to Maputo.');
    await andWait(page, `${base}${partnershipPath}`, () => partnershipMoves.getByRole('button', { name: 'Mark as Negotiating' }).click());
    expect(await text(page, 'article header .badges')).toContain('Negotiating');
    await accessible(page, 'partnership');
  });

  it('journey 3: the exchange visit is recorded; a learning report with <script> is refused and the typing kept; its page counts the nine participants and gives an .ics', async () => {
    const page = await as(durban, '/events');
    await andWait(page, `${base}/events/new`, () => page.getByRole('link', { name: 'Record an event' }).click());
    expect(await text(page, 'h1')).toBe('Record an event');
    await accessible(page, 'event form');
    const form = page.locator('form.record-form');
    await form.getByLabel('Title', { exact: true }).fill(EVENT);
    await form.getByLabel('Kind of event').selectOption('exchange_visit');
    await form.getByLabel('Starts', { exact: true }).fill('2013-06-10T09:00');
    await form.getByLabel('Ends', { exact: true }).fill('2013-06-14T17:00');
    await form.getByLabel('Time zone', { exact: true }).fill('Africa/Johannesburg');
    await form.getByLabel('Host place').fill('Durban, ZA');
    await form.getByLabel('Places taking part').fill('Maputo, MZ');
    const bySex = form.getByRole('group', { name: 'Participants by sex' });
    await bySex.getByLabel('Women', { exact: true }).fill('5');
    await bySex.getByLabel('Men', { exact: true }).fill('4');
    const byConstituency = form.getByRole('group', { name: 'Participants by constituency' });
    await byConstituency.getByLabel('Government', { exact: true }).fill('3');
    await byConstituency.getByLabel('Workers', { exact: true }).fill('6');
    await form.getByLabel('Agenda', { exact: true }).fill('2013-06-10T09:00 | Welcome at the City Hall | The mayor’s office and the informal economy unit\n2013-06-12T14:00 | Advocacy training | For the vendors’ and carriers’ representatives');
    await form.getByLabel('Field visits').fill('Warwick Junction markets | Durban | With Asiye eTafuleni');
    await form.getByLabel('Partnerships', { exact: true }).fill(`${base}${partnershipPath}`);
    await form.getByLabel('Learning report').fill('## What we saw\n\nTraders and the city plan the market together.<script>alert("x")</script>');
    await andReload(page, () => form.getByRole('button', { name: 'Save', exact: true }).click());

    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('Nothing was saved');
    expect(await summary.textContent()).toContain('learning_report');
    expect(await summary.textContent()).toContain('HTML is not allowed');
    expect(path(page)).toBe('/events/new');
    // Everything typed is still there.
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe(EVENT);
    expect(await form.getByLabel('Kind of event').inputValue()).toBe('exchange_visit');
    expect(await form.getByLabel('Starts', { exact: true }).inputValue()).toBe('2013-06-10T09:00');
    expect(await form.getByLabel('Time zone', { exact: true }).inputValue()).toBe('Africa/Johannesburg');
    expect(await bySex.getByLabel('Women', { exact: true }).inputValue()).toBe('5');
    expect(await byConstituency.getByLabel('Workers', { exact: true }).inputValue()).toBe('6');
    expect(await form.getByLabel('Partnerships', { exact: true }).inputValue()).toBe(`${base}${partnershipPath}`);
    expect(await form.getByLabel('Learning report').inputValue()).toContain('<script>');
    await accessible(page, 'event form (refused)');

    await form.getByLabel('Learning report').fill('## What we saw\n\nTraders and the city plan the **market** together. See [the NGO](https://aet.org.za).');
    await andWait(page, new RegExp(`/events/${UUID}$`), () => form.getByRole('button', { name: 'Save', exact: true }).click());
    eventPath = path(page);
    expect(await text(page, 'h1')).toBe(EVENT);
    expect(await text(page, 'article .kicker')).toBe('Exchange visit');
    const sexTable = page.getByRole('table', { name: 'Participants by sex' });
    expect(await sexTable.locator('tbody td').allTextContents()).toEqual(['5', '4', '—', '9']);
    const constituencyTable = page.getByRole('table', { name: 'Participants by constituency' });
    expect((await constituencyTable.locator('tbody td').allTextContents()).at(-1)).toBe('9');
    const report = page.getByRole('region', { name: 'Learning report' });
    expect(await report.locator('strong').textContent()).toBe('market');
    expect(await report.getByRole('link', { name: 'the NGO' }).getAttribute('href')).toBe('https://aet.org.za');
    expect(await page.getByRole('region', { name: 'Part of' }).getByRole('link', { name: NEED_TITLE }).getAttribute('href')).toBe(partnershipPath);
    await accessible(page, 'event');

    // The calendar file, in the event's own time zone.
    const ics = await page.getByRole('link', { name: 'Add to calendar (.ics)' }).getAttribute('href');
    const calendar = await page.request.get(`${base}${ics!}`);
    expect(calendar.status()).toBe(200);
    expect(calendar.headers()['content-type']).toMatch(/^text\/calendar/);
    const body = await calendar.text();
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain(`SUMMARY:${EVENT}`);
    expect(body).toMatch(/DTSTART;TZID=Africa\/Johannesburg:20130610T090000/);
  });

  it('journey 4: a roadmap adopted at the visit flags Maputo’s overdue commitment; a curator publishes it; Maputo moves it on and sees it on its page', async () => {
    const page = await as(durban, '/roadmaps');
    await andWait(page, `${base}/roadmaps/new`, () => page.getByRole('link', { name: 'Write a roadmap' }).click());
    await accessible(page, 'roadmap form');
    const form = page.locator('form.record-form');
    await form.getByLabel('Title', { exact: true }).fill(ROADMAP);
    await form.getByLabel('Event where it was adopted').selectOption(eventPath.split('/').at(-1)!);
    await form.getByLabel('Adopted on').fill('2013-06-14');
    await andWait(page, new RegExp(`/roadmaps/${UUID}$`), () => form.getByRole('button', { name: 'Save', exact: true }).click());
    roadmapPath = path(page);
    expect(await text(page, 'article header .meta')).toContain(`Adopted at ${EVENT}`);

    const commit = async (what: string, due: string, owner: string) => {
      await andWait(page, `${base}${roadmapPath}/commitments/new`, () => page.getByRole('link', { name: 'Add a commitment' }).click());
      await accessible(page, 'commitment form');
      const commitment = page.locator('form.record-form');
      await commitment.getByLabel('What was committed to').fill(what);
      await commitment.getByLabel('Due on').fill(due);
      await commitment.getByRole('group', { name: 'Owners' }).getByLabel(owner, { exact: true }).check();
      await andWait(page, new RegExp(`${roadmapPath}#commitment-\\d$`), () => commitment.getByRole('button', { name: 'Save', exact: true }).click());
    };
    await commit(OVERDUE, '2013-07-15', 'Maputo');
    await commit(LATER, `${new Date().getUTCFullYear() + 1}-06-30`, 'Durban');

    // The roadmap flags the overdue one, and only that one.
    expect(await page.locator('#commitment-1').textContent()).toContain('Overdue');
    expect(await page.locator('#commitment-2').textContent()).not.toContain('Overdue');
    expect(await page.getByRole('region', { name: 'Progress' }).textContent()).toContain('1 overdue');
    await accessible(page, 'roadmap');
    await andWait(page, `${base}${roadmapPath}`, () => page.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Submit for review' }).click());

    // The curator publishes it.
    const review = await as(curator, roadmapPath);
    await andWait(review, `${base}${roadmapPath}`, () => review.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Start the review' }).click());
    await andWait(review, `${base}${roadmapPath}`, () => review.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Publish' }).click());
    expect(await review.getByRole('region', { name: 'What you can do' }).textContent()).toContain('State: Published');
    await accessible(review, 'roadmap (curator)');

    // Maputo's focal point, on her phone, marks her commitment in progress: still overdue.
    const phone = await as(maputo, roadmapPath);
    await accessible(phone, 'roadmap (owner, phone)');
    await andWait(phone, new RegExp(`${roadmapPath}#commitment-1$`), () => phone.getByRole('button', { name: 'Mark as In progress: commitment 1' }).click());
    const row = phone.locator('#commitment-1');
    expect(await row.locator('.status').textContent()).toBe('In progress');
    expect(await row.textContent()).toContain('Overdue');

    // Maputo's page shows it among its overdue commitments, to her and to the public.
    await phone.goto(`${base}/places/${maputoId}`);
    const overdue = phone.getByRole('region', { name: 'Overdue commitments' });
    expect(await overdue.textContent()).toContain(`Commitment 1 of ${ROADMAP}`);
    expect(await overdue.textContent()).toContain('In progress');
    expect(await overdue.textContent()).not.toContain(LATER);
    await accessible(phone, 'place');
    const anonymous = await (await fetch(`${base}/places/${maputoId}`)).text();
    expect(anonymous).toContain(`Commitment 1 of ${ROADMAP}`);
  });

  it('journey 5: an indicator of the partnership, by sex, with a baseline, a target and a measurement, drawn as a chart with its table', async () => {
    const page = await as(durban, `/results?partnership_id=${partnershipPath.split('/').at(-1)!}`);
    await accessible(page, 'results framework');
    await andWait(page, /\/indicators\/new\?partnership_id=/, () => page.getByRole('link', { name: 'Add an indicator' }).click());
    await accessible(page, 'indicator form');
    const form = page.locator('form.record-form');
    await form.getByRole('textbox', { name: 'Outcome' }).fill('Vendors organise and negotiate with the city');
    expect(await form.getByLabel('Partnership', { exact: true }).inputValue()).toBe(partnershipPath.split('/').at(-1));
    await form.getByLabel('Indicator', { exact: true }).fill(INDICATOR);
    await form.getByLabel('Unit', { exact: true }).fill('vendors');
    await form.getByLabel('Disaggregated by sex (women and men)').check();
    const baseline = form.getByRole('group', { name: 'Baseline' });
    await baseline.getByLabel(/^Value/).fill('0');
    await baseline.getByLabel('Date', { exact: true }).fill('2013-06-01');
    await baseline.getByLabel('Baseline, women').fill('0');
    await baseline.getByLabel('Baseline, men').fill('0');
    await andWait(page, new RegExp(`/indicators/${UUID}$`), () => form.getByRole('button', { name: 'Save', exact: true }).click());
    const indicatorPath = path(page);
    expect(await text(page, 'h1')).toBe(INDICATOR);

    const targets = page.getByRole('region', { name: 'Targets' });
    await targets.getByLabel('Date of target 1').fill('2014-06-30');
    await targets.getByLabel('Value of target 1').fill('40');
    await targets.getByLabel('Women, target 1', { exact: true }).fill('25');
    await targets.getByLabel('Men, target 1', { exact: true }).fill('15');
    await andWait(page, new RegExp(`${indicatorPath}#targets-title$`), () => targets.getByRole('button', { name: 'Save the targets' }).click());

    const measure = page.getByRole('region', { name: 'Add a measurement' });
    await measure.getByLabel('Date measured').fill('2013-12-01');
    await measure.getByLabel('Value (vendors)').fill('12');
    await measure.getByLabel('Women', { exact: true }).fill('8');
    await measure.getByLabel('Men', { exact: true }).fill('4');
    await measure.getByLabel(/^Note/).fill('Attendance sheets of the first two trainings');
    await andWait(page, new RegExp(`${indicatorPath}#measurements-title$`), () => measure.getByRole('button', { name: 'Add the measurement' }).click());

    // The chart: an SVG drawn on the server, loaded, with a text alternative and the table of values.
    const chart = page.getByRole('region', { name: `${INDICATOR} over time` });
    const img = chart.locator('figure img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    const alt = (await img.getAttribute('alt')) ?? '';
    expect(alt).toContain('Baseline 0 vendors');
    expect(alt).toContain('Latest measurement 12 vendors');
    expect(alt).toContain('Target 40 vendors');
    const svg = await page.request.get(`${base}${(await img.getAttribute('src'))!}`);
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('<svg');
    const table = chart.getByRole('table', { name: `Values of ${INDICATOR}` });
    expect(await table.locator('tbody th time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime')))).toEqual(['2013-06-01', '2013-12-01', '2014-06-30']);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent)))).toEqual([
      ['Baseline', '0', '0', '0'],
      ['Measured', '12', '8', '4'],
      ['Target', '40', '25', '15'],
    ]);
    await accessible(page, 'indicator');
  });

  it('the partnership shows its timeline, its event and its results; the match links to the partnership', async () => {
    const page = await as(durban, partnershipPath);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const entries = (await timeline.locator('li').allTextContents()).map((entry) => entry.replace(/\s+/g, ' '));
    expect(entries.some((entry) => entry.includes('Created as Idea'))).toBe(true);
    expect(entries.some((entry) => entry.includes('Idea → Negotiating') && entry.includes('Terms of reference sent to Maputo.'))).toBe(true);
    expect(await page.getByRole('region', { name: 'Events of this partnership' }).getByRole('link', { name: EVENT }).getAttribute('href')).toBe(eventPath);
    expect(await page.getByRole('region', { name: 'Results' }).getByRole('img').getAttribute('alt')).toContain(INDICATOR);
    await accessible(page, 'partnership (with its event and results)');

    await page.goto(`${base}${matchPath}`);
    expect(await text(page, 'article header .meta')).toContain('Status: Partnership created');
    expect(await page.getByRole('link', { name: 'Open the partnership' }).getAttribute('href')).toBe(partnershipPath);
    const moves = (await page.getByRole('region', { name: 'Timeline' }).locator('li').allTextContents()).map((entry) => entry.replace(/\s+/g, ' '));
    expect(moves.some((entry) => entry.includes('Proposed → Contacted'))).toBe(true);
    expect(moves.some((entry) => entry.includes('Contacted → Accepted') && entry.includes('Durban will host nine people from Maputo in June.'))).toBe(true);
    expect(moves.some((entry) => entry.includes('Accepted → Partnership created'))).toBe(true);
    // No lifecycle move is left on a match that became a partnership.
    expect(await page.locator(`form[action="${matchPath}/status"]`).count()).toBe(0);
  });
});
