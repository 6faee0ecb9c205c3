import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Paging, pageOf } from '../api/api.schemas.js';
import { PRACTICE_STATUSES } from './practices.domain.js';

const codes = (what: string) => Type.Optional(Type.String({ description: `Comma-separated ${what} codes (any of them matches)` }));

/** Filters of GET /practices, named after the exchange format's fields. */
export const PracticeListQuery = Type.Object({
  pillars: codes('pillar'),
  critical_areas: codes('critical area'),
  challenges: codes('challenge'),
  sectors: codes('sector'),
  target_groups: codes('target group'),
  modality: codes('modality'),
  country: Type.Optional(Type.String({ description: 'Comma-separated ISO 3166-1 alpha-2 codes of the places' })),
  region: Type.Optional(Type.String({ description: 'Comma-separated UN M49 region, sub-region or intermediate-region codes' })),
  good_practice: Type.Optional(Type.Boolean({ description: 'true: only practices with three or more criteria documented with evidence' })),
  status: Type.Optional(Type.String({ description: `Comma-separated states (${PRACTICE_STATUSES.join(', ')}, deleted): narrows the list to them, among what the caller may read (published ones and, for members, their own; everything live for curators; deleted ones for admins only)` })),
  source: Type.Optional(Type.String({ description: 'Only practices imported from this source collection' })),
  ...Paging,
});
export type PracticeListQuery = Static<typeof PracticeListQuery>;

/** Filters of GET /practices.csv: those of GET /practices, without paging (one download holds every match). */
export const PracticeCsvQuery = Type.Omit(PracticeListQuery, ['limit', 'offset']);

/** The CSV download's body, as the OpenAPI document describes it (text/csv, not JSON). */
export const PracticeCsv = Type.Unsafe<string>({
  description: 'UTF-8 CSV with a byte-order mark, one header line, then one practice a line',
  content: { 'text/csv': { schema: Type.String({ description: 'RFC 4180 CSV; cells starting with = + - @, tab, CR or NUL are prefixed with a single quote' }) } },
});

const Period = Type.Union([Type.Object({ start: Type.Optional(Type.String()), end: Type.Optional(Type.String()) }), Type.Null()]);
const Criterion = Type.Object({ code: Type.String(), evidence: Type.Optional(Type.String()) });
const Result = Type.Object({ text: Type.String(), value: Type.Optional(Type.Number()), unit: Type.Optional(Type.String()), year: Type.Optional(Type.Integer()) });
const Source = Type.Object({ url: Type.String(), title: Type.Optional(Type.String()) });

const common = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The public page of the practice' }),
  source: Type.String({ description: 'The collection it was imported from' }),
  sourceId: Type.String({ description: 'Its id in that collection (the exchange format id)' }),
  status: Type.String({ description: 'Workflow status: draft, submitted, in_review, published, archived' }),
  state: Type.String({ description: 'The status, or deleted when an admin soft-deleted the practice' }),
  version: Type.Integer({ description: 'Counts saves; send it back (If-Match or `version`) with an edit' }),
  title: Type.String(),
  summary: Type.String(),
  language: Type.String(),
  modality: Type.String(),
  modalityDerived: Type.Boolean({ description: 'true when Pontes derived the modality from places and partners' }),
  pillars: Type.Array(Type.String()),
  criticalAreas: Type.Array(Type.String()),
  challenges: Type.Array(Type.String()),
  sectors: Type.Array(Type.String()),
  targetGroups: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  criteriaMet: Type.Integer({ description: 'Criteria documented with evidence' }),
  goodPractice: Type.Boolean({ description: 'The good-practice mark: three or more criteria with evidence' }),
  countries: Type.Array(Type.String()),
  period: Period,
  createdAt: DateTime,
  updatedAt: DateTime,
  publishedAt: Type.Union([DateTime, Type.Null()]),
};

export const PracticeItem = Type.Object({ ...common, places: Type.Array(Type.String()), adaptedFrom: Type.Union([Type.String(), Type.Null()]) }, { $id: 'PracticeItem', title: 'PracticeItem' });

const Link = Type.Object({ id: Type.String(), sourceId: Type.String(), title: Type.String(), places: Type.Array(Type.String()) });

export const PracticeDetail = Type.Object(
  {
    ...common,
    body: Type.Union([Type.String(), Type.Null()]),
    criteria: Type.Array(Criterion),
    results: Type.Array(Result),
    sources: Type.Array(Source),
    places: Type.Array(
      Type.Object({
        placeId: Type.Union([Type.String(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        writtenAs: Type.Union([Type.String(), Type.Null()]),
        country: Type.String(),
        geonamesId: Type.Union([Type.Integer(), Type.Null()]),
        needsReview: Type.Boolean(),
      }),
    ),
    partners: Type.Array(
      Type.Object({
        organisationId: Type.String(),
        name: Type.String(),
        role: Type.Union([Type.String(), Type.Null()]),
        kind: Type.Union([Type.String(), Type.Null()]),
        country: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    adaptedFrom: Type.Union([Type.String(), Type.Null()], { description: 'Source id of the practice this one adapts' }),
    adaptedFromPractice: Type.Union([Link, Type.Null()]),
    adaptedBy: Type.Array(Link),
    ownerOrganisationId: Type.Union([Type.String(), Type.Null()], { description: 'The organisation whose practice it is' }),
    reviewComment: Type.Union([Type.String(), Type.Null()], { description: 'The curator’s comment when it went back to draft' }),
  },
  { $id: 'PracticeDetail', title: 'PracticeDetail' },
);

export const PracticePage = pageOf(PracticeItem, 'PracticePage');

const loose = (description: string) => Type.Optional(Type.Unknown({ description }));

/**
 * The body of POST /practices and PATCH /practices/{id}: the exchange format's fields
 * (schemas/practice.schema.json, checked by the same validator as imports, with field-level
 * reasons), without `id` (Pontes chooses it), plus the owner organisation and, for an edit, the
 * version edited. In a PATCH a field replaces the stored one and null removes it.
 */
export const PracticeWriteBody = Type.Object(
  {
    title: Type.Optional(Type.String({ description: 'Title (exchange format)' })),
    summary: Type.Optional(Type.String()),
    body: loose('Longer description in Markdown; null removes it'),
    language: Type.Optional(Type.String({ description: 'ISO 639-1 code of the text' })),
    places: loose('[{city?, country, geonames_id?}]: resolved to stored places (unknown ones are created and flagged for review)'),
    partners: loose('[{name, role?, kind?, country?}]: resolved to organisations'),
    modality: loose('Leave out to let Pontes derive it from places and partners'),
    pillars: loose('Vocabulary codes'),
    critical_areas: loose('Vocabulary codes'),
    challenges: loose('Vocabulary codes'),
    sectors: loose('Vocabulary codes'),
    target_groups: loose('Vocabulary codes'),
    keywords: loose('Free keywords'),
    criteria: loose('[{code, evidence?}]: three or more with evidence earn the good-practice mark'),
    results: loose('[{text, value?, unit?, year?}]'),
    period: loose('{start?, end?}'),
    adapted_from: loose('The id of another practice of the same collection, which you must be able to read'),
    sources: loose('[{url, title?}]'),
    owner_organisation_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'One of your organisations (curators and admins: any)' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'PATCH: the version you edited, if not sent as If-Match: "<version>"' })),
  },
  { additionalProperties: false, $id: 'PracticeWrite', title: 'PracticeWrite' },
);
export type PracticeWriteBody = Static<typeof PracticeWriteBody>;

export const PracticeStatusBody = Type.Object(
  {
    status: Type.Union(['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'].map((s) => Type.Literal(s)), { description: 'The state to move to' }),
    note: Type.Optional(Type.String({ maxLength: 5000, description: 'Why: kept with the version; a return to draft keeps it as the review comment' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'If given, the move is refused (409) when the practice was saved since' })),
  },
  { additionalProperties: false },
);
