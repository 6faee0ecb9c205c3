import { sql, type QueryExecutorProvider } from 'kysely';

/** Reads a fact about this database from the meta table (see migrations/0001). */
export async function readMeta<T>(db: QueryExecutorProvider, key: string): Promise<T | undefined> {
  const result = await sql<{ value: T }>`SELECT value FROM meta WHERE key = ${key}`.execute(db);
  return result.rows[0]?.value;
}

export async function writeMeta(db: QueryExecutorProvider, key: string, value: unknown): Promise<void> {
  await sql`INSERT INTO meta (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(db);
}
