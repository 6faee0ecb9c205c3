import type { Selectable } from 'kysely';
import type { CountriesTable, Db } from '../../database.js';

export type CountryRow = Selectable<CountriesTable>;

export async function countCountries(db: Db): Promise<number> {
  const row = await db.selectFrom('countries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts or refreshes every country in one statement. */
export async function upsertCountries(db: Db, rows: CountryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('countries')
    .values(rows.map((row) => ({ ...row, names: JSON.stringify(row.names) })))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        alpha3: eb.ref('excluded.alpha3'),
        numericCode: eb.ref('excluded.numericCode'),
        names: eb.ref('excluded.names'),
        regionCode: eb.ref('excluded.regionCode'),
        regionName: eb.ref('excluded.regionName'),
        subregionCode: eb.ref('excluded.subregionCode'),
        subregionName: eb.ref('excluded.subregionName'),
        intermediateRegionCode: eb.ref('excluded.intermediateRegionCode'),
        intermediateRegionName: eb.ref('excluded.intermediateRegionName'),
        ldc: eb.ref('excluded.ldc'),
        lldc: eb.ref('excluded.lldc'),
        sids: eb.ref('excluded.sids'),
        globalSouth: eb.ref('excluded.globalSouth'),
        globalSouthRule: eb.ref('excluded.globalSouthRule'),
        languages: eb.ref('excluded.languages'),
        geonamesId: eb.ref('excluded.geonamesId'),
      })),
    )
    .execute();
}

export async function allCountries(db: Db): Promise<CountryRow[]> {
  return db.selectFrom('countries').selectAll().orderBy('code').execute();
}
