/**
 * Search and matching latency at scale: 100,000 generated practices (four languages, every
 * vocabulary) plus the ~135k reference places, on embedded PGlite and on the PostgreSQL server,
 * each backend in a process of its own. Prints p50/p95 of 200 varied queries for search and
 * for matching, and of the bare SQL full-text query on the same data (the floor).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:search
 *   BENCH_PRACTICES=20000 npm run bench:search      # a smaller, quicker run
 *   BENCH_BACKENDS=pg BENCH_DATABASE_URL=… npm run bench:search   # one backend only
 *   BENCH_EXISTING_URL=postgres://…/db npm run bench:search       # time queries only, on a database
 *     that already holds the generated catalogue (kept from an earlier run: import skipped)
 *   BENCH_EXISTING_DIR=/path/to/pglite npm run bench:search        # the same on a PGlite folder
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import { openPontes } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { OPERATOR, PUBLIC } from '../src/platform/auth/actor.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { matchPractices } from '../src/modules/match/index.js';
import { importPractices, SEARCH_CONFIGS } from '../src/modules/practices/index.js';
import { search } from '../src/modules/search/index.js';
import { generate, queries, rng } from './search-data.js';
import { withPgliteFolder, withServerDatabase } from './targets.js';

const PRACTICES = Number(process.env.BENCH_PRACTICES ?? 100_000);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(target: DatabaseTarget, existing = false): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const config = loadConfig({ LOG_LEVEL: 'silent', PONTES_DATA_DIR: '/nonexistent' });
  const pontes = await openPontes(config, { target, progress: null });
  try {
    let started = performance.now();
    // An existing database is filled once (same generated catalogue), then only timed.
    const held = existing ? Number((await sql<{ n: string }>`SELECT count(*) AS n FROM practices WHERE source = 'bench'`.execute(pontes.db)).rows[0]!.n) : 0;
    if (held === 0) {
      const batches = generate(PRACTICES, rng(42));
      for (const [i, batch] of batches.entries()) {
        await importPractices(pontes.db, OPERATOR, batch, { source: 'bench', status: 'published' });
        if (i % 4 === 3) process.stderr.write(`  imported ${Math.min((i + 1) * 5000, PRACTICES)}\n`);
      }
      figures['import (practices/s)'] = PRACTICES / ((performance.now() - started) / 1000);
      // The steady state a server's autovacuum reaches (PGlite has none): visibility and statistics.
      await sql`VACUUM (ANALYZE)`.execute(pontes.db);
    }
    await sql`ANALYZE`.execute(pontes.db);
    const maputo = await pontes.db.selectFrom('places').select('id').where('geonamesId', '=', 1040652).executeTakeFirst();
    const list = queries(rng(7));
    // Warm-up: 50 other generated queries (another seed), so connections and caches are in the
    // steady state of a running server and no timed query has been run before.
    const warm = queries(rng(99)).slice(0, 50);
    const timed = async (fn: (q: { q: string; filters: Record<string, string> }) => Promise<unknown>) => {
      for (const q of warm) await fn(q);
      const times: number[] = [];
      for (const q of list) {
        started = performance.now();
        await fn(q);
        times.push(performance.now() - started);
      }
      return times;
    };
    const searchTimes = await timed((q) => search(pontes.db, PUBLIC, { q: q.q, type: 'practice', filters: q.filters, limit: 20 }));
    // The floor, two ways. As first written: the query's words, all required, in the English
    // configuration over every row. And in each row's own configuration (what "the same text
    // query" means for a catalogue in four languages, each searched with its own stemmer): one
    // index scan per configuration, ranked together.
    const bareTimes = await timed((q) =>
      sql`SELECT practice_id FROM search_documents d, websearch_to_tsquery('pontes_en', ${q.q}) query
          WHERE d.document @@ query ORDER BY ts_rank(d.document, query) DESC LIMIT 20`.execute(pontes.db),
    );
    const ownTimes = await timed((q) =>
      sql`SELECT practice_id FROM (${sql.join(
        SEARCH_CONFIGS.map((config) => sql`SELECT d.practice_id, ts_rank(d.document, query) AS r
          FROM search_documents d, websearch_to_tsquery(${config}::regconfig, ${q.q}) query
          WHERE d.document @@ query AND d.config = ${config}::regconfig`),
        sql` UNION ALL `,
      )}) x ORDER BY r DESC LIMIT 20`.execute(pontes.db),
    );
    const matchTimes = await timed((q) => matchPractices(pontes.db, PUBLIC, { need: q.q, place: maputo?.id, limit: 10 }));
    for (const [label, times] of [
      ['search', searchTimes], ['bare full-text query', bareTimes], ["bare query, each row's language", ownTimes], ['matching', matchTimes],
    ] as const) {
      figures[`${label} p50 (ms)`] = percentile(times, 50);
      figures[`${label} p95 (ms)`] = percentile(times, 95);
    }
    figures['search p95 / bare p95'] = figures['search p95 (ms)']! / figures['bare full-text query p95 (ms)']!;
    figures["search p95 / bare p95, each row's language"] = figures['search p95 (ms)']! / figures["bare query, each row's language p95 (ms)"]!;
    figures['process RSS (MB)'] = process.memoryUsage().rss / 2 ** 20;
  } finally {
    await pontes.close();
  }
  return figures;
}

const one = process.argv.find((a) => a.startsWith('--one='))?.slice(6);
if (process.env.BENCH_EXISTING_URL !== undefined || process.env.BENCH_EXISTING_DIR !== undefined) {
  const target: DatabaseTarget =
    process.env.BENCH_EXISTING_URL !== undefined ? { kind: 'server', url: process.env.BENCH_EXISTING_URL } : { kind: 'embedded', dataDir: process.env.BENCH_EXISTING_DIR! };
  const figures = await measure(target, true);
  console.log(`Search benchmark on an existing catalogue, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores`);
  for (const [key, value] of Object.entries(figures)) console.log(`| ${key} | ${value.toFixed(value < 10 ? 2 : 0)} |`);
  process.exit(0);
}
if (one === 'pglite' || one === 'pg') {
  const figures =
    one === 'pglite' ? await withPgliteFolder(measure) : await withServerDatabase(process.env.BENCH_DATABASE_URL!, measure);
  process.stdout.write(JSON.stringify(figures));
  process.exit(0);
}

const only = process.env.BENCH_BACKENDS?.split(',');
const backends = ([['PGlite (folder)', 'pglite'], ...(process.env.BENCH_DATABASE_URL ? [['PostgreSQL server', 'pg'] as [string, string]] : [])] as [string, string][]).filter(
  ([, kind]) => only === undefined || only.includes(kind),
);
const results: [string, Record<string, number>][] = [];
const list0 = queries(rng(7)).length;
for (const [label, kind] of backends) {
  process.stderr.write(`${label}…\n`);
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, `--one=${kind}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${label} run failed (exit ${child.status})`);
  results.push([label, JSON.parse(child.stdout) as Record<string, number>]);
}
console.log(`Search benchmark — ${PRACTICES} practices, ${list0} queries, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores`);
const header = ['figure', ...results.map(([l]) => l), ...(results.length === 2 ? ['ratio PGlite/PG'] : [])];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const key of Object.keys(results[0]![1])) {
  const values = results.map(([, f]) => f[key]!);
  console.log(`| ${[key, ...values.map((v) => v.toFixed(v < 10 ? 2 : 0)), ...(values.length === 2 ? [(values[0]! / values[1]!).toFixed(2)] : [])].join(' | ')} |`);
}
