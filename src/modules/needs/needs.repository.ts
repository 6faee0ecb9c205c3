import { sql, type SqlBool } from 'kysely';
import type { Db, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { visibleTo } from '../lifecycle/index.js';
import type { NeedKind } from './needs.domain.js';

const COLUMNS = [
  'id', 'kind', 'title', 'description', 'language', 'placeId', 'organisationId', 'pillars', 'criticalAreas', 'challenges', 'sectors', 'targetGroups',
  'contactName', 'contactEmail', 'expiresOn', 'practiceId', 'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId', 'demo', 'createdAt', 'updatedAt',
] as const;

export interface NeedOfferRow {
  id: string;
  kind: NeedKind;
  title: string;
  description: string;
  language: string;
  placeId: string | null;
  organisationId: string | null;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  contactName: string | null;
  contactEmail: string | null;
  expiresOn: string;
  practiceId: string | null;
  publication: Publication;
  deletedAt: Date | null;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a save writes (creation and edit alike): the row less its identity and curation state. */
export type NeedOfferWrite = Omit<NeedOfferRow, 'id' | 'kind' | 'publication' | 'deletedAt' | 'version' | 'createdBy' | 'demo' | 'createdAt' | 'updatedAt'>;

export async function getNeedOfferRow(db: Db, id: string): Promise<NeedOfferRow | undefined> {
  return db.selectFrom('needsOffers').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getNeedOfferRows(db: Db, ids: readonly string[]): Promise<NeedOfferRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('needsOffers').select(COLUMNS).where('id', 'in', [...ids]).execute();
}

export async function insertNeedOffer(db: Db, row: NeedOfferWrite & { kind: NeedKind; createdBy: string | null; demo?: boolean }): Promise<string> {
  const inserted = await db.insertInto('needsOffers').values({ ...row, demo: row.demo ?? false }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Writes an edit if the row is still at the version it was made from: the new version, or undefined. */
export async function updateNeedOffer(db: Db, id: string, expectedVersion: number, row: NeedOfferWrite): Promise<number | undefined> {
  const updated = await db
    .updateTable('needsOffers')
    .set({ ...row, version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return updated?.version;
}

export interface NeedOfferFilters {
  kind: NeedKind;
  visibility: Visibility;
  placeId?: string | undefined;
  organisationId?: string | undefined;
  sector?: string | undefined;
  /** Expired ones are left out unless asked for. */
  includeExpired: boolean;
  today: string;
  /** Only published ones (the offers weighed against a need). */
  publishedOnly?: boolean;
}

function filtered(db: Db, filters: NeedOfferFilters) {
  const tied = (places: readonly string[], organisations: readonly string[]) =>
    sql<SqlBool>`(needs_offers.place_id = ANY(${[...places]}::uuid[]) OR needs_offers.organisation_id = ANY(${[...organisations]}::uuid[]))`;
  let query = db
    .selectFrom('needsOffers')
    .where('kind', '=', filters.kind)
    .where(visibleTo(filters.visibility, 'needsOffers', tied));
  if (filters.placeId !== undefined) query = query.where('placeId', '=', filters.placeId);
  if (filters.organisationId !== undefined) query = query.where('organisationId', '=', filters.organisationId);
  if (filters.sector !== undefined) query = query.where(sql<SqlBool>`${filters.sector} = ANY(needs_offers.sectors)`);
  if (!filters.includeExpired) query = query.where('expiresOn', '>=', filters.today);
  if (filters.publishedOnly === true) query = query.where('publication', '=', 'published').where('deletedAt', 'is', null);
  return query;
}

/** A page of needs or offers the actor may see, soonest expiry last: the newest first. */
export async function listNeedOffers(db: Db, filters: NeedOfferFilters, limit: number, offset: number): Promise<{ rows: NeedOfferRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filters).select(COLUMNS).orderBy('createdAt', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    filtered(db, filters).select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Every row the filters select (the offers weighed for a need's proposals), newest first, at most `max`. */
export async function allNeedOffers(db: Db, filters: NeedOfferFilters, max: number): Promise<NeedOfferRow[]> {
  return filtered(db, filters).select(COLUMNS).orderBy('createdAt', 'desc').orderBy('id').limit(max).execute();
}
