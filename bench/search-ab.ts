/**
 * Two versions of the search compared in one process, on a database that already holds the
 * benchmark's catalogue (see bench/search.ts): the same 200 benchmark queries go through both
 * checkouts' code, alternating per query (which goes first alternates too), after a warm-up of
 * 50 other queries. Prints each version's mean, p50, p95 and max, the ratio of the means, and
 * how many queries gave different results (items, scores, snippets, totals, facets; for
 * matching, the suggestions and their explanations). The machine's noise moves both versions
 * alike, which separate runs of bench/search.ts do not.
 *
 *   git worktree add /tmp/before <rev> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   AB_BEFORE=/tmp/before AB_AFTER=$PWD BENCH_EXISTING_URL=postgres://…/db npx tsx bench/search-ab.ts
 *   AB_BEFORE=… AB_AFTER=… BENCH_EXISTING_DIR=/path/to/pglite npx tsx bench/search-ab.ts
 *   BENCH_PROFILE=match AB_BEFORE=… AB_AFTER=… BENCH_EXISTING_URL=… npx tsx bench/search-ab.ts   # matching
 *
 * PGlite: one process can open a folder once, so AB_BEFORE and AB_AFTER run on two copies of it
 * (BENCH_EXISTING_DIR and BENCH_EXISTING_DIR_AFTER).
 */
import path from 'node:path';
import { queries, rng } from './search-data.js';

type Query = { q: string; filters: Record<string, string> };
type Version = { run: (q: Query) => Promise<unknown>; close: () => Promise<void> };

const matching = process.env.BENCH_PROFILE === 'match';

/** A checkout's own code (its modules, its pool), opened on the benchmark's database. */
async function open(root: string, dataDir: string | undefined): Promise<Version> {
  const from = (file: string) => import(path.resolve(root, file));
  const [{ openPontes }, { loadConfig }, { PUBLIC }, { search }, { matchPractices }] = await Promise.all([
    from('src/bootstrap.ts'), from('src/config.ts'), from('src/platform/auth/actor.ts'), from('src/modules/search/index.ts'), from('src/modules/match/index.ts'),
  ]);
  const target = process.env.BENCH_EXISTING_URL !== undefined ? { kind: 'server', url: process.env.BENCH_EXISTING_URL } : { kind: 'embedded', dataDir };
  const pontes = await openPontes(loadConfig({ LOG_LEVEL: 'silent', PONTES_DATA_DIR: '/nonexistent' }), { target, progress: null });
  const maputo = await pontes.db.selectFrom('places').select('id').where('geonamesId', '=', 1040652).executeTakeFirst();
  return {
    run: (q) =>
      matching
        ? matchPractices(pontes.db, PUBLIC, { need: q.q, place: maputo?.id, limit: 10 })
        : search(pontes.db, PUBLIC, { q: q.q, type: 'practice', filters: q.filters, limit: 20 }),
    close: () => pontes.close(),
  };
}

const before = process.env.AB_BEFORE;
const after = process.env.AB_AFTER;
if (before === undefined || after === undefined || (process.env.BENCH_EXISTING_URL === undefined && process.env.BENCH_EXISTING_DIR === undefined)) {
  console.error('set AB_BEFORE and AB_AFTER (two checkouts) and BENCH_EXISTING_URL or BENCH_EXISTING_DIR (see the comment at the top)');
  process.exit(2);
}
const versions = {
  before: await open(before, process.env.BENCH_EXISTING_DIR),
  after: await open(after, process.env.BENCH_EXISTING_DIR_AFTER ?? process.env.BENCH_EXISTING_DIR),
};
for (const q of queries(rng(99)).slice(0, 50)) {
  await versions.before.run(q);
  await versions.after.run(q);
}
const times = { before: [] as number[], after: [] as number[] };
const differing: string[] = [];
for (const [i, q] of queries(rng(7)).entries()) {
  const order = i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
  const results: Record<string, string> = {};
  for (const name of order) {
    const started = performance.now();
    results[name] = JSON.stringify(await versions[name].run(q));
    times[name].push(performance.now() - started);
  }
  if (results.before !== results.after) differing.push(q.q);
}
await versions.before.close();
await versions.after.close();

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(`${matching ? 'Matching' : 'Search'}, ${times.before.length} queries, alternating, ${new Date().toISOString().slice(0, 10)}`);
console.log('| version | mean (ms) | p50 | p95 | max |\n|---|---|---|---|---|');
for (const name of ['before', 'after'] as const) {
  const t = times[name];
  console.log(`| ${name} | ${mean(t).toFixed(1)} | ${percentile(t, 50).toFixed(1)} | ${percentile(t, 95).toFixed(1)} | ${Math.max(...t).toFixed(1)} |`);
}
console.log(`mean after / before: ${(mean(times.after) / mean(times.before)).toFixed(3)}; queries with different results: ${differing.length}`);
for (const q of differing.slice(0, 10)) console.log(`  differs: ${JSON.stringify(q)}`);
