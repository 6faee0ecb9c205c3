import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { actorMemberId, OPERATOR, type Actor } from '../../platform/auth/actor.js';
import { can, isCurator, visibilityOf } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { searchPlaces } from '../places/index.js';
import {
  allowedActions, checkCanCreate, editableHead, invalid, readableHead, recordCreation, recordEdit, refused, stale, stateOf, timelineOf, type StateChange,
} from '../lifecycle/index.js';
import {
  checkBaseline, checkMeasurement, checkTargets, IndicatorChecks, isDay, MEASURES, type Baseline, type DatedValue, type FieldError, type Indicator, type Measure, type Outcome,
} from './results.domain.js';
import { loadIndicators, partnershipReadable } from './results.read.js';
import * as repo from './results.repository.js';
import { indicatorStore } from './results.store.js';

type Body = Record<string, unknown>;

const asBody = (value: unknown): Body => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : {});
const has = (body: Body, key: string) => Object.prototype.hasOwnProperty.call(body, key) && body[key] !== undefined;

/** Where an indicator's outcome belongs: a partnership, or a place's municipal programme. */
interface OutcomeKey {
  title: string;
  partnershipId: string | null;
  programmePlaceId: string | null;
  programmeTitle: string | null;
}

function text(checks: IndicatorChecks, field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) {
    checks.problem(field, 'is required');
    return null;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    checks.problem(field, 'must be a non-empty text');
    return null;
  }
  if (value.trim().length > max) {
    checks.problem(field, `is longer than ${max} characters`);
    return null;
  }
  return value.trim();
}

/**
 * The outcome an indicator is written under: `{title, partnership_id}` (a partnership the actor
 * can read, not deleted) or `{title, programme: {place_id, title}}` (an existing place). An
 * unknown partnership or place is bad input (400), whether it does not exist or is hidden.
 */
async function checkOutcome(db: Db, actor: Actor, checks: IndicatorChecks, value: unknown): Promise<OutcomeKey | null> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    checks.problem('outcome', 'is required: {title, partnership_id} or {title, programme: {place_id, title}}');
    return null;
  }
  const input = value as Body;
  const title = text(checks, 'outcome.title', input.title, 500);
  const hasPartnership = has(input, 'partnership_id') && input.partnership_id !== null;
  const hasProgramme = has(input, 'programme') && input.programme !== null;
  if (hasPartnership === hasProgramme) {
    checks.problem('outcome', 'must name either a partnership (partnership_id) or a municipal programme (programme: {place_id, title}), not both');
    return null;
  }
  if (hasPartnership) {
    const id = input.partnership_id;
    const partnership = typeof id === 'string' && isUuid(id) ? (await repo.partnershipsByIds(db, [id])).get(id) : undefined;
    if (partnership === undefined || partnership.deleted || !partnershipReadable(actor, partnership)) {
      checks.problem('outcome.partnership_id', 'names no partnership you can see', id);
      return null;
    }
    return title === null ? null : { title, partnershipId: partnership.id, programmePlaceId: null, programmeTitle: null };
  }
  const programme = asBody(input.programme);
  const placeId = programme.place_id;
  const place = typeof placeId === 'string' && isUuid(placeId) ? await repo.placeRef(db, placeId) : undefined;
  if (place === undefined) checks.problem('outcome.programme.place_id', 'names no place', placeId);
  const programmeTitle = text(checks, 'outcome.programme.title', programme.title, 300);
  return title === null || place === undefined || programmeTitle === null ? null : { title, partnershipId: null, programmePlaceId: place.id, programmeTitle };
}

/**
 * The owner organisation a save names: one of the actor's organisations, unless a curator or
 * an admin (who may give a record to any existing organisation). Unknown ids are refused like foreign ones.
 */
async function checkOwner(db: Db, actor: Actor, checks: IndicatorChecks, value: unknown): Promise<string | null> {
  if (value === undefined || value === null || value === '') return null;
  const own = actor.kind === 'member' ? actor.organisationIds : [];
  const known = typeof value === 'string' && isUuid(value) && (isCurator(actor) ? await repo.organisationExists(db, value) : own.includes(value));
  if (!known) {
    checks.problem('owner_organisation_id', 'must be one of your organisations', value);
    return null;
  }
  return value as string;
}

function checkMeasure(checks: IndicatorChecks | null, value: unknown, errors: FieldError[]): Measure | null {
  if ((MEASURES as readonly unknown[]).includes(value)) return value as Measure;
  const error = { field: 'measure', reason: `must be one of ${MEASURES.join(', ')}`, ...(value !== undefined ? { value } : {}) };
  if (checks !== null) checks.problem(error.field, error.reason, value);
  else errors.push(error);
  return null;
}

function checkBySex(value: unknown, errors: FieldError[]): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    errors.push({ field: 'by_sex', reason: 'must be true or false', value });
    return false;
  }
  return value;
}

/** Measurements of one indicator: each valid, one per date. */
function checkMeasurements(checks: IndicatorChecks, value: unknown, field = 'measurements'): (DatedValue & { note: string | null })[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    checks.problem(field, 'must be a list of {date, value} measurements');
    return [];
  }
  if (value.length > 500) {
    checks.problem(field, 'may hold at most 500 measurements at once');
    return [];
  }
  const seen = new Set<string>();
  const measurements: (DatedValue & { note: string | null })[] = [];
  value.forEach((entry, index) => {
    const measurement = checkMeasurement(checks, entry, `${field}[${index}]`);
    if (measurement === null) return;
    if (seen.has(measurement.date)) checks.problem(`${field}[${index}].date`, `repeats ${measurement.date}: one measurement per date`, measurement.date);
    seen.add(measurement.date);
    measurements.push(measurement);
  });
  return measurements;
}

function fail(checks: IndicatorChecks, extra: FieldError[] = []): void {
  const errors = [...extra, ...checks.errors];
  if (errors.length > 0) throw invalid(errors);
}

async function loaded(db: Db, actor: Actor, id: string): Promise<Indicator> {
  const [indicator] = await loadIndicators(db, actor, [id]);
  if (indicator === undefined) throw new PontesError('NOT_FOUND', { detail: `no indicator ${id.slice(0, 100)}` });
  return indicator;
}

/**
 * A new indicator (a draft, the actor's), under an outcome found or created by title within
 * its partnership or programme, with its baseline and, if given, first targets and
 * measurements. Takes the body of POST /api/v1/indicators; every bad field is named in one 400
 * and nothing is written.
 */
export async function createIndicator(db: Db, actor: Actor, body: unknown, options: { demo?: boolean } = {}): Promise<Indicator> {
  checkCanCreate(actor, 'indicator');
  const input = asBody(body);
  const errors: FieldError[] = [];
  const measure = checkMeasure(null, input.measure, errors);
  const bySex = checkBySex(input.by_sex, errors);
  const checks = new IndicatorChecks(measure ?? 'score', bySex);
  const outcome = await checkOutcome(db, actor, checks, input.outcome);
  const title = text(checks, 'title', input.title, 500);
  const unit = text(checks, 'unit', input.unit, 100);
  const baseline = checkBaseline(checks, input.baseline);
  const targets = input.targets === undefined ? [] : checkTargets(checks, input.targets, baseline?.date ?? null);
  const measurements = checkMeasurements(checks, input.measurements);
  const owner = await checkOwner(db, actor, checks, input.owner_organisation_id);
  fail(checks, errors);
  const id = await db.transaction().execute(async (trx) => {
    const outcomeId = await repo.findOrCreateOutcome(trx, outcome!);
    const id = await repo.insertIndicator(trx, {
      outcomeId, title: title!, unit: unit!, measure: measure!, bySex, baseline, ownerOrganisationId: owner, createdBy: actorMemberId(actor), demo: options.demo ?? false,
    });
    await repo.replaceTargets(trx, id, targets);
    for (const m of measurements) await repo.insertMeasurement(trx, id, m, actorMemberId(actor));
    await recordCreation(trx, actor, indicatorStore, id);
    return id;
  });
  return loaded(db, actor, id);
}

/**
 * Edits an indicator's definition (PATCH: the fields given replace the stored ones; baseline
 * null removes it) from the version edited: 428 without one, 409 when stale, nothing changed.
 * The targets and measurements kept must still fit a changed measure or baseline date; turning
 * by_sex off drops the women and men everywhere (the previous version keeps them).
 */
export async function updateIndicator(db: Db, actor: Actor, id: string, body: unknown, version?: number): Promise<Indicator> {
  const input = asBody(body);
  const sent = version ?? (typeof input.version === 'number' ? input.version : undefined);
  const head = await editableHead(db, actor, indicatorStore, id, sent);
  const current = await loaded(db, OPERATOR, head.id);
  const errors: FieldError[] = [];
  const measure = has(input, 'measure') ? checkMeasure(null, input.measure, errors) : current.measure;
  const bySex = has(input, 'by_sex') ? checkBySex(input.by_sex, errors) : current.bySex;
  const checks = new IndicatorChecks(measure ?? current.measure, bySex);
  const outcome = has(input, 'outcome') ? await checkOutcome(db, actor, checks, input.outcome) : null;
  const title = has(input, 'title') ? text(checks, 'title', input.title, 500) : current.title;
  const unit = has(input, 'unit') ? text(checks, 'unit', input.unit, 100) : current.unit;
  const keepSplit = <T extends { women: number | null; men: number | null }>(v: T): T => (bySex ? v : { ...v, women: null, men: null });
  const baseline: Baseline | null = has(input, 'baseline') ? checkBaseline(checks, input.baseline) : current.baseline === null ? null : keepSplit(current.baseline);
  // The owner given is checked only when it changes (a curator may have given it to an organisation the editor is not in).
  const owner = has(input, 'owner_organisation_id') && input.owner_organisation_id !== current.ownerOrganisationId
    ? await checkOwner(db, actor, checks, input.owner_organisation_id)
    : current.ownerOrganisationId;
  // What is kept must fit the new definition.
  const kept = new IndicatorChecks(measure ?? current.measure, bySex);
  if (!has(input, 'baseline') && current.baseline !== null) checkBaseline(kept, keepSplit(current.baseline));
  checkTargets(kept, current.targets.map(keepSplit), null);
  checkMeasurements(kept, current.measurements.map((m) => keepSplit({ date: m.date, value: m.value, women: m.women, men: m.men, note: m.note })));
  for (const problem of kept.errors) {
    checks.problem(has(input, 'measure') ? 'measure' : 'by_sex', `does not fit the stored ${problem.field}: it ${problem.reason}`, problem.value);
  }
  const firstTarget = current.targets[0];
  if (baseline?.date != null && firstTarget !== undefined && baseline.date >= firstTarget.date) {
    checks.problem('baseline.date', `must come before every target (the first is on ${firstTarget.date})`, baseline.date);
  }
  fail(checks, errors);
  const before = await indicatorStore.snapshot(db, head.id);
  await db.transaction().execute(async (trx) => {
    const outcomeId = outcome !== null ? await repo.findOrCreateOutcome(trx, outcome) : current.outcome.id;
    const written = await repo.updateIndicator(trx, head.id, head.version, { outcomeId, title: title!, unit: unit!, measure: measure!, bySex, baseline, ownerOrganisationId: owner });
    if (written === undefined) throw stale('indicator', head.version + 1, head.version);
    if (current.bySex && !bySex) await repo.clearSplits(trx, head.id);
    await recordEdit(trx, actor, indicatorStore, head.id, { version: head.version, data: before });
  });
  return loaded(db, actor, head.id);
}

/**
 * Guards a change of an indicator's measurements: readable (404), the actor one of those who
 * report on it (the parties' people, its owners, curators: the permission of lifecycle moves,
 * so reporting goes on after publication), and the version given, if any, current (409).
 */
async function measurableHead(db: Db, actor: Actor, id: string, version: number | undefined) {
  const head = await readableHead(db, actor, indicatorStore, id);
  if (!can(actor, 'status', stateOf(head), head.ties)) throw refused(actor, `add measurements to this indicator while it is ${stateOf(head)}`);
  if (version !== undefined && version !== head.version) throw stale('indicator', head.version, version);
  return head;
}

/**
 * Adds a measurement (POST /api/v1/indicators/{id}/measurements). A measurement on a date that
 * has one already is refused (409 CONFLICT, nothing changed): replace it with
 * replaceMeasurement (PUT …/measurements/{date}). The indicator gets a new version.
 */
export async function addMeasurement(db: Db, actor: Actor, indicatorId: string, body: unknown, version?: number): Promise<Indicator> {
  const input = asBody(body);
  const sent = version ?? (typeof input.version === 'number' ? input.version : undefined);
  const head = await measurableHead(db, actor, indicatorId, sent);
  const indicator = await loaded(db, OPERATOR, head.id);
  const checks = new IndicatorChecks(indicator.measure, indicator.bySex);
  const { version: _v, ...fields } = input;
  const measurement = checkMeasurement(checks, fields);
  fail(checks);
  const before = await indicatorStore.snapshot(db, head.id);
  await db.transaction().execute(async (trx) => {
    const written = await repo.bumpVersion(trx, head.id, sent);
    if (written === undefined) throw stale('indicator', head.version + 1, sent ?? head.version);
    if (!(await repo.insertMeasurement(trx, head.id, measurement!, actorMemberId(actor)))) {
      throw new PontesError('CONFLICT', {
        detail: `there is a measurement on ${measurement!.date} already; PUT /api/v1/indicators/${head.id}/measurements/${measurement!.date} replaces it. Nothing was changed.`,
        errors: [{ field: 'date', reason: 'has a measurement already', value: measurement!.date }],
      });
    }
    await recordEdit(trx, actor, indicatorStore, head.id, { version: head.version, data: before });
  });
  return loaded(db, actor, head.id);
}

/** Writes the measurement of a day, replacing the one there was (PUT …/measurements/{date}). */
export async function replaceMeasurement(db: Db, actor: Actor, indicatorId: string, date: string, body: unknown, version?: number): Promise<Indicator> {
  const input = asBody(body);
  const sent = version ?? (typeof input.version === 'number' ? input.version : undefined);
  const head = await measurableHead(db, actor, indicatorId, sent);
  const indicator = await loaded(db, OPERATOR, head.id);
  const checks = new IndicatorChecks(indicator.measure, indicator.bySex);
  if (!isDay(date)) checks.problem('date', 'must be a real date written YYYY-MM-DD (between 1900 and 2100)', date);
  if (has(input, 'date') && input.date !== date) checks.problem('date', 'differs from the date in the path', input.date);
  const { version: _v, ...fields } = input;
  const measurement = checkMeasurement(checks, { ...fields, date });
  fail(checks);
  const before = await indicatorStore.snapshot(db, head.id);
  await db.transaction().execute(async (trx) => {
    const written = await repo.bumpVersion(trx, head.id, sent);
    if (written === undefined) throw stale('indicator', head.version + 1, sent ?? head.version);
    await repo.upsertMeasurement(trx, head.id, measurement!, actorMemberId(actor));
    await recordEdit(trx, actor, indicatorStore, head.id, { version: head.version, data: before });
  });
  return loaded(db, actor, head.id);
}

/**
 * Replaces an indicator's targets with a new set (PUT /api/v1/indicators/{id}/targets): part of
 * its definition, so the edit rules apply (404/403, 428 without a version, 409 when stale).
 * Each target is checked like a value of the indicator, one per date, after the baseline.
 */
export async function setTargets(db: Db, actor: Actor, indicatorId: string, body: unknown, version?: number): Promise<Indicator> {
  const input = asBody(body);
  const sent = version ?? (typeof input.version === 'number' ? input.version : undefined);
  const head = await editableHead(db, actor, indicatorStore, indicatorId, sent);
  const indicator = await loaded(db, OPERATOR, head.id);
  const checks = new IndicatorChecks(indicator.measure, indicator.bySex);
  const targets = checkTargets(checks, input.targets, indicator.baseline?.date ?? null);
  fail(checks);
  const before = await indicatorStore.snapshot(db, head.id);
  await db.transaction().execute(async (trx) => {
    const written = await repo.bumpVersion(trx, head.id, head.version);
    if (written === undefined) throw stale('indicator', head.version + 1, head.version);
    await repo.replaceTargets(trx, head.id, targets);
    await recordEdit(trx, actor, indicatorStore, head.id, { version: head.version, data: before });
  });
  return loaded(db, actor, head.id);
}

/** One indicator, whole, for whoever may read it (404 otherwise). */
export async function getIndicator(db: Db, actor: Actor, id: string): Promise<Indicator> {
  const head = await readableHead(db, actor, indicatorStore, id);
  return loaded(db, actor, head.id);
}

/** What an indicator's page shows and offers: the indicator, its timeline, and what the actor may do. */
export async function indicatorForPage(db: Db, actor: Actor, id: string): Promise<{
  indicator: Indicator; timeline: StateChange[]; allowed: ReturnType<typeof allowedActions>; canMeasure: boolean; canHistory: boolean;
}> {
  const head = await readableHead(db, actor, indicatorStore, id);
  const [indicator, timeline] = await Promise.all([loaded(db, actor, head.id), timelineOf(db, actor, indicatorStore, head.id)]);
  const state = stateOf(head);
  return { indicator, timeline, allowed: allowedActions(actor, indicatorStore, head), canMeasure: can(actor, 'status', state, head.ties), canHistory: can(actor, 'history', state, head.ties) };
}

export interface IndicatorFilters {
  partnership_id?: string | undefined;
  place_id?: string | undefined;
  outcome_id?: string | undefined;
}

const pageLimit = (limit: number | undefined) => Math.min(Math.max(Math.trunc(limit ?? 20), 1), 100);

/** The indicators the actor may see, filtered by partnership, programme place or outcome, in the framework's order. */
export async function listIndicators(
  db: Db, actor: Actor, filters: IndicatorFilters = {}, paging: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<{ items: Indicator[]; total: number; limit: number; offset: number }> {
  const limit = pageLimit(paging.limit);
  const offset = Math.max(Math.trunc(paging.offset ?? 0), 0);
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && !isUuid(value)) throw invalid([{ field: name, reason: 'must be an id (UUID)', value }]);
  }
  const { ids, total } = await repo.listIndicatorIds(db, visibilityOf(actor), { partnershipId: filters.partnership_id, placeId: filters.place_id, outcomeId: filters.outcome_id }, { limit, offset });
  return { items: await loadIndicators(db, actor, ids), total, limit, offset };
}

/** A results framework: outcomes, in the order they were first written, each with the indicators the actor may see. */
export interface ResultsFramework {
  partnership: { id: string; title: string } | null;
  place: { id: string; name: string; countryCode: string } | null;
  outcomes: (Outcome & { indicators: Indicator[] })[];
}

/** At most this many indicators in one framework (a partnership with more would need paging). */
const FRAMEWORK_LIMIT = 500;

function grouped(indicators: Indicator[]): ResultsFramework['outcomes'] {
  const outcomes = new Map<string, Outcome & { indicators: Indicator[] }>();
  for (const indicator of indicators) {
    const outcome = outcomes.get(indicator.outcome.id) ?? { ...indicator.outcome, indicators: [] };
    outcome.indicators.push(indicator);
    outcomes.set(outcome.id, outcome);
  }
  return [...outcomes.values()];
}

/**
 * The results framework of a partnership (for its page): its outcomes with the indicators the
 * actor may see (an outcome whose indicators are all hidden is not shown). 404 when the
 * partnership does not exist or the actor may not read it.
 */
export async function resultsOfPartnership(db: Db, actor: Actor, partnershipId: string): Promise<ResultsFramework> {
  const partnership = isUuid(partnershipId) ? (await repo.partnershipsByIds(db, [partnershipId])).get(partnershipId) : undefined;
  if (partnership === undefined || !partnershipReadable(actor, partnership)) throw new PontesError('NOT_FOUND', { detail: `no partnership ${partnershipId.slice(0, 100)}` });
  const { ids } = await repo.listIndicatorIds(db, visibilityOf(actor), { partnershipId: partnership.id }, { limit: FRAMEWORK_LIMIT, offset: 0 });
  return { partnership: { id: partnership.id, title: partnership.title }, place: null, outcomes: grouped(await loadIndicators(db, actor, ids)) };
}

/** The results framework of a place's municipal decent-work programmes. 404 when there is no such place. */
export async function resultsOfPlace(db: Db, actor: Actor, placeId: string): Promise<ResultsFramework> {
  const place = isUuid(placeId) ? await repo.placeRef(db, placeId) : undefined;
  if (place === undefined) throw new PontesError('NOT_FOUND', { detail: `no place ${placeId.slice(0, 100)}` });
  const { ids } = await repo.listIndicatorIds(db, visibilityOf(actor), { placeId: place.id }, { limit: FRAMEWORK_LIMIT, offset: 0 });
  return { partnership: null, place: { id: place.id, name: place.name, countryCode: place.countryCode }, outcomes: grouped(await loadIndicators(db, actor, ids)) };
}

/** The partnerships the actor may attach an indicator to (the form's choices). */
export async function partnershipChoices(db: Db, actor: Actor): Promise<{ id: string; title: string }[]> {
  return repo.partnershipChoices(db, visibilityOf(actor));
}

/**
 * The place a form names for a programme: an id, or "Name, CC" (the best match of that name in
 * that country). Null when nothing matches; the service then names the field.
 */
export async function programmePlaceOf(db: Db, written: string): Promise<{ id: string; label: string } | null> {
  const text = written.trim();
  if (text === '') return null;
  if (isUuid(text)) {
    const place = await repo.placeRef(db, text);
    return place === undefined ? null : { id: place.id, label: `${place.name}, ${place.countryCode}` };
  }
  const match = /^(.+?),\s*([A-Za-z]{2})$/.exec(text);
  if (match === null) return null;
  const country = match[2]!.toUpperCase();
  const found = await searchPlaces(db, { q: match[1]!.trim(), country, limit: 1, offset: 0 }).catch(() => ({ items: [] }));
  const place = found.items[0];
  return place === undefined ? null : { id: place.id, label: `${place.name}, ${place.countryCode}` };
}
