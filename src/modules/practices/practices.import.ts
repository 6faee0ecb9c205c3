import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canCreate, isCurator } from '../../platform/auth/permissions.js';
import { parseJsonLines } from '../../platform/jsonl.js';
import { quote } from '../../platform/text.js';
import { countryRegistry, type CountryRegistry } from '../countries/index.js';
import { resolveOrganisation } from '../organisations/index.js';
import { resolvePlace } from '../places/index.js';
import { criteriaWithEvidence, GOOD_PRACTICE_MIN_CRITERIA, type ExchangePractice } from './practices.domain.js';
import { validateExchangeRecord, type LineError } from './practices.exchange.js';
import { deriveModality } from './practices.modality.js';
import * as repo from './practices.repository.js';

/**
 * An import refreshes the search tables' statistics when it changed at least this many
 * records and at least this share of the catalogue (autovacuum's own rule of thumb: a fixed
 * floor plus a fraction), so importing a large catalogue in batches does not re-read it all
 * after every batch.
 */
const ANALYZE_AFTER = { rows: 200, share: 0.1 } as const;

export type ImportStatus = 'draft' | 'published';

export interface ImportOptions {
  source: string;
  status: ImportStatus;
  /** Called after each stored record, for progress on a terminal. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  source: string;
  status: ImportStatus;
  records: number;
  added: number;
  updated: number;
  refused: number;
  placesCreated: number;
  organisationsCreated: number;
  seconds: number;
}

export const SOURCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_REPORTED_ERRORS = 1000;

/** Checks beyond the JSON Schema that need Pontes' own data or compare two fields. */
function domainErrors(line: number, record: ExchangePractice, registry: CountryRegistry): LineError[] {
  const errors: LineError[] = [];
  record.places.forEach((place, i) => {
    if (registry.get(place.country) === undefined) {
      errors.push({ line, field: `places[${i}].country`, reason: 'is not an ISO 3166-1 country code Pontes knows', value: quote(place.country) });
    }
  });
  (record.partners ?? []).forEach((partner, i) => {
    if (partner.country !== undefined && registry.get(partner.country) === undefined) {
      errors.push({ line, field: `partners[${i}].country`, reason: 'is not an ISO 3166-1 country code Pontes knows', value: quote(partner.country) });
    }
  });
  const { start, end } = record.period ?? {};
  if (start !== undefined && end !== undefined && end < start.slice(0, end.length)) {
    errors.push({ line, field: 'period.end', reason: `is before period.start (${start})`, value: quote(end) });
  }
  if (record.adapted_from !== undefined && record.adapted_from === record.id) {
    errors.push({ line, field: 'adapted_from', reason: 'names the record itself', value: quote(record.adapted_from) });
  }
  return errors;
}

/**
 * Checks a JSON Lines file of practices in the exchange format, line by line, and reports every
 * bad line; stores nothing unless every line is good.
 */
export async function checkPracticeLines(db: Db, bytes: Uint8Array): Promise<{ records: { line: number; record: ExchangePractice }[]; errors: LineError[] }> {
  const registry = await countryRegistry(db);
  const records: { line: number; record: ExchangePractice }[] = [];
  const errors: LineError[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const parsed of parseJsonLines(bytes)) {
    if (!parsed.ok) {
      errors.push({ line: parsed.line, reason: parsed.reason });
      continue;
    }
    const checked = validateExchangeRecord(parsed.line, parsed.value);
    if (!checked.ok) {
      errors.push(...checked.errors);
      continue;
    }
    const more = domainErrors(parsed.line, checked.record, registry);
    const earlier = firstLineOfId.get(checked.record.id);
    if (earlier !== undefined) {
      more.push({ line: parsed.line, field: 'id', reason: `repeats the id of line ${earlier}`, value: quote(checked.record.id) });
    } else {
      firstLineOfId.set(checked.record.id, parsed.line);
    }
    if (more.length > 0) errors.push(...more);
    else records.push({ line: parsed.line, record: checked.record });
  }
  return { records, errors };
}

/** Places and organisations already resolved during one batch of writes. */
export interface ResolveCaches {
  places: Map<string, string | null>;
  organisations: Map<string, string>;
}

/** What a practice's columns and links are, derived from its exchange record. */
export interface DerivedPractice {
  write: Omit<repo.PracticeWrite, 'source' | 'sourceId' | 'status'>;
  places: { placeId: string | null; countryCode: string }[];
  partners: { organisationId: string; role: string | null }[];
  placesCreated: number;
  organisationsCreated: number;
}

/**
 * The one derivation of a stored practice from an exchange record, for imports and for forms
 * and the API alike: places and partners resolved (unknown ones created and flagged for
 * review), modality derived when not given, the good-practice mark, country and region codes.
 */
export async function derivePractice(db: Db, record: ExchangePractice, registry: CountryRegistry, caches: ResolveCaches = { places: new Map(), organisations: new Map() }): Promise<DerivedPractice> {
  const isSouth = (code: string) => registry.get(code)?.globalSouth ?? false;
  let placesCreated = 0;
  let organisationsCreated = 0;
  const places: { placeId: string | null; countryCode: string }[] = [];
  for (const place of record.places) {
    const key = JSON.stringify([place.country, place.city ?? '', place.geonames_id ?? 0]);
    let placeId = caches.places.get(key);
    if (placeId === undefined) {
      const resolved = await resolvePlace(db, place);
      placeId = resolved.placeId;
      if (resolved.created) placesCreated++;
      caches.places.set(key, placeId);
    }
    places.push({ placeId, countryCode: place.country });
  }
  const partners: { organisationId: string; role: string | null }[] = [];
  for (const partner of record.partners ?? []) {
    const key = JSON.stringify([partner.name, partner.country ?? '', partner.kind ?? '']);
    let organisationId = caches.organisations.get(key);
    if (organisationId === undefined) {
      const resolved = await resolveOrganisation(db, partner);
      organisationId = resolved.organisationId;
      if (resolved.created) organisationsCreated++;
      caches.organisations.set(key, organisationId);
    }
    partners.push({ organisationId, role: partner.role ?? null });
  }
  const countryCodes = [...new Set(record.places.map((p) => p.country))];
  const criteriaMet = criteriaWithEvidence(record.criteria ?? []);
  return {
    write: {
      title: record.title,
      summary: record.summary,
      body: record.body ?? null,
      language: record.language,
      modality: record.modality ?? deriveModality({ places: record.places, partners: record.partners ?? [] }, isSouth),
      modalityDerived: record.modality === undefined,
      pillars: record.pillars ?? [],
      criticalAreas: record.critical_areas ?? [],
      challenges: record.challenges ?? [],
      sectors: record.sectors ?? [],
      targetGroups: record.target_groups ?? [],
      keywords: record.keywords ?? [],
      criteria: record.criteria ?? [],
      results: record.results ?? [],
      sources: record.sources ?? [],
      places: record.places,
      partners: record.partners ?? [],
      periodStart: record.period?.start ?? null,
      periodEnd: record.period?.end ?? null,
      adaptedFrom: record.adapted_from ?? null,
      criteriaMet,
      goodPractice: criteriaMet >= GOOD_PRACTICE_MIN_CRITERIA,
      countryCodes,
      regionCodes: [...new Set(countryCodes.flatMap((code) => registry.regionCodes(code)))],
    },
    places,
    partners,
    placesCreated,
    organisationsCreated,
  };
}

/**
 * Checks one exchange record (a form's or an API body's) as an import checks a line: the JSON
 * Schema, then Pontes' own rules. Returns the record or its errors (field, reason, value).
 */
export async function checkPracticeRecord(db: Db, value: unknown): Promise<{ ok: true; record: ExchangePractice } | { ok: false; errors: LineError[] }> {
  const checked = validateExchangeRecord(1, value);
  if (!checked.ok) return checked;
  const errors = domainErrors(1, checked.record, await countryRegistry(db));
  return errors.length > 0 ? { ok: false, errors } : checked;
}

/**
 * Imports practices, all or nothing: every line is checked first and a file with any bad line
 * changes nothing (IMPORT_REFUSED lists each bad line). Records are then written in one
 * transaction; a record whose source and id exist already is updated. The call returns once
 * the records are stored and listed.
 */
export async function importPractices(db: Db, actor: Actor, bytes: Uint8Array, options: ImportOptions): Promise<ImportSummary> {
  if (!isCurator(actor) || !canCreate(actor)) {
    throw new PontesError('FORBIDDEN', { detail: 'only an operator, a curator or an administrator (with a write token) may import practices' });
  }
  if (!SOURCE_PATTERN.test(options.source)) {
    throw new PontesError('VALIDATION_FAILED', {
      detail: `source "${quote(options.source, 64)}" must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit`,
    });
  }
  const started = Date.now();
  const { records, errors } = await checkPracticeLines(db, bytes);
  if (errors.length > 0) {
    const badLines = new Set(errors.map((e) => e.line)).size;
    throw new PontesError('IMPORT_REFUSED', {
      detail: `${badLines} bad line${badLines === 1 ? '' : 's'}; nothing was imported`,
      params: { badLines },
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
    });
  }
  const registry = await countryRegistry(db);
  const summary: ImportSummary = {
    source: options.source, status: options.status, records: records.length,
    added: 0, updated: 0, refused: 0, placesCreated: 0, organisationsCreated: 0, seconds: 0,
  };
  await db.transaction().execute(async (trx) => {
    const caches: ResolveCaches = { places: new Map(), organisations: new Map() };
    const written: string[] = [];
    let done = 0;
    for (const { record } of records) {
      const derived = await derivePractice(trx, record, registry, caches);
      summary.placesCreated += derived.placesCreated;
      summary.organisationsCreated += derived.organisationsCreated;
      const { id, inserted } = await repo.upsertPractice(trx, { ...derived.write, source: options.source, sourceId: record.id, status: options.status });
      const { places, partners } = derived;
      if (inserted) summary.added++;
      else summary.updated++;
      await repo.replaceLinks(trx, id, places, partners);
      written.push(id);
      done++;
      options.onProgress?.(done, records.length);
    }
    // Search rows and postings are rewritten in the same transaction: a stored record is a searchable one.
    await repo.refreshSearchDocuments(trx, written);
  });
  // After a large import, refresh PostgreSQL's statistics and visibility map of the search
  // tables: search plans by word frequencies and counts postings with index-only scans
  // (the server's autovacuum would get there later; embedded PGlite has no autovacuum).
  const changed = summary.added + summary.updated;
  if (changed >= ANALYZE_AFTER.rows && changed >= ANALYZE_AFTER.share * (await repo.searchRowsEstimate(db))) await repo.refreshSearchStatistics(db);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
