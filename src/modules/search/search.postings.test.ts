import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pontes } from '../../bootstrap.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createTestPontes, jsonl, practiceRecord } from '../../../test/helpers.js';
import { parallelism } from '../../platform/db/database.js';
import { frequencies, headlines, importPractices, refreshSearchStatistics, practiceFacets, sampledCatalogue, SEARCH_LIMITS, searchPracticeRows } from '../practices/index.js';
import { buildThesaurus, thesaurus } from './search.thesaurus.js';
import { prepareSearch } from './search.service.js';
import { syncSearchConcepts } from './search.repository.js';

let pontes: Pontes;
const published = { status: ['published'], visible: null };
const COUNTRIES = ['MZ', 'ZA', 'BR', 'SN', 'IN'];

beforeAll(async () => {
  pontes = await createTestPontes();
  // 60 practices about street vendors, a third also about waste pickers, in five countries.
  const records = Array.from({ length: 60 }, (_, i) =>
    practiceRecord({
      id: `v-${i}`,
      title: i === 7 ? 'Street vendors and street vendors: a street vendors charter' : `Programme ${i} for street vendors`,
      summary: `Street vendors of district ${i} got stalls${i % 3 === 0 ? ' and waste pickers joined a cooperative' : ''}.`,
      places: [{ city: `Town ${i}`, country: COUNTRIES[i % COUNTRIES.length] }],
    }),
  );
  await importPractices(pontes.db, OPERATOR, jsonl(records), { source: 'postings', status: 'published' });
});
afterAll(async () => {
  await pontes.close();
});

describe('search postings', () => {
  it('are written with the practice: each concept its text names, and none for concepts it does not', async () => {
    const rows = await sql<{ concept: string; hit: number }>`
      SELECT c.concept, p.hit FROM search_postings p
      JOIN search_documents d ON d.doc = p.doc JOIN practices pr ON pr.id = d.practice_id
      JOIN (SELECT DISTINCT concept, no FROM search_concepts) c ON c.no = p.concept
      WHERE pr.source_id = 'v-3'`.execute(pontes.db);
    const concepts = rows.rows.map((r) => r.concept);
    expect(concepts).toContain('street_vendors');
    expect(concepts).toContain('waste_pickers');
    const v1 = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM search_postings p JOIN search_documents d ON d.doc = p.doc JOIN practices pr ON pr.id = d.practice_id
      WHERE pr.source_id = 'v-1' AND p.concept = ${thesaurus().numbers.get('waste_pickers')!}`.execute(pontes.db);
    expect(v1.rows[0]!.n).toBe(0);
  });

  it('follow an update of the practice in the same import', async () => {
    const { prepared } = await prepareSearch(pontes.db, 'waste pickers');
    const before = await searchPracticeRows(pontes.db, prepared, published, 100, 0);
    await importPractices(pontes.db, OPERATOR, jsonl([practiceRecord({ id: 'v-1', title: 'Programme 1 for waste pickers', summary: 'Waste pickers of district 1.', places: [{ city: 'Town 1', country: 'ZA' }] })]), { source: 'postings', status: 'published' });
    const after = await searchPracticeRows(pontes.db, prepared, published, 100, 0);
    expect(after.total).toBe(before.total + 1);
  });

  it('counts a sample, scaled and marked approximate, when matches exceed the exact limit, and ranks from the best postings', async () => {
    const { prepared } = await prepareSearch(pontes.db, 'street vendors');
    const exact = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true);
    expect(exact.approximate).toBe(false);
    expect(exact.total).toBe(59); // v-1 is about waste pickers since the update above
    const sampled = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, { exact: 20, pool: 5, large: 2000 });
    expect(sampled.approximate).toBe(true);
    // A sample of about a third of the rows: the estimate is near the truth, not equal by design.
    expect(sampled.total).toBeGreaterThan(20);
    expect(sampled.total).toBeLessThan(140);
    const countries = [...(sampled.facets.country?.keys() ?? [])];
    expect(countries.length).toBeGreaterThan(0);
    expect(countries.every((c) => COUNTRIES.includes(c))).toBe(true);
    // The practice that names the concept most is first either way.
    expect(sampled.hits[0]!.id).toBe(exact.hits[0]!.id);
  });

  it('with a narrowing filter that few rows pass, searches those rows exactly, however common the query', async () => {
    const { prepared } = await prepareSearch(pontes.db, 'street vendors');
    const limits = { exact: 20, pool: 5, large: 2000 };
    // 12 of the 60 rows are in Mozambique: the champion lists of "street vendors" (5 best) would
    // hold few of them, if any; the 12 rows are searched instead, exactly.
    const mz = await searchPracticeRows(pontes.db, prepared, { ...published, country: ['MZ'] }, 20, 0, true, limits);
    expect(mz.approximate).toBe(false);
    const truth = await searchPracticeRows(pontes.db, prepared, { ...published, country: ['MZ'] }, 20, 0, true);
    expect(mz.total).toBe(truth.total);
    expect(mz.hits.map((h) => h.id)).toEqual(truth.hits.map((h) => h.id));
    expect(mz.total).toBe(12);
    // A filter most rows pass leaves the sampled path as it was.
    const wide = await searchPracticeRows(pontes.db, prepared, { ...published, country: COUNTRIES }, 5, 0, true, limits);
    expect(wide.approximate).toBe(true);
  });

  it('in a large catalogue, score words in two stages and find what the exact search finds first', async () => {
    // "charter" is in one title only (v-7): the first stage finds it through the index, the
    // second reads that row's text to rank the word.
    const { prepared } = await prepareSearch(pontes.db, 'street vendors charter');
    const exact = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true);
    const staged = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, { exact: 20, pool: 5, large: 0 });
    expect(staged.mode).toBe('any');
    expect(staged.approximate).toBe(true);
    expect(staged.hits[0]!.id).toBe(exact.hits[0]!.id);
    expect(staged.hits[0]!.rank).toBeCloseTo(exact.hits[0]!.rank, 6);
    expect(staged.hits[0]!.score).toBeCloseTo(exact.hits[0]!.score, 6);
  });

  it('in a large catalogue, count words that go together before reading every row that holds them', async () => {
    // "joined" and "joins" share a stem and are in a third of the rows: taken as independent they
    // would be in a ninth (under the limit of 10); counted, they are in 20, so the sample is read.
    const { prepared } = await prepareSearch(pontes.db, 'joined joins');
    const limits = { exact: 10, pool: 5, large: 0 };
    const guarded = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, limits);
    expect(guarded.mode).toBe('all');
    expect(guarded.approximate).toBe(true);
    const small = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, { ...limits, large: 1000 });
    expect(small.approximate).toBe(false);
    expect(small.total).toBe(20);
  });

  it('samples a strict search whose rarest unit is a word from the rows holding every word, and keeps only full matches', async () => {
    // "joined" (20 rows) is rarer than the concept "street vendors" (59) and than "stalls" (60):
    // the strict pass reads a sample of the rows holding both words, then keeps those with a
    // posting of the concept.
    const { prepared } = await prepareSearch(pontes.db, 'street vendors joined stalls');
    // A page of 20: every full match, exactly.
    const exact = await searchPracticeRows(pontes.db, prepared, published, 20, 0, true);
    expect(exact.mode).toBe('all');
    expect(exact.total).toBe(20);
    const full = new Set(exact.hits.map((hit) => hit.id));
    const sampled = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, { exact: 8, pool: 5, large: 0 });
    expect(sampled.mode).toBe('all');
    expect(sampled.approximate).toBe(true);
    expect(sampled.hits).toHaveLength(5);
    expect(sampled.hits.every((hit) => full.has(hit.id))).toBe(true);
    // A sample of about two in five of the 20 rows, scaled: near 20 (all 20 rows, scaled, would be 50).
    expect(sampled.total).toBeGreaterThan(8);
    expect(sampled.total).toBeLessThan(40);
  });

  it('on a server, runs the widened pass beside a strict pass that may come back short, with the same results as in turn', async () => {
    // PGlite has one connection: there the passes always run in turn.
    const server = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';
    expect(parallelism(pontes.db)).toBe(server ? 4 : 1);
    // "street vendors" is in 59 rows and "waste pickers" in 21, both in 21: a page of 50 must
    // widen, a page of 5 is filled by the strict pass.
    const { prepared } = await prepareSearch(pontes.db, 'street vendors waste pickers');
    const limits = { ...SEARCH_LIMITS, large: 0 };
    for (const [limit, mode] of [[50, 'any'], [5, 'all']] as const) {
      const inTurn = await searchPracticeRows(pontes.db, prepared, published, limit, 0, true, { ...limits, speculate: 0 });
      const beside = await searchPracticeRows(pontes.db, prepared, published, limit, 0, true, { ...limits, speculate: 1000 });
      expect(inTurn.mode).toBe(mode);
      expect(inTurn.speculated).toBeUndefined();
      expect(beside.speculated).toBe(server ? true : undefined);
      expect({ ...beside, speculated: undefined }).toEqual(inTurn);
    }
    // Not expected to come back short (21 full matches, 10 pages of 5 allowed): in turn.
    const likely = await searchPracticeRows(pontes.db, prepared, published, 5, 0, true, { ...limits, speculate: 2 });
    expect(likely.speculated).toBeUndefined();
    // In a caller's transaction, in turn: the passes share it.
    await pontes.db.transaction().execute(async (trx) => {
      const widened = await searchPracticeRows(trx, prepared, published, 50, 0, true, { ...limits, speculate: 1000 });
      expect(widened.mode).toBe('any');
      expect(widened.speculated).toBeUndefined();
    });
  });

  it('writes the same snippets for a page in two halves at once (on a server) as in one statement', async () => {
    const { prepared } = await prepareSearch(pontes.db, 'waste pickers stalls');
    const { hits } = await searchPracticeRows(pontes.db, prepared, published, 20, 0, false);
    const ids = hits.map((hit) => hit.id);
    expect(ids).toHaveLength(20);
    const whole = await headlines(pontes.db, ids, prepared, Infinity);
    const halves = await headlines(pontes.db, ids, prepared, 2);
    expect(whole.size).toBe(20);
    expect([...whole.values()].every((snippet) => snippet.includes('\u0002'))).toBe(true);
    expect(new Map([...halves].sort())).toEqual(new Map([...whole].sort()));
  });

  it("takes a common concept's count from PostgreSQL's statistics instead of counting its postings", async () => {
    const { prepared } = await prepareSearch(pontes.db, 'street vendors');
    const concept = prepared.units.findIndex((u) => u.concept !== undefined);
    const counted = await frequencies(pontes.db, prepared.units);
    await refreshSearchStatistics(pontes.db);
    // Every concept of the 60 rows is "common" from one posting on: the statistics' estimate is
    // used; it is close to the count, not equal by design.
    const estimated = await frequencies(pontes.db, prepared.units, 1);
    expect(counted.df[concept]).toBeGreaterThan(0);
    expect(estimated.df[concept]).toBeGreaterThan(counted.df[concept]! * 0.7);
    expect(estimated.df[concept]).toBeLessThan(counted.df[concept]! * 1.3);
    // With the default threshold, so few postings are counted, exactly.
    expect((await frequencies(pontes.db, prepared.units)).df[concept]).toBe(counted.df[concept]);
  });

  it('count a large catalogue without a query on a sample: all of it gives the exact counts, a part of it an estimate', async () => {
    await sql`ANALYZE search_documents`.execute(pontes.db);
    expect(await sampledCatalogue(pontes.db, published)).toBeUndefined(); // 60 rows: counted exactly
    const exactFacets = await practiceFacets(pontes.db, published);
    const whole = await sampledCatalogue(pontes.db, published, 1_000_000, 0);
    expect(whole!.total).toBe(60);
    for (const facet of ['country', 'region', 'pillars'] as const) {
      expect(Object.fromEntries(whole!.facets[facet] ?? []), facet).toEqual(Object.fromEntries(exactFacets[facet].map((f) => [f.value, f.count])));
    }
    // A country chosen: the total narrows, the country facet still counts the other countries.
    const mz = await sampledCatalogue(pontes.db, { ...published, country: ['MZ'] }, 1_000_000, 0);
    expect(mz!.total).toBe(12);
    expect(mz!.facets.country?.get('ZA')).toBe(12);
    const part = await sampledCatalogue(pontes.db, published, 20, 0);
    expect(part!.total).toBeGreaterThan(20);
    expect(part!.total).toBeLessThan(140);
  });

  it('are recomputed when the thesaurus changes, and not otherwise', async () => {
    expect((await syncSearchConcepts(pontes.db)).rebuilt).toBe(false);
    const base = thesaurus().concepts;
    const changed = buildThesaurus(base.map((c) => (c.id === 'waste_pickers' ? { ...c, terms: { ...c.terms, en: [...c.terms.en, 'district 2'] } } : c)));
    const rebuilt = await syncSearchConcepts(pontes.db, changed);
    expect(rebuilt).toEqual({ rebuilt: true, documents: 60 });
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_postings p JOIN search_documents d ON d.doc = p.doc JOIN practices pr ON pr.id = d.practice_id
      WHERE pr.source_id = 'v-2' AND p.concept = ${changed.numbers.get('waste_pickers')!}`.execute(pontes.db);
    expect(n.rows[0]!.n).toBe(1);
    // Back to the file's thesaurus, for the other tests of this file.
    expect((await syncSearchConcepts(pontes.db)).rebuilt).toBe(true);
  });
});
