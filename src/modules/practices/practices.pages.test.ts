import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../platform/auth/actor.js';
import { projectPath } from '../../platform/paths.js';
import { createTestApp, demoBytes, jsonl, practiceRecord, type TestApp } from '../../../test/helpers.js';
import { hasJava, htmlErrors } from '../../../test/java.js';
import { importPractices } from './index.js';

let t: TestApp;
const ids = new Map<string, string>();
beforeAll(async () => {
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  await importPractices(
    t.pontes.db,
    OPERATOR,
    jsonl([
      practiceRecord({
        id: 'hostile',
        title: '<script>alert("title")</script> Vendors',
        summary: 'Summary with <img src=x onerror=alert(1)> inside it.',
        body: 'A paragraph with <b>raw html</b> and <script>alert(2)</script>.\n\n[a link](javascript:alert(3)) and [a good one](https://example.org/report)',
      }),
    ]),
    { source: 'hostile', status: 'published' },
  );
  const rows = await t.pontes.db.selectFrom('practices').select(['id', 'sourceId']).execute();
  for (const row of rows) ids.set(row.sourceId, row.id);
});
afterAll(async () => {
  await t?.close();
});

const page = async (url: string, headers: Record<string, string> = {}) => {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, html: response.body, headers: response.headers, raw: response.rawPayload };
};

describe('pages', () => {
  it('home says what Pontes is, with figures and the latest practices', async () => {
    const { status, html, headers } = await page('/');
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html).toContain('<h1>Find a city that solved the problem you face</h1>');
    expect(html).toMatch(/<strong>17<\/strong> published practices/);
    // The other figures, counted here from the rows themselves.
    const rows = await t.pontes.db.selectFrom('practices').select(['goodPractice', 'countryCodes']).where('status', '=', 'published').execute();
    const good = rows.filter((row) => row.goodPractice).length;
    const countries = new Set(rows.flatMap((row) => row.countryCodes)).size;
    expect(good).toBeGreaterThan(0);
    expect(html).toMatch(new RegExp(`<strong>${good}</strong> carr(y|ies) the good-practice mark`));
    expect(html).toMatch(new RegExp(`<strong>${countries}</strong> countr(y|ies)`));
    expect(html).toContain('href="/practices?pillars=employment"');
  });

  it('the practice list filters with a plain GET form, shows counts, and pages', async () => {
    const all = await page('/practices');
    expect(all.html).toContain('<form method="get" action="/practices"');
    expect(all.html).toContain('17 practices');
    expect(all.html).toMatch(/name="sectors" value="markets_street_vending"\/> Markets and street vending <span class="count">\(\d+\)/);
    const filtered = await page('/practices?sectors=markets_street_vending&sectors=construction&good_practice=true');
    expect(filtered.status).toBe(200);
    expect(filtered.html).toMatch(/name="sectors" value="construction" checked\/>/);
    expect(filtered.html).toContain('Clear all filters');
    const paged = await page('/practices?offset=10');
    expect(paged.html).toContain('rel="prev"');
    expect(paged.html.match(/<article class="card">/g)).toHaveLength(7);
    const bad = await page('/practices?pillars=wellbeing');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Unknown value “wellbeing” for the filter pillars.');
  });

  it('the Maputo market practice shows every part and its lineage both ways', async () => {
    const { status, html } = await page(`/practices/${ids.get('ilo2013-maputo-markets-hygiene-vendors')!}`);
    expect(status).toBe(200);
    for (const text of ['Results', 'Criteria', 'Partners', 'Lineage', 'Adapted from', 'Good practice', 'Triangular', 'Maputo']) expect(html, text).toContain(text);
    const durbanId = ids.get('ilo2013-durban-informal-traders-partnership')!;
    expect(html).toContain(`href="/practices/${durbanId}"`);
    const durban = await page(`/practices/${durbanId}`);
    expect(durban.html).toContain('Adapted by');
    expect(durban.html).toContain(`href="/practices/${ids.get('ilo2013-maputo-markets-hygiene-vendors')!}"`);
  });

  it('a record in another language says so and marks its text with lang', async () => {
    const { html } = await page(`/practices/${ids.get('ilo2013-curitiba-decent-work-municipal-programme')!}`);
    expect(html).toContain('This record is written in Portuguese.');
    expect(html).toMatch(/<h1 lang="pt">/);
    expect(html).toMatch(/<html lang="en">/);
  });

  it('escapes every value and renders no raw HTML from a body', async () => {
    const { html } = await page(`/practices/${ids.get('hostile')!}`);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script>alert(&quot;title&quot;)&lt;/script> Vendors');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>raw html</b>');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<a href="https://example.org/report" rel="nofollow noopener">a good one</a>');
  });

  it('place and organisation pages show their profile and practices', async () => {
    const place = await t.app.inject({ method: 'GET', url: '/api/v1/places?q=maputo' });
    const maputoId = (place.json() as { items: { id: string }[] }).items[0]!.id;
    const { html } = await page(`/places/${maputoId}`);
    expect(html).toContain('<h1>Maputo</h1>');
    expect(html).toContain('1,191,613');
    expect(html).toContain('Large city');
    expect(html).toContain(`href="/practices/${ids.get('ilo2013-maputo-markets-hygiene-vendors')!}"`);
    const search = await page('/places?q=lourenco');
    expect(search.html).toContain(`href="/places/${maputoId}"`);
    const orgs = await page('/organisations?q=maputo');
    const orgId = /href="\/organisations\/([0-9a-f-]{36})"/.exec(orgs.html)?.[1];
    expect(orgId).toBeDefined();
    const org = await page(`/organisations/${orgId!}`);
    expect(org.status).toBe(200);
    expect(org.html).toContain('Practices it takes part in');
  });

  it('unknown records and addresses get a translated HTML error page', async () => {
    const missing = await page('/practices/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.html).toContain('We could not find that record.');
    const nowhere = await page('/nowhere');
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain('There is no page at this address.');
  });

  it('pages are light: a practice page is well under 50 KB transferred, the stylesheet cached for good', async () => {
    const url = `/practices/${ids.get('ilo2013-maputo-markets-hygiene-vendors')!}`;
    const compressed = await page(url, { 'accept-encoding': 'gzip' });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    const cssHref = /<link rel="stylesheet" href="([^"]+)"/.exec(compressed.html.length > 0 ? (await page(url)).html : '')![1]!;
    const css = await page(cssHref, { 'accept-encoding': 'gzip' });
    expect(css.headers['cache-control']).toContain('immutable');
    const transferred = compressed.raw.length + css.raw.length;
    expect(transferred).toBeLessThan(50 * 1024);
    // even uncompressed, page and stylesheet stay under the budget
    expect((await page(url)).raw.length + fs.statSync(projectPath('public', 'pontes.css')).size).toBeLessThan(50 * 1024);
    expect(gzipSync((await page(url)).raw).length).toBeLessThan(10 * 1024);
    expect(compressed.html).not.toContain('<script');
  });

  it('sends security headers', async () => {
    const { headers } = await page('/');
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it.runIf(hasJava)('pages are valid HTML (Nu Html Checker)', async () => {
    const placeId = ((await t.app.inject({ method: 'GET', url: '/api/v1/places?q=durban' })).json() as { items: { id: string }[] }).items[0]!.id;
    const urls = ['/', '/practices', '/practices?sectors=construction', `/practices/${ids.get('ilo2013-maputo-markets-hygiene-vendors')!}`, `/practices/${ids.get('hostile')!}`, `/places/${placeId}`, '/places?q=maputo', '/organisations', '/nowhere'];
    const pages: [string, string][] = [];
    for (const [i, url] of urls.entries()) pages.push([`page${i}`, (await page(url)).html]);
    expect(htmlErrors(pages)).toBe('');
  });
});
