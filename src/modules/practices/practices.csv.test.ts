import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, PUBLIC } from '../../platform/auth/actor.js';
import { neutraliseCell } from '../../platform/csv.js';
import { createMember, createTestApp, demoBytes, jsonl, practiceRecord, type TestApp, type TestMember } from '../../../test/helpers.js';
import { importPractices } from './index.js';
import { PRACTICE_CSV_COLUMNS } from './practices.presenter.js';
import { exportPracticeItems } from './practices.service.js';

/** Titles a spreadsheet would run as formulas or commands if written as they are (OWASP CSV injection). */
const HOSTILE = ['=HYPERLINK("http://evil","x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'];

let t: TestApp;
let curator: TestMember;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.pontes.db;
  await importPractices(db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  await importPractices(db, OPERATOR, jsonl([practiceRecord({ id: 'secret-draft', title: 'A draft nobody should see' })]), { source: 'drafts', status: 'draft' });
  await importPractices(db, OPERATOR, jsonl(HOSTILE.map((title, i) => practiceRecord({ id: `hostile-${i}`, title: `placeholder ${i}`, summary: i === 0 ? '-cmd|\' /C calc\'!A0' : 'Vendors and the municipality agree.' }))), { source: 'hostile', status: 'published' });
  // Titles as a member could type them: set directly, whatever the import's checks would say of them.
  for (const [i, title] of HOSTILE.entries()) await db.updateTable('practices').set({ title }).where('source', '=', 'hostile').where('sourceId', '=', `hostile-${i}`).execute();
  curator = await createMember(t.pontes, { role: 'curator' });
});
afterAll(async () => {
  await t?.close();
});

async function download(url: string, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'GET', url, headers });
  const raw = response.rawPayload;
  const rows = response.statusCode === 200 ? (parse(raw, { bom: true, relax_column_count: false }) as string[][]) : [];
  return { response, raw, text: raw.toString('utf8'), header: rows[0] ?? [], records: rows.slice(1).map((row) => Object.fromEntries(row.map((cell, i) => [rows[0]![i]!, cell]))) };
}

describe('neutraliseCell', () => {
  it('prefixes a single quote to cells starting with = + - @, tab, CR or NUL, and to nothing else', () => {
    for (const cell of [...HOSTILE, '\0x', '=', '-']) expect(neutraliseCell(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'Maputo', ' =1+1', 'a=b', "'quoted", '1-2', '\nx', 'São Paulo']) expect(neutraliseCell(cell), JSON.stringify(cell)).toBe(cell);
  });
});

describe('GET /api/v1/practices.csv', () => {
  it('is a UTF-8 CSV download with a byte-order mark, a header line and CRLF line ends', async () => {
    const { response, raw, text, header, records } = await download('/api/v1/practices.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pontes-practices.csv"');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${PRACTICE_CSV_COLUMNS.map((c) => `"${c}"`).join(',')}`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(header).toEqual([...PRACTICE_CSV_COLUMNS]);
    // every published practice, and nothing else
    expect(records).toHaveLength(16 + HOSTILE.length);
    const maputo = records.find((r) => r.title!.startsWith('Maputo: improving hygiene'))!;
    expect(maputo).toMatchObject({ source: 'ilo-2013-handbook', status: 'published', language: 'en', goodPractice: 'true' });
    expect(maputo.url).toBe(`/practices/${maputo.id}`);
    expect(maputo.places).toContain('Maputo');
    expect(maputo.partners!.split('; ')).toEqual(expect.arrayContaining(['City of Maputo', 'United Cities and Local Governments (UCLG)']));
    expect(maputo.countries!.split('; ')).toContain('MZ');
    expect(maputo.period).toBe('2012-11/2013-08');
  });

  it('neutralises formula cells and quotes them as RFC 4180 says', async () => {
    const { text, records } = await download('/api/v1/practices.csv?source=hostile');
    expect(records.map((r) => r.title).sort()).toEqual(HOSTILE.map((title) => `'${title}`).sort());
    // quotes doubled inside a quoted field; the CR stays inside its quoted field
    expect(text).toContain('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(text).toContain('"\'\rx"');
    expect(text).toContain('"\'\tx"');
    expect(records.find((r) => r.sourceId === 'hostile-0')!.summary).toBe("'-cmd|' /C calc'!A0");
    // no cell of the whole file starts with a formula character
    for (const record of records) for (const [column, cell] of Object.entries(record)) expect(/^[=+\-@\t\r\0]/.test(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
  });

  it('holds drafts for a curator, never for the public', async () => {
    const publicRows = await download('/api/v1/practices.csv');
    expect(publicRows.records.some((r) => r.title === 'A draft nobody should see')).toBe(false);
    expect(publicRows.text).not.toContain('secret-draft');
    const curatorRows = await download('/api/v1/practices.csv', curator.headers);
    expect(curatorRows.response.headers['cache-control']).toBe('no-store');
    expect(curatorRows.records.find((r) => r.title === 'A draft nobody should see')).toMatchObject({ status: 'draft', sourceId: 'secret-draft' });
    expect(curatorRows.records).toHaveLength(publicRows.records.length + 1);
    const drafts = await download('/api/v1/practices.csv?status=draft');
    expect(drafts.records).toEqual([]);
  });

  it('takes the catalogue\'s filters: a filter narrows it to what GET /api/v1/practices counts', async () => {
    const { records } = await download('/api/v1/practices.csv?sectors=markets_street_vending&country=MZ');
    const api = (await t.app.inject({ method: 'GET', url: '/api/v1/practices?sectors=markets_street_vending&country=MZ' })).json() as { total: number; items: { id: string }[] };
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(16);
    expect(records.map((r) => r.id).sort()).toEqual(api.items.map((i) => i.id).sort());
    expect(records.every((r) => r.sectors!.split('; ').includes('markets_street_vending') && r.countries!.split('; ').includes('MZ'))).toBe(true);
  });

  it('refuses an unknown filter value with a problem document, not a broken file', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/practices.csv?sectors=nonsense' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'UNKNOWN_FILTER_VALUE' });
  });

  it('refuses a selection larger than one download holds, before writing a row', async () => {
    await expect(exportPracticeItems(t.pontes.db, PUBLIC, {}, { max: 3 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const exact = await exportPracticeItems(t.pontes.db, PUBLIC, { source: 'hostile' }, { max: HOSTILE.length });
    expect(exact.total).toBe(HOSTILE.length);
  });

  it('reads page after page in the exports\' order, each practice once', async () => {
    for (const pageSize of [1, 2, 4, 500]) {
      const { items } = await exportPracticeItems(t.pontes.db, PUBLIC, { source: 'hostile' }, { pageSize });
      const sourceIds: string[] = [];
      for await (const item of items) sourceIds.push(item.sourceId);
      expect(sourceIds, `pages of ${pageSize}`).toEqual(HOSTILE.map((_title, i) => `hostile-${i}`));
    }
  });

  it('is described in the OpenAPI document as text/csv', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> };
    const operation = spec.paths['/api/v1/practices.csv']?.get;
    expect(Object.keys(operation?.responses['200']?.content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(operation?.responses['400']?.content ?? {})).not.toContain('text/csv');
  });
});

describe('the catalogue page', () => {
  it('links to the CSV of the same selection, every page of it', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/practices?sectors=markets_street_vending&country=MZ&offset=20' });
    expect(page.statusCode).toBe(200);
    const href = /<a class="download" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBe('/api/v1/practices.csv?sectors=markets_street_vending&country=MZ');
    expect(page.body).toContain('Download CSV');
    const plain = await t.app.inject({ method: 'GET', url: '/practices' });
    expect(plain.body).toContain('href="/api/v1/practices.csv"');
  });
});
