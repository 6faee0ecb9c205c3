/** Where a benchmark runs: a temporary PGlite folder, or a temporary database on a server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../src/platform/db/database.js';

/** Runs `fn` on a fresh PGlite data folder, removed afterwards. */
export async function withPgliteFolder<T>(fn: (target: DatabaseTarget) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-bench-'));
  try {
    return await fn({ kind: 'embedded', dataDir: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` on a new database of the server at `serverUrl`, dropped afterwards. */
export async function withServerDatabase<T>(serverUrl: string, fn: (target: DatabaseTarget) => Promise<T>): Promise<T> {
  const name = `pontes_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn({ kind: 'server', url: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
