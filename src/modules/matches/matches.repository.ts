import { sql, type SqlBool } from 'kysely';
import type { Db, MatchStatus, Publication } from '../../database.js';
import type { Visibility } from '../../platform/auth/permissions.js';
import { visibleTo } from '../lifecycle/index.js';
import type { CounterpartKind } from '../needs/index.js';

const COLUMNS = [
  'id', 'needId', 'counterpartKind', 'offerId', 'practiceId', 'placeId', 'score', 'explanation', 'status', 'partnershipId',
  'publication', 'deletedAt', 'version', 'createdBy', 'ownerOrganisationId', 'demo', 'createdAt', 'updatedAt',
] as const;

export interface MatchRow {
  id: string;
  needId: string;
  counterpartKind: CounterpartKind;
  offerId: string | null;
  practiceId: string | null;
  placeId: string | null;
  score: number;
  explanation: Record<string, unknown>[];
  status: MatchStatus;
  partnershipId: string | null;
  publication: Publication;
  deletedAt: Date | null;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The one column of a counterpart kind (a CHECK keeps exactly that one set). */
const COUNTERPART_COLUMN = { offer: 'offerId', practice: 'practiceId', place: 'placeId' } as const;

export async function getMatchRow(db: Db, id: string): Promise<MatchRow | undefined> {
  return db.selectFrom('matches').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The live match of this pair, if there is one (a pair is matched once: matches_pair_idx). */
export async function findPair(db: Db, needId: string, kind: CounterpartKind, counterpartId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('matches')
    .select('id')
    .where('needId', '=', needId)
    .where('counterpartKind', '=', kind)
    .where(COUNTERPART_COLUMN[kind], '=', counterpartId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function insertMatch(
  db: Db,
  match: { needId: string; kind: CounterpartKind; counterpartId: string; score: number; explanation: unknown[]; createdBy: string | null; ownerOrganisationId: string | null; demo?: boolean },
): Promise<string> {
  const row = await db
    .insertInto('matches')
    .values({
      needId: match.needId,
      counterpartKind: match.kind,
      offerId: match.kind === 'offer' ? match.counterpartId : null,
      practiceId: match.kind === 'practice' ? match.counterpartId : null,
      placeId: match.kind === 'place' ? match.counterpartId : null,
      score: match.score,
      explanation: JSON.stringify(match.explanation),
      createdBy: match.createdBy,
      ownerOrganisationId: match.ownerOrganisationId,
      demo: match.demo ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The live match a partnership was created from, if any. */
export async function findByPartnership(db: Db, partnershipId: string): Promise<MatchRow | undefined> {
  return db.selectFrom('matches').select(COLUMNS).where('partnershipId', '=', partnershipId).where('deletedAt', 'is', null).orderBy('createdAt').executeTakeFirst();
}

/** Is this error the unique index of pairs refusing a second match of the same pair? */
export function isDuplicatePair(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return e.code === '23505' || (typeof e.message === 'string' && e.message.includes('matches_pair_idx'));
}

/**
 * An accepted match becomes partnership_created with its partnership, in one statement (a
 * CHECK binds the two), if still at the version the move was decided on: the new version.
 */
export async function linkPartnership(db: Db, id: string, expectedVersion: number, partnershipId: string): Promise<number | undefined> {
  const row = await db
    .updateTable('matches')
    .set({ status: 'partnership_created', partnershipId, version: sql<number>`version + 1`, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

export interface MatchFilters {
  visibility: Visibility;
  needId?: string | undefined;
  status?: MatchStatus | undefined;
  counterpartKind?: CounterpartKind | undefined;
  counterpartId?: string | undefined;
}

/**
 * A match is tied to the places and organisations of both sides: its need's place and
 * organisation, and its counterpart's (an offer's place and organisation; a practice's places,
 * partners and owner organisation; a place itself). Focal points of any of them see it. The
 * store's head (matches.store.ts) computes the same ties for one match.
 */
function tied(places: readonly string[], organisations: readonly string[]) {
  const p = sql`${[...places]}::uuid[]`;
  const o = sql`${[...organisations]}::uuid[]`;
  return sql<SqlBool>`(
    EXISTS (SELECT 1 FROM needs_offers n WHERE n.id = matches.need_id AND (n.place_id = ANY(${p}) OR n.organisation_id = ANY(${o})))
    OR EXISTS (SELECT 1 FROM needs_offers f WHERE f.id = matches.offer_id AND (f.place_id = ANY(${p}) OR f.organisation_id = ANY(${o})))
    OR matches.place_id = ANY(${p})
    OR EXISTS (SELECT 1 FROM practice_places pp WHERE pp.practice_id = matches.practice_id AND pp.place_id = ANY(${p}))
    OR EXISTS (SELECT 1 FROM practice_partners pr WHERE pr.practice_id = matches.practice_id AND pr.organisation_id = ANY(${o}))
    OR EXISTS (SELECT 1 FROM practices pr2 WHERE pr2.id = matches.practice_id AND pr2.owner_organisation_id = ANY(${o}))
  )`;
}

function filtered(db: Db, filters: MatchFilters) {
  let query = db.selectFrom('matches').where(visibleTo(filters.visibility, 'matches', tied));
  if (filters.needId !== undefined) query = query.where('needId', '=', filters.needId);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  if (filters.counterpartKind !== undefined) {
    query = query.where('counterpartKind', '=', filters.counterpartKind);
    if (filters.counterpartId !== undefined) query = query.where(COUNTERPART_COLUMN[filters.counterpartKind], '=', filters.counterpartId);
  }
  return query;
}

/** A page of the matches the actor may see, the most recently changed first. */
export async function listMatches(db: Db, filters: MatchFilters, limit: number, offset: number): Promise<{ rows: MatchRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filters).select(COLUMNS).orderBy('updatedAt', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    filtered(db, filters).select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
