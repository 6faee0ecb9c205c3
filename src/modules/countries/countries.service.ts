import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import countryNames from 'i18n-iso-countries';
import type { GlobalSouthRule } from '../../config.js';
import type { Db } from '../../database.js';
import { projectPath } from '../../platform/paths.js';
import { isGlobalSouth } from './countries.rules.js';
import { allCountries, upsertCountries, type CountryRow } from './countries.repository.js';

export type Country = CountryRow;

/** Languages in which country names are stored (the product's four languages). */
export const COUNTRY_NAME_LANGUAGES = ['en', 'fr', 'es', 'pt'] as const;

const require = createRequire(import.meta.url);
for (const lang of COUNTRY_NAME_LANGUAGES) {
  countryNames.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as countryNames.LocaleData);
}

type CsvRow = Record<string, string>;

/**
 * Reads reference/country-codes.csv (datasets/country-codes, PDDL) into country records, with
 * names from i18n-iso-countries and the Global-South flag of the configured rule.
 */
export function readCountryFile(rule: GlobalSouthRule, file = projectPath('reference', 'country-codes.csv')): Country[] {
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as CsvRow[];
  const countries: Country[] = [];
  for (const row of rows) {
    const code = (row['ISO3166-1-Alpha-2'] ?? '').trim();
    if (!/^[A-Z]{2}$/.test(code)) continue;
    const empty = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim());
    const m49 = (value: string | undefined) => {
      const v = empty(value);
      return v === null ? null : v.padStart(3, '0');
    };
    const names: Record<string, string> = {};
    for (const lang of COUNTRY_NAME_LANGUAGES) {
      names[lang] = countryNames.getName(code, lang, { select: 'official' }) ?? row['CLDR display name'] ?? code;
    }
    const facts = { code, regionCode: m49(row['Region Code']), subregionCode: m49(row['Sub-region Code']) };
    const geonames = Number(row['Geoname ID']);
    countries.push({
      code,
      alpha3: (row['ISO3166-1-Alpha-3'] ?? '').trim(),
      numericCode: m49(row['ISO3166-1-numeric']) ?? '000',
      names,
      regionCode: facts.regionCode,
      regionName: empty(row['Region Name']),
      subregionCode: facts.subregionCode,
      subregionName: empty(row['Sub-region Name']),
      intermediateRegionCode: m49(row['Intermediate Region Code']),
      intermediateRegionName: empty(row['Intermediate Region Name']),
      ldc: (row['Least Developed Countries (LDC)'] ?? '').trim() === 'x',
      lldc: (row['Land Locked Developing Countries (LLDC)'] ?? '').trim() === 'x',
      sids: (row['Small Island Developing States (SIDS)'] ?? '').trim() === 'x',
      globalSouth: isGlobalSouth(facts, rule),
      globalSouthRule: rule,
      languages: (row['Languages'] ?? '').split(',').map((l) => l.trim()).filter((l) => l !== ''),
      geonamesId: Number.isInteger(geonames) && geonames > 0 ? geonames : null,
    });
  }
  return countries;
}

/**
 * Loads (or refreshes) the countries. Cheap (249 rows), so it runs at every start: a change of
 * the Global-South rule in the configuration takes effect on the next start.
 */
export async function loadCountries(db: Db, rule: GlobalSouthRule): Promise<number> {
  const countries = readCountryFile(rule);
  await upsertCountries(db, countries);
  registries.delete(db);
  return countries.length;
}

/** All countries by code, in memory: they are few and read on every import and page. */
export interface CountryRegistry {
  get(code: string): Country | undefined;
  all(): Country[];
  /** M49 codes of the country's region, sub-region and intermediate region. */
  regionCodes(code: string): string[];
  /** Regions and sub-regions that have countries, for the region filter. */
  regions(): { code: string; name: string; level: 'region' | 'subregion' | 'intermediate' }[];
  isRegionCode(code: string): boolean;
}

const registries = new WeakMap<Db, Promise<CountryRegistry>>();

export function countryRegistry(db: Db): Promise<CountryRegistry> {
  let registry = registries.get(db);
  if (registry === undefined) {
    registry = allCountries(db).then(buildRegistry);
    registries.set(db, registry);
    registry.catch(() => registries.delete(db));
  }
  return registry;
}

function buildRegistry(countries: Country[]): CountryRegistry {
  const byCode = new Map(countries.map((country) => [country.code, country]));
  const regions = new Map<string, { code: string; name: string; level: 'region' | 'subregion' | 'intermediate' }>();
  for (const c of countries) {
    if (c.regionCode && c.regionName) regions.set(c.regionCode, { code: c.regionCode, name: c.regionName, level: 'region' });
    if (c.subregionCode && c.subregionName) regions.set(c.subregionCode, { code: c.subregionCode, name: c.subregionName, level: 'subregion' });
    if (c.intermediateRegionCode && c.intermediateRegionName) {
      regions.set(c.intermediateRegionCode, { code: c.intermediateRegionCode, name: c.intermediateRegionName, level: 'intermediate' });
    }
  }
  return {
    get: (code) => byCode.get(code),
    all: () => countries,
    regionCodes(code) {
      const c = byCode.get(code);
      if (c === undefined) return [];
      return [c.regionCode, c.subregionCode, c.intermediateRegionCode].filter((v): v is string => v !== null);
    },
    regions: () => [...regions.values()].sort((a, b) => a.code.localeCompare(b.code)),
    isRegionCode: (code) => regions.has(code),
  };
}
