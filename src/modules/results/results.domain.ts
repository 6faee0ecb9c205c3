import type { Publication } from '../../database.js';

/**
 * The results framework (issue 5): a partnership, or a municipal decent-work programme (a place
 * and the programme's title), has outcomes; each outcome is measured by indicators with a
 * baseline, dated targets and dated measurements, optionally split by sex.
 */

export const MEASURES = ['count', 'percentage', 'amount', 'score'] as const;
export type Measure = (typeof MEASURES)[number];

/** A value on a day, with its split by sex when the indicator has one. */
export interface DatedValue {
  date: string;
  value: number;
  women: number | null;
  men: number | null;
}

export interface Baseline {
  value: number | null;
  women: number | null;
  men: number | null;
  date: string | null;
}

export interface Measurement extends DatedValue {
  note: string | null;
  by: { memberId: string | null; name: string | null };
  recordedAt: Date;
}

export interface Programme {
  placeId: string;
  placeName: string;
  countryCode: string;
  title: string;
}

export interface Outcome {
  id: string;
  title: string;
  partnershipId: string | null;
  programme: Programme | null;
}

/** Where the indicator stands against its targets: the latest measurement and the target it is compared with. */
export interface Standing {
  latest: DatedValue | null;
  /** The earliest target on or after the latest measurement (or the baseline); the last one when all are past. */
  nextTarget: DatedValue | null;
  /** Share of the way from the baseline to that target, in percent (one decimal); null when it cannot be said. */
  progress: number | null;
}

export interface Indicator extends Standing {
  id: string;
  title: string;
  unit: string;
  measure: Measure;
  bySex: boolean;
  outcome: Outcome;
  /** The partnership, with its title only for those who may read it. */
  partnership: { id: string; title: string | null } | null;
  baseline: Baseline | null;
  targets: DatedValue[];
  measurements: Measurement[];
  publication: Publication;
  deleted: boolean;
  version: number;
  demo: boolean;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A validation problem, named by the field's path in the API body (`targets[1].women`). */
export interface FieldError {
  field: string;
  reason: string;
  value?: unknown;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day between 1900 and 2100, written YYYY-MM-DD. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2100) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The checks of one indicator's numbers and days, collecting every problem rather than stopping at the first. */
export class IndicatorChecks {
  readonly errors: FieldError[] = [];
  constructor(readonly measure: Measure, readonly bySex: boolean) {}

  problem(field: string, reason: string, value?: unknown): void {
    this.errors.push({ field, reason, ...(value !== undefined ? { value } : {}) });
  }

  /** A number of this indicator's measure; null when absent and allowed to be. */
  number(field: string, value: unknown, required: boolean): number | null {
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(field, 'is required');
      return null;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(field, 'must be a number', value);
      return null;
    }
    if (Math.abs(value) > 1e15) {
      this.problem(field, 'is too large', value);
      return null;
    }
    switch (this.measure) {
      case 'percentage':
        if (value < 0 || value > 100) return this.refuse(field, 'must be a percentage between 0 and 100', value);
        break;
      case 'count':
        if (!Number.isInteger(value) || value < 0) return this.refuse(field, 'must be a whole number of 0 or more (the indicator counts)', value);
        break;
      case 'amount':
        if (value < 0) return this.refuse(field, 'must be 0 or more (the indicator is an amount)', value);
        break;
      case 'score':
        break;
    }
    return value;
  }

  private refuse(field: string, reason: string, value: unknown): null {
    this.problem(field, reason, value);
    return null;
  }

  /** A day; null when absent and allowed to be. */
  day(field: string, value: unknown, required: boolean): string | null {
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(field, 'is required (YYYY-MM-DD)');
      return null;
    }
    if (!isDay(value)) {
      this.problem(field, 'must be a real date written YYYY-MM-DD (between 1900 and 2100)', value);
      return null;
    }
    return value;
  }

  /**
   * The split by sex of a value. Only for indicators disaggregated by sex. For counts and
   * amounts the women and the men are part of the total, so together they cannot exceed it;
   * percentages and scores by sex are rates within each group and do not add up.
   */
  split(prefix: string, total: number | null, women: unknown, men: unknown): { women: number | null; men: number | null } {
    if (!this.bySex) {
      if (women !== undefined && women !== null && women !== '') this.problem(`${prefix}.women`, 'is only for an indicator disaggregated by sex (by_sex: true)', women);
      if (men !== undefined && men !== null && men !== '') this.problem(`${prefix}.men`, 'is only for an indicator disaggregated by sex (by_sex: true)', men);
      return { women: null, men: null };
    }
    const w = this.number(`${prefix}.women`, women, false);
    const m = this.number(`${prefix}.men`, men, false);
    if ((w !== null || m !== null) && total === null && this.errors.every((e) => e.field !== `${prefix}.value`)) {
      this.problem(`${prefix}.value`, 'is required when women or men are given (the total they are part of)');
    }
    if ((this.measure === 'count' || this.measure === 'amount') && w !== null && m !== null && total !== null && w + m > total) {
      this.problem(
        `${prefix}.women`,
        `and men add up to ${w + m}, more than the total ${total}: women and men are part of the total, so together they cannot exceed it`,
        w,
      );
    }
    return { women: w, men: m };
  }

  /** One dated value (a target or a measurement). */
  datedValue(prefix: string, input: unknown): DatedValue | null {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      this.problem(prefix, 'must be an object with date and value');
      return null;
    }
    const record = input as Record<string, unknown>;
    const before = this.errors.length;
    const date = this.day(`${prefix}.date`, record.date, true);
    const value = this.number(`${prefix}.value`, record.value, true);
    const split = this.split(prefix, value, record.women, record.men);
    if (this.errors.length > before || date === null || value === null) return null;
    return { date, value, ...split };
  }
}

/**
 * Checks a whole set of targets against the indicator: each one valid, no two on one day, all
 * after the baseline's day (a target is where the indicator should get to from there).
 */
export function checkTargets(checks: IndicatorChecks, input: unknown, baselineDate: string | null, field = 'targets'): DatedValue[] {
  if (!Array.isArray(input)) {
    checks.problem(field, 'must be a list of {date, value} targets');
    return [];
  }
  if (input.length > 200) {
    checks.problem(field, 'may hold at most 200 targets');
    return [];
  }
  const targets: DatedValue[] = [];
  const seen = new Set<string>();
  input.forEach((entry, index) => {
    const target = checks.datedValue(`${field}[${index}]`, entry);
    if (target === null) return;
    if (seen.has(target.date)) checks.problem(`${field}[${index}].date`, `repeats ${target.date}: one target per date`, target.date);
    else if (baselineDate !== null && target.date <= baselineDate) checks.problem(`${field}[${index}].date`, `must come after the baseline's date (${baselineDate})`, target.date);
    seen.add(target.date);
    targets.push(target);
  });
  return targets.sort((a, b) => a.date.localeCompare(b.date));
}

/** Checks one measurement: a dated value and an optional note. */
export function checkMeasurement(checks: IndicatorChecks, input: unknown, field = 'measurement'): (DatedValue & { note: string | null }) | null {
  const value = checks.datedValue(field, input);
  const note = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).note : undefined;
  let text: string | null = null;
  if (note !== undefined && note !== null) {
    if (typeof note !== 'string') checks.problem(`${field}.note`, 'must be text');
    else if (note.length > 2000) checks.problem(`${field}.note`, 'is longer than 2,000 characters');
    else text = note.trim() === '' ? null : note.trim();
  }
  return value === null || checks.errors.some((e) => e.field.startsWith(field)) ? null : { ...value, note: text };
}

/** Checks a baseline ({value, women, men, date}; null or absent: none). */
export function checkBaseline(checks: IndicatorChecks, input: unknown): Baseline | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) {
    checks.problem('baseline', 'must be an object {value, women, men, date} or null');
    return null;
  }
  const record = input as Record<string, unknown>;
  const value = checks.number('baseline.value', record.value, false);
  const split = checks.split('baseline', value, record.women, record.men);
  const date = checks.day('baseline.date', record.date, false);
  if (value === null && date === null && split.women === null && split.men === null) return null;
  if (value === null && date !== null && checks.errors.every((e) => e.field !== 'baseline.value')) checks.problem('baseline.value', 'is required with a baseline date');
  return { value, ...split, date };
}

/**
 * Where the indicator stands: its latest measurement, the target that measurement is compared
 * with, and how far it has come from the baseline towards that target.
 */
export function standingOf(baseline: Baseline | null, targets: readonly DatedValue[], measurements: readonly DatedValue[]): Standing {
  const latest = measurements.reduce<DatedValue | null>((last, m) => (last === null || m.date > last.date ? m : last), null);
  const sorted = [...targets].sort((a, b) => a.date.localeCompare(b.date));
  const from = latest?.date ?? baseline?.date ?? null;
  const nextTarget = (from === null ? sorted[0] : sorted.find((t) => t.date >= from)) ?? sorted.at(-1) ?? null;
  let progress: number | null = null;
  if (latest !== null && nextTarget !== null && baseline !== null && baseline.value !== null && nextTarget.value !== baseline.value) {
    progress = Math.round(((latest.value - baseline.value) / (nextTarget.value - baseline.value)) * 1000) / 10;
  }
  return { latest: latest === null ? null : { date: latest.date, value: latest.value, women: latest.women, men: latest.men }, nextTarget, progress };
}
