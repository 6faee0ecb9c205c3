import { Type, type Static } from '@sinclair/typebox';
import { Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields, Day } from '../lifecycle/index.js';
import { codesOf } from '../vocabularies/index.js';
import { NEED_FACETS } from './needs.domain.js';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const facetFields = Object.fromEntries(
  NEED_FACETS.map((facet) => [facet, Type.Array(Type.String(), { maxItems: 50, description: `Codes of the ${facet} vocabulary (schemas/vocabularies.json): ${codesOf(facet).join(', ')}` })]),
) as Record<(typeof NEED_FACETS)[number], ReturnType<typeof Type.Array<ReturnType<typeof Type.String>>>>;

const writeFields = {
  title: Type.String({ maxLength: 300, description: 'What is wanted (a need) or shared (an offer), in a line' }),
  description: Nullable(Type.String({ maxLength: 20000 })),
  language: Type.String({ maxLength: 3, description: 'ISO 639 code of the text\'s language (default en)' }),
  place_id: Nullable(Type.String({ description: 'The place that posts it (you must be its focal point)' })),
  organisation_id: Nullable(Type.String({ description: 'The organisation that posts it (you must belong to it or be its focal point); at least one of place_id and organisation_id' })),
  ...Object.fromEntries(NEED_FACETS.map((facet) => [facet, Type.Union([facetFields[facet], Type.Null()])])),
  contact_name: Nullable(Type.String({ maxLength: 200 })),
  contact_email: Nullable(Type.String({ maxLength: 254 })),
  expires_on: Type.String({ maxLength: 10, description: 'The last day it stands (YYYY-MM-DD); not in the past when set' }),
  practice_id: Nullable(Type.String({ description: 'The practice that prompted it, one you can see' })),
};

const optionalFields = Object.fromEntries(Object.entries(writeFields).map(([key, schema]) => [key, Type.Optional(schema)]));

/**
 * POST /needs and /offers. Required: title, place_id or organisation_id, contact_name,
 * contact_email, expires_on; they are checked by the service with the rest, so that one 400
 * names every bad or missing field at once.
 */
export const NeedOfferCreateBody = Type.Object(optionalFields, {
  additionalProperties: false, $id: 'NeedOfferCreate', title: 'NeedOfferCreate',
  description: 'Required: title, place_id or organisation_id, contact_name, contact_email, expires_on. Every bad or missing field is named in the 400 answer.',
});
export type NeedOfferCreateBody = Static<typeof NeedOfferCreateBody>;

/** PATCH: the fields given replace the stored ones (null clears an optional one); `version` or If-Match is required. */
export const NeedOfferPatchBody = Type.Object(
  { ...optionalFields, version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false, $id: 'NeedOfferPatch', title: 'NeedOfferPatch' },
);

export const NeedOfferSchema = Type.Object(
  {
    id: Id,
    kind: Type.Union([Type.Literal('need'), Type.Literal('offer')]),
    title: Type.String(),
    description: Type.String(),
    language: Type.String(),
    place_id: Type.Union([Id, Type.Null()]),
    organisation_id: Type.Union([Id, Type.Null()]),
    ...facetFields,
    contact_name: Type.Union([Type.String(), Type.Null()], { description: 'For signed-in readers only (null for the public)' }),
    contact_email: Type.Union([Type.String(), Type.Null()], { description: 'For signed-in readers only (null for the public)' }),
    expires_on: Day,
    expired: Type.Boolean({ description: 'Past its expiry day: left out of default lists and of proposals' }),
    practice_id: Type.Union([Id, Type.Null()]),
    url: Type.String({ description: 'Its page' }),
    ...CurationFields,
  },
  { $id: 'NeedOffer', title: 'NeedOffer' },
);

export const NeedOfferPage = pageOf(NeedOfferSchema, 'NeedOfferPage');

export const NeedOfferListQuery = Type.Object({
  place_id: Type.Optional(Type.String({ description: 'Posted by this place' })),
  organisation_id: Type.Optional(Type.String({ description: 'Posted by this organisation' })),
  sector: Type.Optional(Type.String({ description: 'Tagged with this sector code' })),
  include_expired: Type.Optional(Type.Boolean({ description: 'Also those past their expiry day', default: false })),
  ...Paging,
});

const ExplanationItem = Type.Object({
  factor: Type.String(),
  value: Type.Number({ description: 'Similarity on this factor, 0..1' }),
  weight: Type.Number({ description: 'Its weight in the score' }),
  contribution: Type.Number({ description: 'value × weight' }),
  text: Type.String({ description: 'The reason in plain words, in the reader\'s language' }),
});
export const ExplanationList = Type.Array(ExplanationItem);

export const ProposalList = Type.Object(
  {
    items: Type.Array(Type.Object({
      kind: Type.Union([Type.Literal('offer'), Type.Literal('practice'), Type.Literal('place')]),
      id: Id,
      title: Type.String(),
      score: Type.Number({ description: '0..1' }),
      explanation: ExplanationList,
    })),
  },
  { $id: 'ProposalList', title: 'ProposalList' },
);
