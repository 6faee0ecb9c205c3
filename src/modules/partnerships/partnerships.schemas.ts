import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields, Day } from '../lifecycle/index.js';
import { CONTRIBUTION_KINDS, PARTNERSHIP_STATUSES, PARTNERSHIP_TYPES, PARTY_ROLES } from './partnerships.domain.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Codes = (vocabulary: string) => Type.Array(Type.String(), { description: `Codes of the ${vocabulary} vocabulary (schemas/vocabularies.json)` });
const Uuid = Type.String({ format: 'uuid' });

export const PartnershipListQuery = Type.Object({
  status: Type.Optional(Type.String({ description: `Comma-separated lifecycle statuses (${PARTNERSHIP_STATUSES.join(', ')})` })),
  modality: Type.Optional(Type.String({ description: 'Comma-separated modalities (south_south, triangular, north_south, north_north, domestic)' })),
  type: Type.Optional(Type.String({ description: `Comma-separated types (${PARTNERSHIP_TYPES.join(', ')})` })),
  publication: Type.Optional(Type.String({ description: 'Comma-separated curation states (draft, submitted, in_review, published, archived; deleted for admins), among what you may read' })),
  place_id: Type.Optional(Type.String({ description: 'Only partnerships this place is a party to' })),
  organisation_id: Type.Optional(Type.String({ description: 'Only partnerships this organisation is a party to' })),
  ...Paging,
});
export type PartnershipListQuery = Static<typeof PartnershipListQuery>;

const PartyIn = Type.Object(
  {
    place_id: Type.Optional(Uuid),
    organisation_id: Type.Optional(Uuid),
    role: Type.Union(PARTY_ROLES.map((role) => Type.Literal(role))),
  },
  { additionalProperties: false, description: 'Exactly one of place_id and organisation_id, which must exist' },
);

const DocumentSchema = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 300 }), url: Type.String({ maxLength: 2000, description: 'http or https only' }), date: Type.Optional(Day) },
  { additionalProperties: false },
);

const ContributionIn = Type.Object(
  {
    party: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the giving party in `parties` (from 0)' })),
    kind: Type.Union(CONTRIBUTION_KINDS.map((kind) => Type.Literal(kind))),
    amount: Type.Optional(Type.Number({ minimum: 0, description: 'Cash: required. In kind: the estimated value, if known. At most two decimals' })),
    currency: Type.Optional(Type.String({ description: 'ISO 4217 code (e.g. USD, EUR, MZN), with an amount' })),
    description: Type.Optional(Type.String({ maxLength: 2000, description: 'In kind: required (what is given)' })),
  },
  { additionalProperties: false },
);

const topics = {
  pillars: Type.Optional(Codes('pillars')),
  critical_areas: Type.Optional(Codes('critical_areas')),
  challenges: Type.Optional(Codes('challenges')),
  sectors: Type.Optional(Codes('sectors')),
  target_groups: Type.Optional(Codes('target_groups')),
  practice_ids: Type.Optional(Type.Array(Uuid, { description: 'Practices the partnership is about, which you must be able to see' })),
};

/**
 * The body of POST /partnerships and PATCH /partnerships/{id}. The routes hand it to the service
 * unchecked by the schema (attachValidation): the service checks every field and names each bad
 * one the same way for the API, the forms and the demo loader.
 */
export const PartnershipWriteBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Required when creating (from a match: defaults to the need\'s title)' })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
    language: Type.Optional(Type.String({ description: 'ISO 639-1 code of the text; default en' })),
    type: Type.Optional(Type.Union(PARTNERSHIP_TYPES.map((type) => Type.Literal(type)), { description: 'Required when creating' })),
    parties: Type.Optional(Type.Array(PartyIn, { minItems: 2, description: 'At least two (from a match: the need\'s place or organisation as beneficiary, the counterpart as provider)' })),
    ...topics,
    starts_on: Type.Optional(Nullable(Day)),
    ends_on: Type.Optional(Nullable(Day)),
    agreement_on: Type.Optional(Nullable(Day)),
    documents: Type.Optional(Type.Array(DocumentSchema)),
    contributions: Type.Optional(Type.Array(ContributionIn)),
    owner_organisation_id: Type.Optional(Nullable(Uuid)),
    match_id: Type.Optional(Type.String({ format: 'uuid', description: 'POST only: an accepted match this partnership comes from; it moves to partnership_created with it' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'PATCH: the version edited, if not sent as If-Match' })),
  },
  { additionalProperties: false, $id: 'PartnershipWrite', title: 'PartnershipWrite' },
);

const PartyOut = Type.Object({
  position: Type.Integer({ description: 'Index in parties; contributions name their party by it' }),
  place_id: Nullable(Type.String()),
  organisation_id: Nullable(Type.String()),
  role: Type.String(),
  name: Type.String({ description: 'The place\'s or organisation\'s name' }),
  country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2' })),
  kind: Nullable(Type.String({ description: 'The organisation\'s kind (organisation_kinds); null for a place' })),
});

const itemFields = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The partnership\'s page' }),
  title: Type.String(),
  language: Type.String(),
  type: Type.String(),
  status: Type.String({ description: `Lifecycle status: ${PARTNERSHIP_STATUSES.join(', ')}` }),
  modality: Nullable(Type.String({ description: 'Derived from the parties, never typed' })),
  parties: Type.Array(PartyOut),
  starts_on: Nullable(Day),
  ends_on: Nullable(Day),
};

export const PartnershipItem = Type.Object(
  { ...itemFields, publication: CurationFields.publication, version: CurationFields.version, demo: CurationFields.demo, updated_at: DateTime },
  { $id: 'PartnershipItem', title: 'PartnershipItem' },
);

export const PartnershipSchema = Type.Object(
  {
    ...itemFields,
    description: Type.String(),
    modality_reason: Nullable(Type.String({ description: 'Why the parties give that modality, in plain words (in the partnership\'s language)' })),
    pillars: Codes('pillars'),
    critical_areas: Codes('critical_areas'),
    challenges: Codes('challenges'),
    sectors: Codes('sectors'),
    target_groups: Codes('target_groups'),
    practice_ids: Type.Array(Type.String(), { description: 'The linked practices you may see' }),
    practices: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
    agreement_on: Nullable(Day),
    documents: Type.Array(DocumentSchema),
    contributions: Type.Array(Type.Object({
      party: Nullable(Type.Integer()), kind: Type.String(), amount: Nullable(Type.Number()), currency: Nullable(Type.String()), description: Nullable(Type.String()),
    })),
    contribution_totals: Type.Array(Type.Object({ currency: Type.String(), cash: Type.Number(), in_kind: Type.Number({ description: 'Estimated values of in-kind contributions' }), total: Type.Number() }), { description: 'Per currency' }),
    match_ids: Type.Array(Type.String(), { description: 'Matches that turned into this partnership' }),
    owner_organisation_id: Nullable(Type.String()),
    created_by: Nullable(Type.String()),
    ...CurationFields,
  },
  { $id: 'Partnership', title: 'Partnership' },
);

export const PartnershipPage = pageOf(PartnershipItem, 'PartnershipPage');
