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
  status: Type.Optional(Type.String({ description: `Comma-separated statuses (${PRACTICE_STATUSES.join(', ')}); other than published needs the right to see them` })),
  source: Type.Optional(Type.String({ description: 'Only practices imported from this source collection' })),
  ...Paging,
});
export type PracticeListQuery = Static<typeof PracticeListQuery>;

const Period = Type.Union([Type.Object({ start: Type.Optional(Type.String()), end: Type.Optional(Type.String()) }), Type.Null()]);
const Criterion = Type.Object({ code: Type.String(), evidence: Type.Optional(Type.String()) });
const Result = Type.Object({ text: Type.String(), value: Type.Optional(Type.Number()), unit: Type.Optional(Type.String()), year: Type.Optional(Type.Integer()) });
const Source = Type.Object({ url: Type.String(), title: Type.Optional(Type.String()) });

const common = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The public page of the practice' }),
  source: Type.String({ description: 'The collection it was imported from' }),
  sourceId: Type.String({ description: 'Its id in that collection (the exchange format id)' }),
  status: Type.String(),
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
  },
  { $id: 'PracticeDetail', title: 'PracticeDetail' },
);

export const PracticePage = pageOf(PracticeItem, 'PracticePage');
