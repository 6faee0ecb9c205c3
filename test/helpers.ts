import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type App } from '../src/app.js';
import { openPontes, type Pontes } from '../src/bootstrap.js';
import { loadConfig, type Config } from '../src/config.js';
import { fromAllTheCities, type AllTheCitiesEntry } from '../src/modules/places/index.js';
import { projectPath } from '../src/platform/paths.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export const fixturePlaces = () =>
  fromAllTheCities(JSON.parse(fs.readFileSync(projectPath('test', 'fixtures', 'places.json'), 'utf8')) as AllTheCitiesEntry[]);

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PONTES_ADMIN_TOKEN: ADMIN_TOKEN, PONTES_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...env });
}

/**
 * A fresh database for one test file: PGlite in memory by default; with TEST_DATABASE_URL, a
 * new database on that PostgreSQL server, dropped afterwards. Migrations applied, countries
 * and the small places fixture loaded.
 */
export async function createTestPontes(env: Record<string, string> = {}): Promise<Pontes> {
  const config = testConfig(env);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    return openPontes(config, { target: { kind: 'memory' }, referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null });
  }
  const name = `pontes_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'server', url: url.toString(), poolSize: 4 };
  const pontes = await openPontes(config, { target, referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null });
  return {
    ...pontes,
    async close() {
      await pontes.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface TestApp {
  pontes: Pontes;
  app: App;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const pontes = await createTestPontes(env);
  const app = await buildApp({ db: pontes.db, config: pontes.config, logger: false });
  return {
    pontes,
    app,
    async close() {
      await app.close();
      await pontes.close();
    },
  };
}

/** A valid exchange-format record, with overrides. */
export function practiceRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'p1',
    title: 'Market vendors organise with the city',
    summary: 'Vendors and the municipality agree on stalls, water and waste collection.',
    language: 'en',
    places: [{ city: 'Durban', country: 'ZA' }],
    ...overrides,
  };
}

export function jsonl(records: unknown[]): Buffer {
  return Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

export const demoBytes = () => fs.readFileSync(projectPath('demo', 'handbook-practices.jsonl'));
