import type { DatedValue, Indicator } from './results.domain.js';

/**
 * The results forms as a browser posts them (strings), kept as typed so a refused save shows
 * them again, and their translation to the bodies the API takes (one validation for both).
 */
export interface IndicatorForm {
  outcome_title: string;
  outcome_for: string;
  partnership_id: string;
  programme_place: string;
  programme_title: string;
  title: string;
  unit: string;
  measure: string;
  by_sex: string;
  baseline_value: string;
  baseline_women: string;
  baseline_men: string;
  baseline_date: string;
  owner_organisation_id: string;
  version: string;
}

/** One row of a series form: a target or a measurement as typed. */
export interface SeriesForm {
  date: string;
  value: string;
  women: string;
  men: string;
}

const INDICATOR_FIELDS: (keyof IndicatorForm)[] = [
  'outcome_title', 'outcome_for', 'partnership_id', 'programme_place', 'programme_title', 'title', 'unit', 'measure', 'by_sex',
  'baseline_value', 'baseline_women', 'baseline_men', 'baseline_date', 'owner_organisation_id', 'version',
];

/** A posted field as one string ('' when absent; the first of repeated values). */
export function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, 5000) : '';
}

export function readIndicatorForm(body: unknown): IndicatorForm {
  const form = Object.fromEntries(INDICATOR_FIELDS.map((name) => [name, field(body, name)])) as unknown as IndicatorForm;
  form.by_sex = form.by_sex === 'true' || form.by_sex === 'on' ? 'true' : '';
  return form;
}

/**
 * A typed number: '' is none (null); a number written with a comma for decimals is read; what
 * is no number stays text, so the service names the field ("must be a number").
 */
export function typedNumber(value: string): number | string | null {
  const trimmed = value.trim().replace(/\s/g, '');
  if (trimmed === '') return null;
  // "1,5" is one and a half (a decimal comma); "1,500" stays ambiguous and is refused as it is.
  const normal = /^-?\d+,\d{1,2}$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  const number = Number(normal);
  return Number.isFinite(number) ? number : value;
}

const orUndefined = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The body of POST /api/v1/indicators (or PATCH) a form describes; the programme's place is resolved by the caller. */
export function indicatorFormToBody(form: IndicatorForm, programmePlaceId: string | null): Record<string, unknown> {
  const baselineValue = typedNumber(form.baseline_value);
  const women = typedNumber(form.baseline_women);
  const men = typedNumber(form.baseline_men);
  const date = orUndefined(form.baseline_date);
  const bySex = form.by_sex === 'true';
  const baseline = baselineValue === null && women === null && men === null && date === undefined
    ? null
    : { value: baselineValue, ...(bySex || women !== null ? { women } : {}), ...(bySex || men !== null ? { men } : {}), date: date ?? null };
  const outcome = form.outcome_for === 'programme'
    ? { title: form.outcome_title.trim(), programme: { place_id: programmePlaceId ?? '', title: form.programme_title.trim() } }
    : { title: form.outcome_title.trim(), partnership_id: form.partnership_id };
  return {
    outcome,
    title: form.title,
    unit: form.unit,
    measure: form.measure,
    by_sex: bySex,
    baseline,
    // Left empty, the owner stays as it is (a member without organisations sees no choice of owner).
    ...(orUndefined(form.owner_organisation_id) !== undefined ? { owner_organisation_id: form.owner_organisation_id.trim() } : {}),
  };
}

/** An indicator as its edit form shows it. */
export function indicatorToForm(indicator: Indicator): IndicatorForm {
  const number = (value: number | null) => (value === null ? '' : String(value));
  const programme = indicator.outcome.programme;
  return {
    outcome_title: indicator.outcome.title,
    outcome_for: programme !== null ? 'programme' : 'partnership',
    partnership_id: indicator.outcome.partnershipId ?? '',
    programme_place: programme !== null ? `${programme.placeName}, ${programme.countryCode}` : '',
    programme_title: programme?.title ?? '',
    title: indicator.title,
    unit: indicator.unit,
    measure: indicator.measure,
    by_sex: indicator.bySex ? 'true' : '',
    baseline_value: number(indicator.baseline?.value ?? null),
    baseline_women: number(indicator.baseline?.women ?? null),
    baseline_men: number(indicator.baseline?.men ?? null),
    baseline_date: indicator.baseline?.date ?? '',
    owner_organisation_id: indicator.ownerOrganisationId ?? '',
    version: String(indicator.version),
  };
}

/** A blank indicator form, for /indicators/new (optionally for a partnership or a programme place). */
export function blankIndicatorForm(preset: { partnershipId?: string | undefined; placeId?: string | undefined }): IndicatorForm {
  return {
    outcome_title: '', outcome_for: preset.placeId !== undefined ? 'programme' : 'partnership', partnership_id: preset.partnershipId ?? '', programme_place: preset.placeId ?? '',
    programme_title: '', title: '', unit: '', measure: 'count', by_sex: '', baseline_value: '', baseline_women: '', baseline_men: '', baseline_date: '', owner_organisation_id: '', version: '',
  };
}

export function readMeasurementForm(body: unknown): SeriesForm & { note: string } {
  return { date: field(body, 'date'), value: field(body, 'value'), women: field(body, 'women'), men: field(body, 'men'), note: field(body, 'note') };
}

/** The body of POST …/measurements a measurement form describes. */
export function measurementFormToBody(form: SeriesForm & { note: string }, bySex: boolean): Record<string, unknown> {
  const women = typedNumber(form.women);
  const men = typedNumber(form.men);
  return {
    date: form.date.trim(),
    value: typedNumber(form.value),
    ...(bySex || women !== null ? { women } : {}),
    ...(bySex || men !== null ? { men } : {}),
    note: form.note.trim() === '' ? null : form.note,
  };
}

/** The target rows posted (target_date_0, target_value_0, …), blank rows dropped. */
export function readTargetRows(body: unknown): SeriesForm[] {
  const rows: SeriesForm[] = [];
  for (let i = 0; i < 200; i += 1) {
    const row = { date: field(body, `target_date_${i}`), value: field(body, `target_value_${i}`), women: field(body, `target_women_${i}`), men: field(body, `target_men_${i}`) };
    if (Object.values(row).some((v) => v.trim() !== '')) rows.push(row);
  }
  return rows;
}

/** The body of PUT …/targets the target rows describe. */
export function targetRowsToBody(rows: SeriesForm[], bySex: boolean): { targets: Record<string, unknown>[] } {
  return {
    targets: rows.map((row) => {
      const women = typedNumber(row.women);
      const men = typedNumber(row.men);
      return { date: row.date.trim(), value: typedNumber(row.value), ...(bySex || women !== null ? { women } : {}), ...(bySex || men !== null ? { men } : {}) };
    }),
  };
}

/** The target rows a form shows: the given ones and two blank rows to add more. */
export function targetRowsWithBlanks(targets: SeriesForm[]): SeriesForm[] {
  return [...targets, ...Array.from({ length: 2 }, () => ({ date: '', value: '', women: '', men: '' }))];
}

export function targetsToRows(targets: readonly DatedValue[]): SeriesForm[] {
  const number = (value: number | null) => (value === null ? '' : String(value));
  return targets.map((t) => ({ date: t.date, value: number(t.value), women: number(t.women), men: number(t.men) }));
}
