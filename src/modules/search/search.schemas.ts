import { Type } from '@sinclair/typebox';
import { Paging } from '../api/api.schemas.js';
import { PracticeListQuery } from '../practices/index.js';

const { limit: _l, offset: _o, ...practiceFilters } = PracticeListQuery.properties;

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ description: 'What to look for, in any of the four languages; at most 500 characters are read' })),
  type: Type.Optional(Type.String({ description: 'practice, place or organisation; all three, merged by score, when absent' })),
  ...practiceFilters,
  ...Paging,
});

const FacetCount = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const SearchResponse = Type.Object(
  {
    q: Type.String(),
    items: Type.Array(
      Type.Object({
        type: Type.String(),
        id: Type.String(),
        title: Type.String(),
        score: Type.Number(),
        snippet: Type.String({ description: 'Escaped HTML; the only markup is <mark> around matches' }),
        url: Type.String(),
        source: Type.Optional(Type.String()),
        sourceId: Type.Optional(Type.String()),
        language: Type.Optional(Type.String()),
        places: Type.Optional(Type.Array(Type.String())),
        countries: Type.Optional(Type.Array(Type.String())),
        modality: Type.Optional(Type.String()),
        goodPractice: Type.Optional(Type.Boolean()),
        criteriaMet: Type.Optional(Type.Integer()),
        country: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        population: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        kind: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      }),
    ),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
    facets: Type.Union([Type.Record(Type.String(), FacetCount), Type.Null()]),
    concepts: Type.Array(Type.Object({ id: Type.String(), matched: Type.String() }), { description: 'Thesaurus concepts the query was read as' }),
    approximate: Type.Boolean({ description: 'true when total and facet counts are estimates from a uniform sample of a very large result set (docs/adr/0011)' }),
    mode: Type.String({ description: "'all': every practice listed matches everything the query says; 'any': too few did, so the list also holds practices matching part of it (closest first)" }),
  },
  { $id: 'SearchResult', title: 'SearchResult' },
);
