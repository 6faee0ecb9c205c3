/**
 * What the shortcuts of a large catalogue cost in ranking (ADR 0011): on a database that holds
 * the generated 100k catalogue of bench/search.ts, each benchmark query is searched twice, as
 * Pontes searches (pools of a concept's best postings, samples, two stages for words) and
 * exactly (every matching row read and scored), and the two first pages are compared. No
 * relevance judgments exist at this scale: the exact search is the reference, so this measures
 * the shortcuts, not the ranking itself. Also prints how far the sampled totals are from the
 * exact ones.
 *
 *   BENCH_EXISTING_URL=postgres://…/db npx tsx bench/search-fidelity.ts
 *   BENCH_EXISTING_DIR=/path/to/pglite npx tsx bench/search-fidelity.ts
 *   BENCH_QUERIES=50 …    # fewer queries (an exact search of a common concept takes seconds)
 */
import os from 'node:os';
import { openPontes } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { PUBLIC } from '../src/platform/auth/actor.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { countryRegistry } from '../src/modules/countries/index.js';
import { SEARCH_LIMITS, searchPracticeRows } from '../src/modules/practices/index.js';
import { parseFilters } from '../src/modules/practices/practices.service.js';
import { prepareSearch } from '../src/modules/search/index.js';
import { queries, rng } from './search-data.js';

const target: DatabaseTarget | undefined =
  process.env.BENCH_EXISTING_URL !== undefined ? { kind: 'server', url: process.env.BENCH_EXISTING_URL }
    : process.env.BENCH_EXISTING_DIR !== undefined ? { kind: 'embedded', dataDir: process.env.BENCH_EXISTING_DIR } : undefined;
if (target === undefined) {
  console.error('Set BENCH_EXISTING_URL or BENCH_EXISTING_DIR to a database holding the benchmark catalogue (npm run bench:search).');
  process.exit(2);
}
const EVERYTHING = { exact: Number.MAX_SAFE_INTEGER, pool: Number.MAX_SAFE_INTEGER, large: Number.MAX_SAFE_INTEGER, counted: Number.MAX_SAFE_INTEGER };
const PAGE = 20;

const config = loadConfig({ LOG_LEVEL: 'silent', PONTES_DATA_DIR: '/nonexistent' });
const pontes = await openPontes(config, { target, progress: null });
try {
  const registry = await countryRegistry(pontes.db);
  const list = queries(rng(7)).slice(0, Number(process.env.BENCH_QUERIES ?? 200));
  const rows: { overlap10: number; overlap20: number; share10: number; top1: boolean; totalError: number | undefined; fastMs: number; exactMs: number }[] = [];
  for (const [n, q] of list.entries()) {
    const { prepared } = await prepareSearch(pontes.db, q.q);
    if (prepared.units.length === 0) continue;
    const filters = parseFilters(PUBLIC, q.filters, registry);
    let started = performance.now();
    const fast = await searchPracticeRows(pontes.db, prepared, filters, PAGE, 0, true, SEARCH_LIMITS);
    const fastMs = performance.now() - started;
    started = performance.now();
    const exact = await searchPracticeRows(pontes.db, prepared, filters, PAGE, 0, true, EVERYTHING);
    const exactMs = performance.now() - started;
    const ids = (hits: { id: string }[], k: number) => hits.slice(0, k).map((h) => h.id);
    const overlap = (k: number) => {
      const reference = ids(exact.hits, k);
      if (reference.length === 0) return 1;
      const found = new Set(ids(fast.hits, k));
      return reference.filter((id) => found.has(id)).length / reference.length;
    };
    // Ties are many (a generated catalogue repeats its phrases): the same page can hold other
    // practices of the same score. The share of the exact page's score the fast page reaches
    // counts a tie as a tie.
    const scoreSum = (hits: { score: number }[]) => hits.slice(0, 10).reduce((sum, h) => sum + h.score, 0);
    rows.push({
      overlap10: overlap(10), overlap20: overlap(20), share10: scoreSum(exact.hits) === 0 ? 1 : Math.min(1, scoreSum(fast.hits) / scoreSum(exact.hits)), top1: exact.hits.length === 0 || fast.hits[0]?.id === exact.hits[0]?.id,
      totalError: exact.total > 0 ? Math.abs(fast.total - exact.total) / exact.total : undefined, fastMs, exactMs,
    });
    if ((n + 1) % 25 === 0) process.stderr.write(`  ${n + 1} queries\n`);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const quantile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN;
  const errors = rows.flatMap((r) => (r.totalError === undefined ? [] : [r.totalError]));
  console.log(`Search fidelity — ${rows.length} queries, the shortcuts of a large catalogue against an exact search, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores`);
  console.log('| figure | value |');
  console.log('|---|---|');
  console.log(`| score of the first 10, share of the exact page's (mean) | ${mean(rows.map((r) => r.share10)).toFixed(3)} |`);
  console.log(`| score of the first 10, share of the exact page's (worst tenth, at most) | ${quantile(rows.map((r) => r.share10), 0.1).toFixed(3)} |`);
  console.log(`| overlap of the first 10 (mean) | ${mean(rows.map((r) => r.overlap10)).toFixed(3)} |`);
  console.log(`| overlap of the first 10 (worst tenth of queries, at most) | ${quantile(rows.map((r) => r.overlap10), 0.1).toFixed(2)} |`);
  console.log(`| overlap of the first 20 (mean) | ${mean(rows.map((r) => r.overlap20)).toFixed(3)} |`);
  console.log(`| same first result | ${(mean(rows.map((r) => (r.top1 ? 1 : 0))) * 100).toFixed(1)} % |`);
  console.log(`| total's error, median / 90th percentile | ${(quantile(errors, 0.5) * 100).toFixed(1)} % / ${(quantile(errors, 0.9) * 100).toFixed(1)} % |`);
  console.log(`| time, shortcuts: median / p95 (ms) | ${quantile(rows.map((r) => r.fastMs), 0.5).toFixed(0)} / ${quantile(rows.map((r) => r.fastMs), 0.95).toFixed(0)} |`);
  console.log(`| time, exact: median / p95 (ms) | ${quantile(rows.map((r) => r.exactMs), 0.5).toFixed(0)} / ${quantile(rows.map((r) => r.exactMs), 0.95).toFixed(0)} |`);
} finally {
  await pontes.close();
}
