import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { Organisation } from './organisations.domain.js';

const COLUMNS = ['id', 'name', 'kind', 'countryCode', 'placeId', 'website', 'iatiOrgId', 'origin', 'needsReview'] as const;

export async function findByIdentity(db: Db, nameKey: string, countryCode: string | null): Promise<{ id: string; kind: string | null } | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'kind'])
    .where('nameKey', '=', nameKey)
    .where(sql`coalesce(country_code, '--')`, '=', countryCode ?? '--')
    .executeTakeFirst();
}

export async function insertImported(db: Db, org: { name: string; nameKey: string; kind: string | null; countryCode: string | null }): Promise<string> {
  const row = await db
    .insertInto('organisations')
    .values({ ...org, placeId: null, website: null, iatiOrgId: null, origin: 'import', needsReview: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setKind(db: Db, id: string, kind: string): Promise<void> {
  await db.updateTable('organisations').set({ kind, updatedAt: new Date() }).where('id', '=', id).execute();
}

export async function getOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getOrganisationsByIds(db: Db, ids: string[]): Promise<Organisation[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').select(COLUMNS).where('id', 'in', ids).execute();
}

export interface OrganisationSearch {
  nameKey?: string | undefined;
  countryCode?: string | undefined;
  kind?: string | undefined;
  limit: number;
  offset: number;
}

export async function listOrganisations(db: Db, search: OrganisationSearch): Promise<{ items: Organisation[]; total: number }> {
  let query = db.selectFrom('organisations');
  if (search.nameKey) query = query.where('nameKey', 'like', `%${search.nameKey}%`);
  if (search.countryCode) query = query.where('countryCode', '=', search.countryCode);
  if (search.kind) query = query.where('kind', '=', search.kind);
  const [items, count] = await Promise.all([
    query.select(COLUMNS).orderBy('name').orderBy('id').limit(search.limit).offset(search.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Organisations by name: exact, then start of name, then similar names (typos); best first. */
export async function searchByName(db: Db, nameKey: string, limit: number, offset: number): Promise<{ items: (Organisation & { score: number })[]; total: number }> {
  const rows = await sql<Organisation & { score: number; total: number }>`
    SELECT id, name, kind, country_code, place_id, website, iati_org_id, origin, needs_review,
      CASE WHEN name_key = ${nameKey} THEN 1.0 WHEN name_key LIKE ${`${nameKey}%`} THEN 0.8
           WHEN name_key LIKE ${`%${nameKey}%`} THEN 0.6 ELSE 0.6 * word_similarity(${nameKey}, name_key) END AS score,
      count(*) OVER () AS total
    FROM organisations
    WHERE name_key LIKE ${`%${nameKey}%`} OR ${nameKey} <% name_key
    ORDER BY score DESC, name, id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { items: rows.rows.map(({ total: _t, score, ...org }) => ({ ...org, score: Number(score) })), total: Number(rows.rows[0]?.total ?? 0) };
}
