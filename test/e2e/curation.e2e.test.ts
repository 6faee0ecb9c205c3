import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestApp, type TestApp, type TestMember } from '../helpers.js';
import { axeViolations, hasChromium, launchBrowser } from './browser.js';

// Journey: a member of a workers' cooperative writes a practice through the form (a refused
// first try keeps what was typed), submits it; a curator finds it in the review queue, starts
// the review and publishes it; the public then finds it in the catalogue and through search —
// three people, three browser contexts, signed in through the real /sign-in page.
const TITLE = 'Kitchen cooperative of Maputo runs the school meals';
const SUMMARY = 'Women cooks organised in a cooperative win the municipal school-meals contract, with contracts, training and social protection.';
/** A word no other record holds, so the public's search finds this practice and nothing else. */
const WORD = 'xiluvakitchen';

let t: TestApp;
let browser: Browser;
let base: string;
let author: TestMember;
let curator: TestMember;
let organisationId: string;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await createTestApp();
  const organisation = await t.pontes.db
    .insertInto('organisations')
    .values({ name: 'Xiluva Cooks Cooperative', nameKey: 'xiluva cooks cooperative', kind: 'cooperative_sse', countryCode: 'MZ', placeId: null, website: null, iatiOrgId: null, origin: 'member' })
    .returning('id')
    .executeTakeFirstOrThrow();
  organisationId = organisation.id;
  author = await createMember(t.pontes, { role: 'member', organisationIds: [organisationId] });
  curator = await createMember(t.pontes, { role: 'curator' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A fresh browser (its own cookies), as a person on a laptop. */
function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
}

/** Signs in through the real form and lands where `next` says. */
async function signIn(page: Page, member: TestMember, next: string): Promise<void> {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  const form = page.locator('form[action="/sign-in"]');
  await form.getByLabel('Email address').fill(member.email);
  await form.getByLabel('Password').fill(member.password);
  await Promise.all([page.waitForURL(`${base}${next}`), form.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Clicks a button or link that leads to another address, and waits for that page to load. */
async function andWait(page: Page, url: RegExp | string, action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), action()]);
}

describe.runIf(hasChromium)('writing, reviewing and publishing a practice in a browser', () => {
  let practiceUrl: string;

  it('a member signs in, writes a practice (a refused save keeps the typing) and submits it for review', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signIn(page, author, '/practices/new');
    expect(await page.locator('h1').textContent()).toBe('Write a practice');
    expect(await axeViolations(page)).toEqual([]);

    const form = page.locator('form.record-form');
    await form.getByLabel('Title', { exact: true }).fill(TITLE);
    await form.getByLabel('Summary', { exact: true }).fill(SUMMARY);
    await form.getByLabel('Description', { exact: true }).fill(`The **${WORD}** model: cooks buy from local farmers and serve 40,000 meals a day.`);
    await form.getByLabel('Agriculture and food', { exact: true }).check();
    await form.getByLabel('Keywords', { exact: true }).fill(`school meals, ${WORD}`);
    await form.getByLabel('Organisation it belongs to').selectOption(organisationId);
    // No place yet: the exchange format needs one, so the save is refused (the same address
    // answers 400 with the form again: its error summary says the new page has come).
    await form.getByRole('button', { name: 'Save' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Nothing was saved');
    expect(await summary.textContent()).toContain('places');
    // Everything typed is still there.
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe(TITLE);
    expect(await form.getByLabel('Summary', { exact: true }).inputValue()).toBe(SUMMARY);
    expect(await form.getByLabel('Keywords', { exact: true }).inputValue()).toBe(`school meals, ${WORD}`);
    expect(await form.getByLabel('Agriculture and food', { exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel('Organisation it belongs to').inputValue()).toBe(organisationId);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByLabel('Places', { exact: true }).fill('Maputo, MZ');
    await andWait(page, /\/practices\/[0-9a-f-]{36}$/, () => form.getByRole('button', { name: 'Save' }).click());
    practiceUrl = new URL(page.url()).pathname;
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    const curation = page.getByRole('region', { name: 'Curation' });
    expect(await curation.textContent()).toContain('State: Draft');
    // Workflow moves redirect to the same page: the new state on it says the move is done.
    await curation.getByRole('button', { name: 'Submit for review' }).click();
    await curation.getByText(/State: Submitted/).waitFor();
    await context.close();

    // Not published yet: the public does not see it.
    const anonymous = await fetch(`${base}${practiceUrl}`);
    expect(anonymous.status).toBe(404);
  });

  it('a curator finds it in the review queue, starts the review and publishes it', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signIn(page, curator, '/review');
    expect(await page.locator('h1').textContent()).toBe('Review queue');
    expect(await axeViolations(page)).toEqual([]);
    const entry = page.getByRole('link', { name: TITLE });
    await andWait(page, `${base}${practiceUrl}`, () => entry.click());
    const curation = page.getByRole('region', { name: 'Curation' });
    await curation.getByRole('button', { name: 'Start the review' }).click();
    await curation.getByText(/State: In review/).waitFor();
    await curation.getByRole('button', { name: 'Publish' }).click();
    await curation.getByText(/State: Published/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The queue is empty again.
    await page.goto(`${base}/review`);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(0);
    await context.close();
  });

  it('the public finds it in the catalogue and through search', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${base}/practices?sectors=agriculture_food`);
    const card = page.locator('.results article').filter({ hasText: TITLE });
    expect(await card.count()).toBe(1);
    // The download holds the same selection, formulas neutralised (nothing to neutralise here).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('pontes-practices.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF"id","sourceId"')).toBe(true);
    expect(csv).toContain(`"${TITLE}"`);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
    await andWait(page, `${base}${practiceUrl}`, () => card.getByRole('link', { name: TITLE }).click());
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    expect(await page.getByRole('region', { name: 'Curation' }).count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search practices, places and organisations' }).first().fill(WORD);
    await andWait(page, /\/search\?q=/, () => page.getByRole('button', { name: 'Search' }).first().click());
    const titles = await page.locator('.results article h2').allTextContents();
    expect(titles.map((title) => title.trim())).toContain(TITLE);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
