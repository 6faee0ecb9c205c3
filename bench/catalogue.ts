/**
 * Catalogue benchmark: loads the world's places, imports generated practices and times the
 * main reads, on embedded PGlite (a data folder) and on the PostgreSQL server, side by side in
 * one run. Prints figures; asserts nothing.
 *
 *   npm run bench                      # PGlite, and PostgreSQL when BENCH_DATABASE_URL is set
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *   BENCH_PRACTICES=5000 npm run bench
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/app.js';
import { openPontes } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { OPERATOR } from '../src/platform/auth/actor.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { importPractices } from '../src/modules/practices/index.js';
import { codesOf } from '../src/modules/vocabularies/index.js';
import { withPgliteFolder, withServerDatabase } from './targets.js';

const PRACTICES = Number(process.env.BENCH_PRACTICES ?? 2000);
const REPEAT = 30;

const CITIES: [string, string][] = [
  ['Maputo', 'MZ'], ['Durban', 'ZA'], ['Belo Horizonte', 'BR'], ['Porto Alegre', 'BR'], ['Makassar', 'ID'], ['Dar es Salaam', 'TZ'],
  ['Agadir', 'MA'], ['Accra', 'GH'], ['Montevideo', 'UY'], ['Curitiba', 'BR'], ['Lleida', 'ES'], ['Nairobi', 'KE'], ['Dakar', 'SN'],
];

/** Deterministic synthetic practices: every vocabulary used, bodies of realistic length. */
function generate(n: number): Buffer {
  const pick = <T>(list: T[], i: number, k: number) => Array.from(new Set(Array.from({ length: k }, (_, j) => list[(i * 7 + j * 13) % list.length]!)));
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const [city, country] = CITIES[i % CITIES.length]!;
    const [city2, country2] = CITIES[(i * 5 + 3) % CITIES.length]!;
    lines.push(JSON.stringify({
      id: `bench-${i}`,
      title: `Practice ${i}: ${city} works with vendors, cooperatives and young jobseekers`,
      summary: `A generated practice number ${i} in ${city}, used to measure the catalogue with realistic record sizes and tags.`,
      body: `${'The municipality and its partners agreed on a plan. '.repeat(20)}\n\n- step one\n- step two`,
      language: ['en', 'fr', 'es', 'pt'][i % 4],
      places: i % 3 === 0 ? [{ city, country }, { city: city2, country: country2 }] : [{ city, country }],
      partners: [{ name: `${city} City Council`, role: 'lead', kind: 'local_government', country }, { name: 'ILO', role: 'facilitating', kind: 'international_organisation' }],
      pillars: pick(codesOf('pillars'), i, 2),
      critical_areas: pick(codesOf('critical_areas'), i, 1),
      challenges: pick(codesOf('challenges'), i, 2),
      sectors: pick(codesOf('sectors'), i, 2),
      target_groups: pick(codesOf('target_groups'), i, 3),
      keywords: ['markets', 'vendors', 'decent work'],
      criteria: pick(codesOf('criteria'), i, 1 + (i % 5)).map((code) => ({ code, evidence: `Evidence for ${code}.` })),
      results: [{ text: 'Vendors trained', value: i % 300, unit: 'people', year: 2013 }],
      period: { start: String(2005 + (i % 10)) },
      ...(i > 10 && i % 4 === 0 ? { adapted_from: `bench-${i - 7}` } : {}),
    }));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeIt(fn: () => Promise<unknown>, repeat = REPEAT): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

type Figures = Record<string, number>;

async function measure(label: string, target: DatabaseTarget): Promise<Figures> {
  const figures: Figures = {};
  const config = loadConfig({ LOG_LEVEL: 'silent', PONTES_DATA_DIR: '/nonexistent' });
  let started = performance.now();
  const pontes = await openPontes(config, { target, progress: null });
  figures['open + migrate + load 135k places (s)'] = (performance.now() - started) / 1000;
  try {
    const bytes = generate(PRACTICES);
    started = performance.now();
    const summary = await importPractices(pontes.db, OPERATOR, bytes, { source: 'bench', status: 'published' });
    const importSeconds = (performance.now() - started) / 1000;
    figures[`import ${PRACTICES} practices (s)`] = importSeconds;
    figures['import rate (practices/s)'] = summary.records / importSeconds;
    started = performance.now();
    await importPractices(pontes.db, OPERATOR, bytes, { source: 'bench', status: 'published' });
    figures[`re-import ${PRACTICES} (updates) (s)`] = (performance.now() - started) / 1000;

    const app = await buildApp({ db: pontes.db, config, logger: false });
    const get = (url: string) => app.inject({ method: 'GET', url });
    figures['API list, no filter (ms)'] = await timeIt(() => get('/api/v1/practices'));
    figures['API list, 3 filters (ms)'] = await timeIt(() => get('/api/v1/practices?sectors=markets_street_vending,construction&pillars=employment&region=002'));
    figures['page /practices with facets (ms)'] = await timeIt(() => get('/practices?sectors=markets_street_vending'));
    const one = (await get('/api/v1/practices?limit=1')).json() as { items: { id: string }[] };
    const url = `/practices/${one.items[0]!.id}`;
    figures['practice page (ms)'] = await timeIt(() => get(url));
    const html = (await get(url)).rawPayload;
    figures['practice page HTML (KB)'] = html.length / 1024;
    figures['practice page gzip (KB)'] = gzipSync(html).length / 1024;
    figures['place search "sao pa" (ms)'] = await timeIt(() => get('/api/v1/places?q=sao%20pa'));
    figures['place search typo "curitbia" (ms)'] = await timeIt(() => get('/api/v1/places?q=curitbia'));
    figures['process RSS at end (MB)'] = process.memoryUsage().rss / 1024 / 1024;
    await app.close();
  } finally {
    await pontes.close();
  }
  process.stderr.write(`${label}: done\n`);
  return figures;
}

/** Runs one backend in this process and prints its figures as JSON (used by the parent run). */
async function runOne(kind: string): Promise<void> {
  const figures =
    kind === 'pglite'
      ? await withPgliteFolder((target) => measure('PGlite', target))
      : await withServerDatabase(process.env.BENCH_DATABASE_URL!, (target) => measure('PostgreSQL', target));
  process.stdout.write(JSON.stringify(figures));
}

const one = process.argv.find((arg) => arg.startsWith('--one='))?.slice('--one='.length);
if (one !== undefined) {
  await runOne(one);
  process.exit(0);
}

// Each backend runs in a process of its own, so that memory figures are its own.
const results: [string, Figures][] = [];
const backends: [string, string][] = [['PGlite (folder)', 'pglite'], ...(process.env.BENCH_DATABASE_URL ? [['PostgreSQL server', 'pg'] as [string, string]] : [])];
for (const [label, kind] of backends) {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, `--one=${kind}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${label} run failed (exit ${child.status})`);
  results.push([label, JSON.parse(child.stdout) as Figures]);
}

const keys = Object.keys(results[0]![1]);
const header = ['figure', ...results.map(([l]) => l), ...(results.length === 2 ? ['ratio PGlite/PG'] : [])];
const rows = keys.map((key) => {
  const values = results.map(([, f]) => f[key]!);
  return [key, ...values.map((v) => v.toFixed(v < 10 ? 2 : 0)), ...(values.length === 2 ? [(values[0]! / values[1]!).toFixed(2)] : [])];
});
console.log(`Pontes catalogue benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
