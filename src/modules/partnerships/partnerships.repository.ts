import { sql, type SqlBool } from 'kysely';
import type { Db, PartnershipStatus, PartyRole, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { visibleTo } from '../lifecycle/index.js';
import type { ContributionKind, PartnershipDocument, PartnershipType } from './partnerships.domain.js';

/** The columns a save writes (everything but the curation columns and the status). */
export interface PartnershipContent {
  title: string;
  description: string;
  language: string;
  type: PartnershipType;
  modality: string;
  modalityReason: string;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  startsOn: string | null;
  endsOn: string | null;
  agreementOn: string | null;
  documents: PartnershipDocument[];
  ownerOrganisationId: string | null;
}

export interface PartyRow {
  placeId: string | null;
  organisationId: string | null;
  role: PartyRole;
}

export interface ContributionRow {
  party: number | null;
  kind: ContributionKind;
  amount: number | null;
  currency: string | null;
  description: string | null;
}

const COLUMNS = [
  'id', 'title', 'description', 'language', 'type', 'status', 'modality', 'modalityReason', 'pillars', 'criticalAreas', 'challenges', 'sectors', 'targetGroups',
  'startsOn', 'endsOn', 'agreementOn', 'documents', 'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId', 'demo', 'createdAt', 'updatedAt',
] as const;

export async function insertPartnership(db: Db, content: PartnershipContent, curation: { createdBy: string | null; demo?: boolean }): Promise<string> {
  const row = await db
    .insertInto('partnerships')
    .values({ ...content, documents: JSON.stringify(content.documents), createdBy: curation.createdBy, demo: curation.demo ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes an edit if the row is still at the version edited: the new version, or undefined. */
export async function updatePartnershipContent(db: Db, id: string, expectedVersion: number, content: PartnershipContent): Promise<number | undefined> {
  const row = await db
    .updateTable('partnerships')
    .set({ ...content, documents: JSON.stringify(content.documents), version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** Replaces a partnership's parties, practices and contributions (positions follow the lists). */
export async function replaceLinks(db: Db, id: string, links: { parties: PartyRow[]; practiceIds: string[]; contributions: ContributionRow[] }): Promise<void> {
  await db.deleteFrom('partnershipContributions').where('partnershipId', '=', id).execute();
  await db.deleteFrom('partnershipParties').where('partnershipId', '=', id).execute();
  await db.deleteFrom('partnershipPractices').where('partnershipId', '=', id).execute();
  if (links.parties.length > 0) {
    await db.insertInto('partnershipParties').values(links.parties.map((party, position) => ({ partnershipId: id, position, ...party }))).execute();
  }
  if (links.practiceIds.length > 0) {
    await db.insertInto('partnershipPractices').values(links.practiceIds.map((practiceId) => ({ partnershipId: id, practiceId }))).execute();
  }
  if (links.contributions.length > 0) {
    await db
      .insertInto('partnershipContributions')
      .values(links.contributions.map(({ party, ...contribution }, position) => ({ partnershipId: id, position, partyPosition: party, ...contribution })))
      .execute();
  }
}

export type PartnershipRow = Awaited<ReturnType<typeof getPartnershipRow>> & {};

export async function getPartnershipRow(db: Db, id: string) {
  return db.selectFrom('partnerships').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** What the lifecycle needs of a partnership: its curation columns, title, status and ties. */
export async function headRow(db: Db, id: string) {
  const row = await db
    .selectFrom('partnerships')
    .select(['id', 'title', 'status', 'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const parties = await db.selectFrom('partnershipParties').select(['placeId', 'organisationId']).where('partnershipId', '=', id).execute();
  return { ...row, placeIds: parties.map((p) => p.placeId), organisationIds: parties.map((p) => p.organisationId) };
}

export interface PartyDetail {
  partnershipId: string;
  position: number;
  placeId: string | null;
  organisationId: string | null;
  role: PartyRole;
  name: string;
  countryCode: string | null;
  kind: string | null;
}

/** The parties of partnerships, with the place's or organisation's name, country and kind. */
export async function partiesOf(db: Db, partnershipIds: string[]): Promise<PartyDetail[]> {
  if (partnershipIds.length === 0) return [];
  const rows = await db
    .selectFrom('partnershipParties as pp')
    .leftJoin('places as pl', 'pl.id', 'pp.placeId')
    .leftJoin('organisations as o', 'o.id', 'pp.organisationId')
    .select(['pp.partnershipId', 'pp.position', 'pp.placeId', 'pp.organisationId', 'pp.role', 'pl.name as placeName', 'pl.countryCode as placeCountry', 'o.name as organisationName', 'o.countryCode as organisationCountry', 'o.kind'])
    .where('pp.partnershipId', 'in', partnershipIds)
    .orderBy('pp.partnershipId')
    .orderBy('pp.position')
    .execute();
  return rows.map((row) => ({
    partnershipId: row.partnershipId,
    position: row.position,
    placeId: row.placeId,
    organisationId: row.organisationId,
    role: row.role,
    name: row.placeName ?? row.organisationName ?? '',
    countryCode: row.placeId !== null ? row.placeCountry : row.organisationCountry,
    kind: row.placeId !== null ? null : row.kind,
  }));
}

export async function practiceIdsOf(db: Db, id: string): Promise<string[]> {
  const rows = await db.selectFrom('partnershipPractices').select('practiceId').where('partnershipId', '=', id).orderBy('practiceId').execute();
  return rows.map((row) => row.practiceId);
}

export async function contributionsOf(db: Db, id: string) {
  return db
    .selectFrom('partnershipContributions')
    .select(['position', 'partyPosition', 'kind', 'amount', 'currency', 'description'])
    .where('partnershipId', '=', id)
    .orderBy('position')
    .execute();
}

/** The matches that turned into this partnership (matches.partnership_id). */
export async function matchIdsOf(db: Db, id: string): Promise<string[]> {
  const rows = await db.selectFrom('matches').select('id').where('partnershipId', '=', id).where('deletedAt', 'is', null).orderBy('createdAt').execute();
  return rows.map((row) => row.id);
}

export interface PartnershipFilters {
  status?: PartnershipStatus[] | undefined;
  modality?: string[] | undefined;
  type?: PartnershipType[] | undefined;
  publication?: Publication[] | undefined;
  /** Include soft-deleted ones (admins asking for them); alone, only those. */
  deleted?: boolean | undefined;
  placeId?: string | undefined;
  organisationId?: string | undefined;
}

/** The actor's visibility as SQL: the lifecycle's rule, ties through the parties' places and organisations. */
function visible(visibility: Visibility) {
  return visibleTo(visibility, 'partnerships', (placeIds, organisationIds) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM partnership_parties tied WHERE tied.partnership_id = partnerships.id AND (tied.place_id = ANY(${[...placeIds]}::uuid[]) OR tied.organisation_id = ANY(${[...organisationIds]}::uuid[])))`,
  );
}

/** A page of the partnerships the actor may see, most recently changed first. */
export async function listPartnerships(db: Db, visibility: Visibility, filters: PartnershipFilters, page: { limit: number; offset: number }) {
  let query = db.selectFrom('partnerships').where(visible(visibility));
  if (filters.status !== undefined) query = query.where('status', 'in', filters.status);
  if (filters.modality !== undefined) query = query.where('modality', 'in', filters.modality);
  if (filters.type !== undefined) query = query.where('type', 'in', filters.type);
  const publication = filters.publication ?? [];
  if (filters.deleted === true) {
    query = publication.length > 0
      ? query.where((eb) => eb.or([eb('deletedAt', 'is not', null), eb.and([eb('deletedAt', 'is', null), eb('publication', 'in', publication)])]))
      : query.where('deletedAt', 'is not', null);
  } else {
    query = query.where('deletedAt', 'is', null);
    if (publication.length > 0) query = query.where('publication', 'in', publication);
  }
  if (filters.placeId !== undefined) {
    const placeId = filters.placeId;
    query = query.where(sql<SqlBool>`EXISTS (SELECT 1 FROM partnership_parties p WHERE p.partnership_id = partnerships.id AND p.place_id = ${placeId})`);
  }
  if (filters.organisationId !== undefined) {
    const organisationId = filters.organisationId;
    query = query.where(sql<SqlBool>`EXISTS (SELECT 1 FROM partnership_parties p WHERE p.partnership_id = partnerships.id AND p.organisation_id = ${organisationId})`);
  }
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'title', 'language', 'type', 'status', 'modality', 'startsOn', 'endsOn', 'publication', 'deletedAt', 'version', 'demo', 'updatedAt'])
      .orderBy('updatedAt', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** The places that are parties to partnerships the actor may see (the list page's place filter). */
export async function placesOfVisiblePartnerships(db: Db, visibility: Visibility): Promise<{ id: string; name: string; countryCode: string }[]> {
  return db
    .selectFrom('places')
    .select(['places.id', 'places.name', 'places.countryCode'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('partnershipParties')
          .innerJoin('partnerships', 'partnerships.id', 'partnershipParties.partnershipId')
          .select('partnershipParties.position')
          .whereRef('partnershipParties.placeId', '=', 'places.id')
          .where(visible(visibility)),
      ),
    )
    .orderBy('places.name')
    .limit(500)
    .execute();
}
