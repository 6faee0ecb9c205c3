import { sql, type Selectable } from 'kysely';
import type { Db, PlacesTable } from '../../database.js';
import { sizeBand, type Place, type PlaceKind, type ReferencePlace } from './places.domain.js';

type PlaceRow = Omit<Selectable<PlacesTable>, 'createdAt' | 'updatedAt'>;

const PLACE_COLUMNS = [
  'places.id', 'places.kind', 'places.name', 'places.altNames', 'places.countryCode', 'places.adminCode',
  'places.population', 'places.populationYear', 'places.latitude', 'places.longitude', 'places.geonamesId',
  'places.origin', 'places.needsReview', 'places.version', 'places.mergedInto',
] as const;

function toPlace(row: PlaceRow): Place {
  const band = sizeBand(row.population);
  return { ...row, kind: row.kind as PlaceKind, sizeBand: band, intermediaryCity: band === 'intermediary' };
}

/**
 * Inserts or refreshes a batch of reference places and their folded names, in a few
 * statements: arrays are passed whole and unnested in the database (fast on both PGlite and
 * PostgreSQL, and parameterised). Returns how many rows were new.
 */
export async function upsertReferencePlaces(db: Db, places: ReferencePlace[], nameKeys: (place: ReferencePlace) => string[]): Promise<number> {
  if (places.length === 0) return 0;
  const result = await sql<{ id: string; geonamesId: number; inserted: boolean }>`
    INSERT INTO places (kind, name, alt_names, country_code, admin_code, population, latitude, longitude, geonames_id, origin)
    SELECT k, n, CASE WHEN a = '' THEN '{}'::text[] ELSE string_to_array(a, chr(31)) END, c, ad, p, lat, lon, g, 'reference'
    FROM unnest(${places.map((p) => p.kind)}::text[], ${places.map((p) => p.name)}::text[],
                ${places.map((p) => p.altNames.join('\u001f'))}::text[], ${places.map((p) => p.countryCode)}::text[],
                ${places.map((p) => p.adminCode)}::text[], ${places.map((p) => p.population)}::bigint[],
                ${places.map((p) => p.latitude)}::float8[], ${places.map((p) => p.longitude)}::float8[],
                ${places.map((p) => p.geonamesId)}::int[])
      AS t(k, n, a, c, ad, p, lat, lon, g)
    ON CONFLICT (geonames_id) DO UPDATE SET
      name = excluded.name, alt_names = excluded.alt_names, admin_code = excluded.admin_code,
      population = excluded.population, latitude = excluded.latitude, longitude = excluded.longitude,
      origin = 'reference', updated_at = now()
    RETURNING id, geonames_id, (xmax = 0) AS inserted`.execute(db);
  const idByGeonames = new Map(result.rows.map((row) => [Number(row.geonamesId), row.id]));
  const ids: string[] = [];
  const keys: string[] = [];
  for (const place of places) {
    const id = idByGeonames.get(place.geonamesId);
    if (id === undefined) continue;
    for (const key of nameKeys(place)) {
      ids.push(id);
      keys.push(key);
    }
  }
  await sql`
    INSERT INTO place_names (place_id, name_key)
    SELECT * FROM unnest(${ids}::uuid[], ${keys}::text[])
    ON CONFLICT DO NOTHING`.execute(db);
  return result.rows.filter((row) => row.inserted).length;
}

export async function findByGeonamesId(db: Db, geonamesId: number, countryCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('places')
    .select(sql<string>`coalesce(merged_into, id)`.as('id'))
    .where('geonamesId', '=', geonamesId)
    .where('countryCode', '=', countryCode)
    .executeTakeFirst();
  return row?.id;
}

/** Which of these folded names some place carries: any place for a name of several words, a place of `population` or more for a single word. */
export async function knownNameKeys(db: Db, keys: string[], population: number): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('placeNames')
    .innerJoin('places', 'places.id', 'placeNames.placeId')
    .select('placeNames.nameKey')
    .distinct()
    .where('placeNames.nameKey', 'in', keys)
    .where((eb) => eb.or([eb(sql`strpos(place_names.name_key, ' ')`, '>', 0), eb('places.population', '>=', population)]))
    .execute();
  return new Set(rows.map((row) => row.nameKey));
}

/** The most populous place of a country that carries this folded name. */
export async function findByNameKey(db: Db, countryCode: string, nameKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('placeNames')
    .innerJoin('places', 'places.id', 'placeNames.placeId')
    .select('places.id')
    .where('placeNames.nameKey', '=', nameKey)
    .where('places.countryCode', '=', countryCode)
    .orderBy(sql`places.population DESC NULLS LAST`)
    .orderBy('places.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function insertImportedPlace(db: Db, place: { name: string; countryCode: string; nameKeys: string[] }): Promise<string> {
  const row = await db
    .insertInto('places')
    .values({ kind: 'municipality', name: place.name, altNames: [], countryCode: place.countryCode, adminCode: null,
      population: null, populationYear: null, latitude: null, longitude: null, geonamesId: null, origin: 'import', needsReview: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addNameKeys(db, row.id, place.nameKeys);
  return row.id;
}

export async function addNameKeys(db: Db, placeId: string, nameKeys: string[]): Promise<void> {
  if (nameKeys.length === 0) return;
  await db
    .insertInto('placeNames')
    .values(nameKeys.map((nameKey) => ({ placeId, nameKey })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function getPlace(db: Db, id: string): Promise<Place | undefined> {
  const row = await db.selectFrom('places').select(PLACE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toPlace(row);
}

export async function getPlacesByIds(db: Db, ids: string[]): Promise<Place[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('places').select(PLACE_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toPlace);
}

export interface PlaceSearch {
  nameKey: string | undefined;
  countryCode: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Places by folded name: exact names first, then names that start with the text, then
 * similar names (trigrams, for typos); most populous first within each rank.
 */
export async function searchPlaces(db: Db, search: PlaceSearch): Promise<{ items: (Place & { score: number })[]; total: number }> {
  const { nameKey, countryCode, limit, offset } = search;
  if (nameKey === undefined || nameKey === '') {
    let query = db.selectFrom('places');
    query = query.where('mergedInto', 'is', null);
    if (countryCode !== undefined) query = query.where('countryCode', '=', countryCode);
    const [rows, count] = await Promise.all([
      query.select(PLACE_COLUMNS).orderBy(sql`population DESC NULLS LAST`).orderBy('id').limit(limit).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((row) => ({ ...toPlace(row), score: 0 })), total: Number(count.n) };
  }
  const prefix = `${nameKey}%`;
  const countryFilter = countryCode === undefined ? sql`` : sql`AND p.country_code = ${countryCode}`;
  const matches = sql`
    SELECT n.place_id,
           max(CASE WHEN n.name_key = ${nameKey} THEN 3 WHEN n.name_key LIKE ${prefix} THEN 2 ELSE 1 END) AS rank,
           max(similarity(n.name_key, ${nameKey})) AS sim
    FROM place_names n
    WHERE n.name_key LIKE ${prefix} OR n.name_key % ${nameKey}
    GROUP BY n.place_id`;
  const rows = await sql<PlaceRow & { total: number; score: number }>`
    SELECT p.id, p.kind, p.name, p.alt_names, p.country_code, p.admin_code, p.population, p.population_year,
           p.latitude, p.longitude, p.geonames_id, p.origin, p.needs_review, p.version, p.merged_into, count(*) OVER () AS total,
           CASE m.rank WHEN 3 THEN 1.0 WHEN 2 THEN 0.8 ELSE 0.7 * m.sim END AS score
    FROM (${matches}) m JOIN places p ON p.id = m.place_id
    WHERE p.merged_into IS NULL ${countryFilter}
    ORDER BY m.rank DESC, CASE WHEN m.rank = 1 THEN round(m.sim::numeric, 1) ELSE 0 END DESC, p.population DESC NULLS LAST, p.id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  let total = rows.rows[0]?.total;
  if (total === undefined) {
    if (offset === 0) total = 0;
    else {
      const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM (${matches}) m JOIN places p ON p.id = m.place_id WHERE p.merged_into IS NULL ${countryFilter}`.execute(db);
      total = counted.rows[0]?.n ?? 0;
    }
  }
  return { items: rows.rows.map(({ total: _total, score, ...row }) => ({ ...toPlace(row), score: Number(score) })), total: Number(total) };
}

export async function countReferencePlaces(db: Db): Promise<number> {
  const row = await db.selectFrom('places').select((eb) => eb.fn.countAll<number>().as('n')).where('origin', '=', 'reference').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Places flagged for review (an import created them), not merged, oldest first. */
export async function placesNeedingReview(db: Db, limit: number): Promise<Place[]> {
  const rows = await db.selectFrom('places').select(PLACE_COLUMNS).where('needsReview', '=', true).where('mergedInto', 'is', null).orderBy('createdAt').limit(limit).execute();
  return rows.map(toPlace);
}

export type PlaceChange = Partial<Pick<Selectable<PlacesTable>, 'name' | 'kind' | 'altNames' | 'population' | 'populationYear' | 'latitude' | 'longitude' | 'needsReview'>>;

/** Saves a place's fields if it is still at `expected` version; returns the new version or undefined. */
export async function updatePlace(db: Db, id: string, expected: number, change: PlaceChange): Promise<number | undefined> {
  const row = await db
    .updateTable('places')
    .set({ ...change, updatedAt: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expected)
    .where('mergedInto', 'is', null)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** A place a member adds (flagged for review unless a curator adds it). */
export async function insertMemberPlace(db: Db, place: Required<PlaceChange> & { countryCode: string }, nameKeys: string[]): Promise<string> {
  const row = await db
    .insertInto('places')
    .values({ ...place, adminCode: null, geonamesId: null, origin: 'member' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addNameKeys(db, row.id, nameKeys);
  return row.id;
}

/**
 * Merges place `from` into `into`: every link follows (practices, organisations, focal points,
 * names, the cooperation records), the survivor learns the merged name, and `from` keeps `merged_into` (its page
 * redirects). Returns the survivor's new version.
 */
export async function mergePlace(db: Db, from: string, into: string): Promise<number> {
  await sql`UPDATE practice_places SET place_id = ${into} WHERE place_id = ${from}`.execute(db);
  await sql`UPDATE organisations SET place_id = ${into} WHERE place_id = ${from}`.execute(db);
  // The cooperation records (migration 0006) follow too.
  for (const [table, column] of [
    ['needs_offers', 'place_id'], ['matches', 'place_id'], ['partnership_parties', 'place_id'], ['events', 'place_id'], ['event_learnings', 'place_id'],
    ['commitment_owners', 'place_id'], ['outcomes', 'programme_place_id'],
  ] as const) {
    await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${into} WHERE ${sql.ref(column)} = ${from}`.execute(db);
  }
  await sql`INSERT INTO event_places (event_id, place_id) SELECT event_id, ${into} FROM event_places WHERE place_id = ${from} ON CONFLICT DO NOTHING`.execute(db);
  await sql`DELETE FROM event_places WHERE place_id = ${from}`.execute(db);
  await sql`INSERT INTO member_places (member_id, place_id) SELECT member_id, ${into} FROM member_places WHERE place_id = ${from} ON CONFLICT DO NOTHING`.execute(db);
  await sql`DELETE FROM member_places WHERE place_id = ${from}`.execute(db);
  await sql`INSERT INTO place_names (place_id, name_key) SELECT ${into}, name_key FROM place_names WHERE place_id = ${from} ON CONFLICT DO NOTHING`.execute(db);
  await sql`DELETE FROM place_names WHERE place_id = ${from}`.execute(db);
  await sql`UPDATE places SET merged_into = ${into} WHERE merged_into = ${from}`.execute(db);
  const geonames = await sql<{ geonamesId: number | null }>`SELECT geonames_id FROM places WHERE id = ${from}`.execute(db);
  const movedGeonames = geonames.rows[0]?.geonamesId ?? null;
  await sql`UPDATE places SET merged_into = ${into}, version = version + 1, updated_at = now(), needs_review = false,
    geonames_id = CASE WHEN (SELECT geonames_id FROM places WHERE id = ${into}) IS NULL THEN NULL ELSE geonames_id END WHERE id = ${from}`.execute(db);
  const row = await sql<{ version: number }>`
    UPDATE places s SET version = s.version + 1, updated_at = now(),
      alt_names = CASE WHEN f.name = s.name OR f.name = ANY (s.alt_names) THEN s.alt_names ELSE s.alt_names || f.name END,
      geonames_id = coalesce(s.geonames_id, ${movedGeonames}::int),
      population = coalesce(s.population, f.population), latitude = coalesce(s.latitude, f.latitude), longitude = coalesce(s.longitude, f.longitude)
    FROM places f WHERE s.id = ${into} AND f.id = ${from}
    RETURNING s.version`.execute(db);
  return row.rows[0]!.version;
}
