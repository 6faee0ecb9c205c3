import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields, Day } from '../lifecycle/index.js';
import { MEASURES } from './results.domain.js';

/** A number or null (a type list, not anyOf: the API's type coercion must never turn null into 0). */
const NullableNumber = (description: string) => Type.Unsafe<number | null>({ type: ['number', 'null'], description });
const NullableDay = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', description: 'YYYY-MM-DD' });
const Uuid = Type.String({ format: 'uuid' });
const Measure = Type.Union(MEASURES.map((m) => Type.Literal(m)), {
  description: 'count (whole numbers of 0 or more), percentage (0 to 100), amount (0 or more), score (any number)',
});

const split = {
  women: Type.Optional(NullableNumber('Women (only when by_sex). For counts and amounts, women + men may not exceed value: they are part of it')),
  men: Type.Optional(NullableNumber('Men (only when by_sex)')),
};

/** A target or a measurement as written. */
export const DatedValueInput = Type.Object(
  { date: Day, value: Type.Number({ description: 'The total (of the indicator\'s measure)' }), ...split },
  { additionalProperties: false },
);

const note = Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 2000, description: 'Where the figure comes from, what it counts' }));

/** A measurement among an indicator's first ones (POST /indicators). */
const MeasurementEntry = Type.Object({ date: Day, value: Type.Number(), ...split, note }, { additionalProperties: false });

export const MeasurementInput = Type.Object(
  {
    date: Day, value: Type.Number(), ...split, note,
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'If given (or If-Match), refused with 409 when the indicator was saved since' })),
  },
  { additionalProperties: false, title: 'MeasurementInput' },
);
export type MeasurementInput = Static<typeof MeasurementInput>;

export const BaselineInput = Type.Unsafe<{ value?: number | null; women?: number | null; men?: number | null; date?: string | null } | null>({
  type: ['object', 'null'],
  properties: { value: NullableNumber('The value before the work began'), women: NullableNumber('Women (by_sex only)'), men: NullableNumber('Men (by_sex only)'), date: NullableDay },
  additionalProperties: false,
  description: 'Where the indicator stood before; null removes it',
});

export const OutcomeInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500, description: 'The outcome; an outcome with this title under the same partnership or programme is reused, else created' }),
    partnership_id: Type.Optional(Uuid),
    programme: Type.Optional(Type.Object(
      { place_id: Uuid, title: Type.String({ minLength: 1, maxLength: 300, description: 'The municipal decent-work programme, e.g. "Belo Horizonte municipal decent-work agenda"' }) },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false, description: 'Give partnership_id (a partnership you can see, not deleted) or programme (a place and the programme\'s title), not both' },
);

const indicatorFields = {
  title: Type.String({ minLength: 1, maxLength: 500 }),
  unit: Type.String({ minLength: 1, maxLength: 100, description: 'What is counted or measured: "vendors", "%", "USD", "points"' }),
  measure: Measure,
  by_sex: Type.Boolean({ description: 'Disaggregated by sex: baseline, targets and measurements carry women and men' }),
  baseline: BaselineInput,
  owner_organisation_id: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid', description: 'One of your organisations (any, for curators)' }),
};

export const IndicatorCreateBody = Type.Object(
  {
    outcome: OutcomeInput,
    title: indicatorFields.title,
    unit: indicatorFields.unit,
    measure: indicatorFields.measure,
    by_sex: Type.Optional(indicatorFields.by_sex),
    baseline: Type.Optional(indicatorFields.baseline),
    targets: Type.Optional(Type.Array(DatedValueInput, { maxItems: 200, description: 'One per date, after the baseline\'s date' })),
    measurements: Type.Optional(Type.Array(MeasurementEntry, { maxItems: 500, description: 'One per date' })),
    owner_organisation_id: Type.Optional(indicatorFields.owner_organisation_id),
  },
  { additionalProperties: false, title: 'IndicatorCreate' },
);
export type IndicatorCreateBody = Static<typeof IndicatorCreateBody>;

export const IndicatorPatchBody = Type.Object(
  {
    outcome: Type.Optional(OutcomeInput),
    title: Type.Optional(indicatorFields.title),
    unit: Type.Optional(indicatorFields.unit),
    measure: Type.Optional(indicatorFields.measure),
    by_sex: Type.Optional(indicatorFields.by_sex),
    baseline: Type.Optional(indicatorFields.baseline),
    owner_organisation_id: Type.Optional(indicatorFields.owner_organisation_id),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version edited (or If-Match); 428 without, 409 when stale' })),
  },
  { additionalProperties: false, title: 'IndicatorPatch' },
);
export type IndicatorPatchBody = Static<typeof IndicatorPatchBody>;

export const TargetsBody = Type.Object(
  {
    targets: Type.Array(DatedValueInput, { maxItems: 200, description: 'The whole new set of targets (an empty list removes them all)' }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version edited (or If-Match); 428 without, 409 when stale' })),
  },
  { additionalProperties: false, title: 'IndicatorTargets' },
);
export type TargetsBody = Static<typeof TargetsBody>;

// Answers -------------------------------------------------------------------------------------

const NumberOrNull = Type.Union([Type.Number(), Type.Null()]);
const StringOrNull = Type.Union([Type.String(), Type.Null()]);

export const DatedValueSchema = Type.Object({ date: Type.String({ format: 'date' }), value: Type.Number(), women: NumberOrNull, men: NumberOrNull }, { title: 'DatedValue' });

const MeasurementSchema = Type.Object(
  {
    date: Type.String({ format: 'date' }), value: Type.Number(), women: NumberOrNull, men: NumberOrNull, note: StringOrNull,
    by: Type.Object({ member_id: StringOrNull, name: Type.Union([Type.String(), Type.Null()], { description: 'Only when the member made their name public' }) }),
    recorded_at: DateTime,
  },
  { title: 'Measurement' },
);

export const OutcomeSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    partnership_id: StringOrNull,
    programme: Type.Union([Type.Object({ place_id: Type.String(), place_name: Type.String(), country_code: Type.String(), title: Type.String() }), Type.Null()]),
  },
  { title: 'Outcome' },
);

const summaryFields = {
  id: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  measure: Type.String(),
  by_sex: Type.Boolean(),
  outcome: OutcomeSchema,
  partnership: Type.Union([Type.Object({ id: Type.String(), title: Type.Union([Type.String(), Type.Null()], { description: 'null when you may not read the partnership' }) }), Type.Null()]),
  baseline: Type.Union([Type.Object({ value: NumberOrNull, women: NumberOrNull, men: NumberOrNull, date: Type.Union([Type.String({ format: 'date' }), Type.Null()]) }), Type.Null()]),
  latest: Type.Union([DatedValueSchema, Type.Null()], { description: 'The latest measurement' }),
  next_target: Type.Union([DatedValueSchema, Type.Null()], { description: 'The earliest target on or after the latest measurement (or the baseline); the last target when all are past' }),
  progress: Type.Union([Type.Number(), Type.Null()], { description: 'Percent of the way from the baseline to next_target reached by the latest measurement' }),
  url: Type.String({ description: 'The indicator\'s page' }),
  chart_url: Type.String({ description: 'Its chart: SVG drawn on the server (baseline, targets, measurements; women and men when by_sex)' }),
  ...CurationFields,
  created_by: StringOrNull,
  owner_organisation_id: StringOrNull,
};

export const IndicatorSummarySchema = Type.Object(summaryFields, { title: 'IndicatorSummary' });

export const IndicatorSchema = Type.Object(
  { ...summaryFields, targets: Type.Array(DatedValueSchema), measurements: Type.Array(MeasurementSchema) },
  { title: 'Indicator' },
);

export const IndicatorPage = pageOf(IndicatorSummarySchema, 'IndicatorPage');

export const IndicatorListQuery = Type.Object(
  {
    partnership_id: Type.Optional(Uuid),
    place_id: Type.Optional({ ...Uuid, description: 'The place of a municipal decent-work programme' }),
    outcome_id: Type.Optional(Uuid),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ResultsQuery = Type.Object(
  { partnership_id: Type.Optional(Uuid), place_id: Type.Optional({ ...Uuid, description: 'The place whose municipal decent-work programmes to show' }) },
  { additionalProperties: false },
);

export const ResultsFrameworkSchema = Type.Object(
  {
    partnership: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()]),
    place: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), country_code: Type.String() }), Type.Null()]),
    outcomes: Type.Array(Type.Object({ ...OutcomeSchema.properties, indicators: Type.Array(IndicatorSummarySchema) })),
  },
  { title: 'ResultsFramework' },
);

export const MeasurementParams = Type.Object({ id: Type.String(), date: Type.String() });
