import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the numbered SQL files of `dir` that have not run yet, each in its own transaction,
 * in name order. Migrations are forward-only and never edited once landed; a checksum guards
 * against an edited file.
 */
export async function migrate<T>(db: Kysely<T>, dir: string): Promise<MigrationReport> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  const rows = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM schema_migrations`.execute(db);
  const done = new Map(rows.rows.map((row) => [row.name, row.checksum]));
  const applied: string[] = [];
  for (const name of files) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const sum = checksum(text);
    const previous = done.get(name);
    if (previous !== undefined) {
      if (previous !== sum) {
        throw new Error(`migration ${name} was edited after it was applied (migrations are forward-only: add a new file instead)`);
      }
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await sql.raw(text).execute(trx);
      await sql`INSERT INTO schema_migrations (name, checksum) VALUES (${name}, ${sum})`.execute(trx);
    });
    applied.push(name);
  }
  return { applied, alreadyApplied: done.size };
}

function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
