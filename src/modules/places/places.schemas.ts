import { Type } from '@sinclair/typebox';
import { Paging, pageOf } from '../api/api.schemas.js';

export const PlaceListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Name or start of a name; accents, case and alternative names are tolerated, and close spellings found' })),
  country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2 code' })),
  ...Paging,
});

export const PlaceSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    altNames: Type.Array(Type.String()),
    country: Type.String(),
    countryName: Type.String(),
    adminCode: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()]),
    populationYear: Type.Union([Type.Integer(), Type.Null()]),
    sizeBand: Type.Union([Type.String(), Type.Null()], { description: 'small (<50,000), intermediary (50,000–500,000), large (<5 million), metropolis' }),
    intermediaryCity: Type.Boolean(),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    geonamesId: Type.Union([Type.Integer(), Type.Null()]),
    origin: Type.String({ description: 'reference (GeoNames), import or member' }),
    needsReview: Type.Boolean(),
    version: Type.Integer({ description: 'Counts saves; send it back (If-Match or `version`) with an edit' }),
    mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'Set when merged into another record' }),
  },
  { $id: 'Place', title: 'Place' },
);

export const PlacePage = pageOf(PlaceSchema, 'PlacePage');
