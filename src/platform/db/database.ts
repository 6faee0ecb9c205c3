import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PontesError } from '../../errors.js';
import { lockDataFolder, type FolderLock } from './lock.js';

export type DatabaseTarget =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'memory' }
  | { kind: 'server'; url: string; poolSize?: number };

export interface OpenDatabase<T> {
  db: Kysely<T>;
  kind: 'embedded' | 'memory' | 'server';
  /** Describes where the data lives, for logs (never includes a password). */
  description: string;
  close(): Promise<void>;
}

// int8 (counts, populations) as JS numbers: every value Pontes stores fits in 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));
// numeric as numbers too (result values)
pg.types.setTypeParser(1700, (value: string) => Number(value));
// date as its ISO text (YYYY-MM-DD): a calendar day has no time zone, and a JS Date would put it
// at local midnight, a day off on half the planet.
pg.types.setTypeParser(1082, (value: string) => value);

/**
 * How many statements each open database runs at once, by the dialect adapter its Kysely
 * instances share (a transaction's, or one with a plugin, keep their database's adapter).
 */
const parallelisms = new WeakMap<object, number>();

/**
 * How many statements the database behind `db` can run at once: its pool's size on a server;
 * 1 on PGlite, whose one connection serialises them (a second transaction waits for the first,
 * so code that waits on two at once would wait for ever there).
 */
export function parallelism(db: { getExecutor(): { adapter: object } }): number {
  return parallelisms.get(db.getExecutor().adapter) ?? 1;
}

/**
 * PGlite's default start parameters include -F (fsync off). Pontes drops it so that PostgreSQL
 * asks for fsync at every commit; see docs/adr/0002 for what that does and does not buy in WASM.
 */
export function embeddedStartParams(): string[] {
  return PGlite.defaultStartParams.filter((param) => param !== '-F');
}

/**
 * PGlite would create a database inside any folder it is given; a mistyped PONTES_DATA_DIR
 * pointing at someone's documents must be refused instead.
 */
function refuseForeignFolder(dataDir: string): void {
  const entries = fs.readdirSync(dataDir).filter((name) => name !== 'pontes.lock');
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new PontesError('CONFIG_INVALID', {
      detail: `PONTES_DATA_DIR ${dataDir} is not empty and holds no Pontes database (found ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); point it at an empty or new folder`,
    });
  }
}

/**
 * Opens the one data-access layer over either database: Kysely with its built-in Postgres
 * dialect, fed either by a real pg.Pool or by PGlite's node-postgres adapter (one connection,
 * so transactions are serialised by the pool itself).
 */
export async function openDatabase<T>(target: DatabaseTarget): Promise<OpenDatabase<T>> {
  if (target.kind === 'server') {
    const poolSize = target.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: target.url, max: poolSize });
    // An idle connection can die (server restart, admin termination). pg reports that on the pool;
    // unheard, it would crash the process. The pool replaces the connection on next use.
    pool.on('error', (error) => process.stderr.write(`database: idle connection lost (${error.message}); it will be replaced\n`));
    // Fail fast, with the server's own words, when it is unreachable or the database is missing.
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const url = new URL(target.url);
      throw new PontesError('DATABASE_UNAVAILABLE', {
        detail: `cannot connect to PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}: ${(error as Error).message}`,
        cause: error,
      });
    }
    const db = new Kysely<T>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    parallelisms.set(db.getExecutor().adapter, poolSize);
    const url = new URL(target.url);
    return {
      db,
      kind: 'server',
      description: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  let lock: FolderLock | undefined;
  if (target.kind === 'embedded') lock = lockDataFolder(target.dataDir);
  try {
    if (target.kind === 'embedded') refuseForeignFolder(target.dataDir);
    const pglite = await PGlite.create({
      ...(target.kind === 'embedded' ? { dataDir: target.dataDir } : {}),
      extensions: { pg_trgm, unaccent },
      startParams: embeddedStartParams(),
    });
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
    const db = new Kysely<T>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    let closed = false;
    return {
      db,
      kind: target.kind,
      description: target.kind === 'embedded' ? `embedded PGlite in ${target.dataDir}` : 'embedded PGlite in memory',
      async close() {
        if (closed) return;
        closed = true;
        try {
          await db.destroy();
          // db.destroy() ends the pool but not PGlite: without this the process hangs and the
          // folder is left mid-write.
          await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
