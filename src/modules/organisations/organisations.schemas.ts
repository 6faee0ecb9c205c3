import { Type } from '@sinclair/typebox';
import { Paging, pageOf } from '../api/api.schemas.js';

export const OrganisationListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name (accents and case ignored)' })),
  country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2 code' })),
  kind: Type.Optional(Type.String({ description: 'An organisation_kinds code' })),
  ...Paging,
});

export const OrganisationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([Type.String(), Type.Null()]),
    placeId: Type.Union([Type.String(), Type.Null()]),
    website: Type.Union([Type.String(), Type.Null()]),
    iatiOrgId: Type.Union([Type.String(), Type.Null()]),
    origin: Type.String(),
    needsReview: Type.Boolean(),
    version: Type.Integer({ description: 'Counts saves; send it back (If-Match or `version`) with an edit' }),
    mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'Set when merged into another record' }),
  },
  { $id: 'Organisation', title: 'Organisation' },
);

export const OrganisationPage = pageOf(OrganisationSchema, 'OrganisationPage');
