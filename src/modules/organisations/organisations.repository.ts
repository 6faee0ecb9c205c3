import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db, OrganisationsTable } from '../../database.js';
import type { Organisation } from './organisations.domain.js';

const COLUMNS = ['id', 'name', 'kind', 'countryCode', 'placeId', 'website', 'iatiOrgId', 'origin', 'needsReview', 'version', 'mergedInto'] as const;

export async function findByIdentity(db: Db, nameKey: string, countryCode: string | null): Promise<{ id: string; kind: string | null } | undefined> {
  return db
    .selectFrom('organisations')
    .select([sql<string>`coalesce(merged_into, id)`.as('id'), 'kind'])
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
  let query = db.selectFrom('organisations').where('mergedInto', 'is', null);
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
    SELECT id, name, kind, country_code, place_id, website, iati_org_id, origin, needs_review, version, merged_into,
      CASE WHEN name_key = ${nameKey} THEN 1.0 WHEN name_key LIKE ${`${nameKey}%`} THEN 0.8
           WHEN name_key LIKE ${`%${nameKey}%`} THEN 0.6 ELSE 0.6 * word_similarity(${nameKey}, name_key) END AS score,
      count(*) OVER () AS total
    FROM organisations
    WHERE (name_key LIKE ${`%${nameKey}%`} OR ${nameKey} <% name_key) AND merged_into IS NULL
    ORDER BY score DESC, name, id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { items: rows.rows.map(({ total: _t, score, ...org }) => ({ ...org, score: Number(score) })), total: Number(rows.rows[0]?.total ?? 0) };
}

/** Organisations flagged for review (an import created them), not merged, oldest first. */
export async function organisationsNeedingReview(db: Db, limit: number): Promise<Organisation[]> {
  return db.selectFrom('organisations').select(COLUMNS).where('needsReview', '=', true).where('mergedInto', 'is', null).orderBy('createdAt').limit(limit).execute();
}

export type OrganisationChange = Partial<Pick<Selectable<OrganisationsTable>, 'name' | 'nameKey' | 'kind' | 'countryCode' | 'placeId' | 'website' | 'iatiOrgId' | 'needsReview'>>;

/** Saves an organisation's fields if it is still at `expected` version; returns the new version or undefined. */
export async function updateOrganisation(db: Db, id: string, expected: number, change: OrganisationChange): Promise<number | undefined> {
  const row = await db
    .updateTable('organisations')
    .set({ ...change, updatedAt: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expected)
    .where('mergedInto', 'is', null)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function insertMemberOrganisation(db: Db, org: Required<Omit<OrganisationChange, 'needsReview'>> & { needsReview: boolean }): Promise<string> {
  const row = await db.insertInto('organisations').values({ ...org, origin: 'member' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Is there another live organisation with this folded name and country (the identity index)? */
export async function identityTaken(db: Db, nameKey: string, countryCode: string | null, except: string | null): Promise<boolean> {
  let query = db.selectFrom('organisations').select('id').where('nameKey', '=', nameKey).where(sql`coalesce(country_code, '--')`, '=', countryCode ?? '--');
  if (except !== null) query = query.where('id', '!=', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Merges organisation `from` into `into`: partners, owners of practices and memberships follow
 * (a focal point stays one), and `from` keeps `merged_into`. Returns the survivor's new version.
 */
export async function mergeOrganisation(db: Db, from: string, into: string): Promise<number> {
  await sql`UPDATE practice_partners SET organisation_id = ${into} WHERE organisation_id = ${from}`.execute(db);
  await sql`UPDATE practices SET owner_organisation_id = ${into} WHERE owner_organisation_id = ${from}`.execute(db);
  // The cooperation records (migration 0006) follow too.
  for (const [table, column] of [
    ['needs_offers', 'organisation_id'], ['partnership_parties', 'organisation_id'], ['event_organisers', 'organisation_id'], ['event_learnings', 'organisation_id'],
    ['commitment_owners', 'organisation_id'], ['needs_offers', 'owner_organisation_id'], ['partnerships', 'owner_organisation_id'], ['matches', 'owner_organisation_id'],
    ['events', 'owner_organisation_id'], ['roadmaps', 'owner_organisation_id'], ['indicators', 'owner_organisation_id'],
  ] as const) {
    await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${into} WHERE ${sql.ref(column)} = ${from}`.execute(db);
  }
  await sql`INSERT INTO member_organisations (member_id, organisation_id, focal_point)
    SELECT member_id, ${into}, focal_point FROM member_organisations WHERE organisation_id = ${from}
    ON CONFLICT (member_id, organisation_id) DO UPDATE SET focal_point = member_organisations.focal_point OR excluded.focal_point`.execute(db);
  await sql`DELETE FROM member_organisations WHERE organisation_id = ${from}`.execute(db);
  await sql`UPDATE organisations SET merged_into = ${into} WHERE merged_into = ${from}`.execute(db);
  await sql`UPDATE organisations SET merged_into = ${into}, version = version + 1, updated_at = now(), needs_review = false WHERE id = ${from}`.execute(db);
  const row = await sql<{ version: number }>`
    UPDATE organisations s SET version = s.version + 1, updated_at = now(),
      kind = coalesce(s.kind, f.kind), place_id = coalesce(s.place_id, f.place_id), website = coalesce(s.website, f.website), iati_org_id = coalesce(s.iati_org_id, f.iati_org_id)
    FROM organisations f WHERE s.id = ${into} AND f.id = ${from}
    RETURNING s.version`.execute(db);
  return row.rows[0]!.version;
}
