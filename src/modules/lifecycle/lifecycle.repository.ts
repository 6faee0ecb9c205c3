import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CooperationRecordType, Db, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import type { StateChange } from './lifecycle.domain.js';

/** The tables whose rows carry a version and (but commitments) the curation columns. */
export type CooperationTable = 'needsOffers' | 'partnerships' | 'matches' | 'events' | 'roadmaps' | 'indicators' | 'commitments';

/** The snake_case name of a table, for raw SQL fragments. */
const SQL_NAME: Record<CooperationTable, string> = {
  needsOffers: 'needs_offers', partnerships: 'partnerships', matches: 'matches', events: 'events', roadmaps: 'roadmaps', indicators: 'indicators', commitments: 'commitments',
};

/** The curation columns of one row of a table that has them (all but commitments). */
export async function curationColumns(db: Db, table: Exclude<CooperationTable, 'commitments'>, id: string) {
  // Every table of this union has these columns (migration 0006); Kysely cannot see that
  // through the union, hence the one cast.
  const loose = db as unknown as Kysely<Record<string, { id: string; publication: Publication; deletedAt: Date | null; version: number; createdBy: string | null; ownerOrganisationId: string | null }>>;
  return loose
    .selectFrom(table)
    .select(['id', 'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Writes a state change of a row if it is still at the version the change was decided on:
 * the new version, or undefined when someone saved it in between (nothing written).
 */
export async function updateState(
  db: Db, table: CooperationTable, id: string, expectedVersion: number,
  change: { status?: string; publication?: Publication; deleted?: boolean },
): Promise<number | undefined> {
  const values: Record<string, unknown> = { version: sql`version + 1`, updatedAt: sql`now()` };
  if (change.status !== undefined) values.status = change.status;
  if (change.publication !== undefined) values.publication = change.publication;
  if (change.deleted !== undefined) values.deletedAt = change.deleted ? sql`now()` : null;
  const loose = db as unknown as Kysely<Record<string, { id: string; version: number }>>;
  const row = await loose
    .updateTable(table)
    .set(values as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export async function insertStateChange(
  db: Db,
  change: { recordType: CooperationRecordType; recordId: string; field: 'status' | 'publication'; fromValue: string | null; toValue: string; note: string | null; memberId: string | null },
): Promise<void> {
  await db.insertInto('stateChanges').values(change).execute();
}

/** A record's state changes, oldest first, with the member's name where they made it public. */
export async function listStateChanges(db: Db, recordType: CooperationRecordType, recordId: string): Promise<StateChange[]> {
  const rows = await db
    .selectFrom('stateChanges as c')
    .leftJoin('members as m', 'm.id', 'c.memberId')
    .select(['c.field', 'c.fromValue', 'c.toValue', 'c.note', 'c.at', 'c.memberId', 'm.name', 'm.publicFields'])
    .where('c.recordType', '=', recordType)
    .where('c.recordId', '=', recordId)
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({
    field: row.field, from: row.fromValue, to: row.toValue, note: row.note, at: row.at,
    by: { memberId: row.memberId, name: row.publicFields?.includes('name') === true ? row.name : null },
  }));
}

/**
 * What a list may show an actor (permissions.ts: visibilityOf), as one SQL condition on a
 * table with the curation columns: everything (admins), everything not deleted (curators), or
 * the published rows plus those tied to the member: created by them, owned by one of their
 * organisations, or tied (the `tied` condition, the record's own places and organisations) to
 * a place or an organisation they are the focal point of.
 */
export function visibleTo(
  visibility: Visibility, table: Exclude<CooperationTable, 'commitments'>,
  tied?: (focalPlaceIds: readonly string[], focalOrganisationIds: readonly string[]) => RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(`${SQL_NAME[table]}.${name}`);
  if (visibility.kind === 'all') return sql<SqlBool>`true`;
  if (visibility.kind === 'live') return sql<SqlBool>`${column('deleted_at')} IS NULL`;
  const own: RawBuilder<SqlBool>[] = [sql<SqlBool>`${column('publication')} = 'published'`];
  if (visibility.memberId !== null) own.push(sql<SqlBool>`${column('created_by')} = ${visibility.memberId}`);
  if (visibility.organisationIds.length > 0) own.push(sql<SqlBool>`${column('owner_organisation_id')} = ANY(${[...visibility.organisationIds]}::uuid[])`);
  if (tied !== undefined && (visibility.focalPlaceIds.length > 0 || visibility.focalOrganisationIds.length > 0)) {
    own.push(tied(visibility.focalPlaceIds, visibility.focalOrganisationIds));
  }
  return sql<SqlBool>`(${column('deleted_at')} IS NULL AND (${sql.join(own, sql` OR `)}))`;
}
