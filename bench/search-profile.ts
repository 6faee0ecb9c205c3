/**
 * Where a search's time goes, statement by statement, on a database that already holds the
 * benchmark's catalogue (see bench/search.ts): each of the 200 benchmark queries is searched
 * once after a warm-up, every statement it sends is timed in the process (from Kysely's hand-over
 * to the driver until its rows are back: round trip, planning and execution), and the time is
 * summed by statement kind, with the time spent outside statements (in Node). On a server it
 * also prints the shared buffers the 200 searches touched (pg_stat_database, read after the
 * connections closed, so every backend has reported): a measure of the work done that the
 * machine's noise does not move.
 *
 *   BENCH_EXISTING_URL=postgres://…/db npx tsx bench/search-profile.ts
 *   BENCH_EXISTING_DIR=/path/to/pglite npx tsx bench/search-profile.ts
 *   BENCH_PROFILE=match BENCH_EXISTING_URL=… npx tsx bench/search-profile.ts   # matching instead
 */
import os from 'node:os';
import pg from 'pg';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { openPontes } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { PUBLIC } from '../src/platform/auth/actor.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { matchPractices } from '../src/modules/match/index.js';
import { search } from '../src/modules/search/index.js';
import { queries, rng } from './search-data.js';

/** A statement's kind: the first words of its text, numbers and quoted values left out. */
function kindOf(node: RootOperationNode): string {
  const raw = node as unknown as { kind: string; sqlFragments?: readonly string[]; from?: { froms: { kind: string; table?: { identifier?: { name: string } } }[] } };
  // A query built with Kysely's builder: its kind and the tables it reads from.
  const tables = (raw.from?.froms ?? []).map((f) => f.table?.identifier?.name ?? f.kind).join(', ');
  const text = raw.kind === 'RawNode' ? raw.sqlFragments!.join('?') : `${raw.kind} ${tables}`;
  return text.replace(/\s+/g, ' ').trim().slice(0, 70);
}

class Timer implements KyselyPlugin {
  started = new Map<unknown, [string, number]>();
  spent: [string, number][] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.started.set(args.queryId, [kindOf(args.node), performance.now()]);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const start = this.started.get(args.queryId);
    if (start !== undefined) this.spent.push([start[0], performance.now() - start[1]]);
    return args.result;
  }
}

const target: DatabaseTarget =
  process.env.BENCH_EXISTING_URL !== undefined ? { kind: 'server', url: process.env.BENCH_EXISTING_URL } : { kind: 'embedded', dataDir: process.env.BENCH_EXISTING_DIR! };
const buffers = async () => {
  if (process.env.BENCH_EXISTING_URL === undefined) return undefined;
  const client = new pg.Client({ connectionString: process.env.BENCH_EXISTING_URL });
  await client.connect();
  const row = (await client.query<{ n: string }>('SELECT blks_hit + blks_read AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!;
  await client.end();
  return Number(row.n);
};
const before = await buffers();
const pontes = await openPontes(loadConfig({ LOG_LEVEL: 'silent', PONTES_DATA_DIR: '/nonexistent' }), { target, progress: null });
const timer = new Timer();
const db = pontes.db.withPlugin(timer) as typeof pontes.db;
// BENCH_PROFILE=match: matching ("who solved this", from Maputo) instead of search, as bench/search.ts times it.
const matching = process.env.BENCH_PROFILE === 'match';
const maputo = matching
  ? await pontes.db.selectFrom('places').select('id').where('geonamesId', '=', 1040652).executeTakeFirst()
  : undefined;
const run = (q: { q: string; filters: Record<string, string> }) =>
  matching ? matchPractices(db, PUBLIC, { need: q.q, place: maputo?.id, limit: 10 }) : search(db, PUBLIC, { q: q.q, type: 'practice', filters: q.filters, limit: 20 });
const warm = queries(rng(99)).slice(0, 50);
for (const q of warm) await run(q);
const perQuery: { q: string; total: number; statements: [string, number][] }[] = [];
for (const q of queries(rng(7))) {
  timer.spent = [];
  const started = performance.now();
  await run(q);
  perQuery.push({ q: q.q, total: performance.now() - started, statements: timer.spent });
}
await pontes.close();
await new Promise((resolve) => setTimeout(resolve, 500));
const after = await buffers();

const byKind = new Map<string, { n: number; ms: number }>();
let inStatements = 0;
for (const { statements } of perQuery) {
  for (const [kind, ms] of statements) {
    const entry = byKind.get(kind) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += ms;
    byKind.set(kind, entry);
    inStatements += ms;
  }
}
const total = perQuery.reduce((s, q) => s + q.total, 0);
console.log(`${matching ? 'Matching' : 'Search'} profile, ${perQuery.length} queries, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores`);
console.log(`total ${total.toFixed(0)} ms; in statements ${inStatements.toFixed(0)} ms (statements of one search can overlap); statements per search ${(perQuery.reduce((s, q) => s + q.statements.length, 0) / perQuery.length).toFixed(1)}`);
if (before !== undefined && after !== undefined) console.log(`shared buffers touched per search: ${((after - before) / (perQuery.length + warm.length)).toFixed(0)} (the warm-up's searches and opening the connections included)`);
console.log('| ms | calls | statement |\n|---|---|---|');
for (const [kind, { n, ms }] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) console.log(`| ${ms.toFixed(0)} | ${n} | ${kind} |`);
console.log('\nSlowest ten searches:');
for (const q of [...perQuery].sort((a, b) => b.total - a.total).slice(0, 10)) {
  console.log(`${q.total.toFixed(1)} ms  ${JSON.stringify(q.q)}: ${q.statements.map(([k, ms]) => `${k.slice(0, 24)}… ${ms.toFixed(1)}`).join('; ')}`);
}
