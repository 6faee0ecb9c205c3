import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields, Day } from '../lifecycle/index.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** An owner as written: exactly one of the two ids (checked by the service, which names the index). */
export const OwnerInput = Type.Object(
  { place_id: Type.Optional(Uuid), organisation_id: Type.Optional(Uuid) },
  { additionalProperties: false, description: 'A place or an organisation that answers for the commitment: exactly one of place_id, organisation_id' },
);

/** An evidence link: http or https only (a javascript: link is refused). */
export const EvidenceInput = Type.Object(
  { title: Type.Optional(Type.String({ maxLength: 300 })), url: Type.String({ maxLength: 2000, description: 'http or https' }) },
  { additionalProperties: false },
);

const commitmentFields = {
  text: Type.String({ minLength: 1, maxLength: 5000, description: 'What was committed to' }),
  owners: Type.Array(OwnerInput, { maxItems: 20, description: 'Places and organisations that answer for it; each must exist' }),
  due_on: Nullable(Day),
  evidence: Type.Array(EvidenceInput, { maxItems: 50 }),
};

/** `POST /roadmaps/{id}/commitments` (and each of a new roadmap's `commitments`). */
export const CommitmentCreateBody = Type.Object(
  { ...commitmentFields, owners: Type.Optional(commitmentFields.owners), due_on: Type.Optional(commitmentFields.due_on), evidence: Type.Optional(commitmentFields.evidence) },
  { additionalProperties: false, title: 'CommitmentCreate' },
);
export type CommitmentCreateBody = Static<typeof CommitmentCreateBody>;

/** `PATCH /commitments/{id}`: the fields given replace the stored ones. */
export const CommitmentPatchBody = Type.Partial(Type.Object({ ...commitmentFields, version: Type.Integer({ minimum: 1, description: 'The version edited (or If-Match)' }) }), {
  additionalProperties: false, title: 'CommitmentPatch',
});
export type CommitmentPatchBody = Static<typeof CommitmentPatchBody>;

const roadmapFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.String({ maxLength: 20000 }),
  language: Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 (or 639-3) code of the language it is written in' }),
  event_id: Type.String({ format: 'uuid', description: 'The event where it was adopted; it must exist and not be deleted' }),
  adopted_on: Nullable(Day),
  owner_organisation_id: Nullable(Uuid),
};

/** `POST /roadmaps`: a new roadmap (a draft, yours), optionally with its commitments, numbered in order. */
export const RoadmapCreateBody = Type.Object(
  {
    title: roadmapFields.title,
    description: Type.Optional(roadmapFields.description),
    language: Type.Optional(roadmapFields.language),
    event_id: roadmapFields.event_id,
    adopted_on: Type.Optional(roadmapFields.adopted_on),
    owner_organisation_id: Type.Optional(roadmapFields.owner_organisation_id),
    commitments: Type.Optional(Type.Array(CommitmentCreateBody, { maxItems: 200, description: 'Created with the roadmap, numbered 1..n in this order' })),
  },
  { additionalProperties: false, title: 'RoadmapCreate' },
);
export type RoadmapCreateBody = Static<typeof RoadmapCreateBody>;

/** `PATCH /roadmaps/{id}`: the roadmap's own fields (commitments have their own routes). */
export const RoadmapPatchBody = Type.Partial(Type.Object({ ...roadmapFields, version: Type.Integer({ minimum: 1 }) }), { additionalProperties: false, title: 'RoadmapPatch' });
export type RoadmapPatchBody = Static<typeof RoadmapPatchBody>;

export const NoteBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    noted_on: Type.Optional(Day),
  },
  { additionalProperties: false, title: 'CommitmentNoteCreate', description: 'noted_on: the day it is about (default today, UTC; not later than tomorrow)' },
);
export type NoteBody = Static<typeof NoteBody>;

export const RoadmapListQuery = Type.Object({
  event_id: Type.Optional(Type.String({ format: 'uuid', description: 'Only roadmaps adopted at this event' })),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only roadmaps with at least one overdue commitment' })),
  ...Paging,
});
export type RoadmapListQuery = Static<typeof RoadmapListQuery>;

// Answers ---------------------------------------------------------------------------------------

const Owner = Type.Object({
  place_id: Nullable(Type.String()),
  organisation_id: Nullable(Type.String()),
  name: Type.String(),
  country_code: Nullable(Type.String()),
});

const Note = Type.Object({
  id: Type.String(),
  noted_on: Type.String({ format: 'date' }),
  text: Type.String(),
  by: Type.Object({ member_id: Nullable(Type.String()), name: Nullable(Type.String({ description: 'Only when the member made their name public' })) }),
  created_at: DateTime,
});

export const CommitmentSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String({ description: 'Its page' }),
    roadmap_id: Type.String(),
    roadmap_title: Type.String(),
    number: Type.Integer({ description: '1..n within the roadmap, in the order added' }),
    text: Type.String(),
    owners: Type.Array(Owner),
    due_on: Nullable(Type.String({ format: 'date' })),
    status: Type.String({ description: 'pending, in_progress, done, dropped (POST …/status moves it)' }),
    overdue: Type.Boolean({ description: 'Due before today (UTC) and still pending or in progress' }),
    evidence: Type.Array(Type.Object({ title: Type.Optional(Type.String()), url: Type.String() })),
    notes: Type.Array(Note),
    publication: Type.String({ description: 'Its roadmap\'s curation state' }),
    version: Type.Integer(),
    demo: Type.Boolean(),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { $id: 'Commitment', title: 'Commitment' },
);

const Progress = Type.Object(
  {
    total: Type.Integer(),
    pending: Type.Integer(),
    in_progress: Type.Integer(),
    done: Type.Integer(),
    dropped: Type.Integer(),
    overdue: Type.Integer(),
    share_done: Nullable(Type.Number({ description: 'done / (total − dropped), 0..1; null when no commitment remains' })),
  },
  { title: 'RoadmapProgress' },
);

const EventRef = Nullable(Type.Object({ id: Type.String(), title: Type.String(), starts_at: DateTime, place_id: Nullable(Type.String()) }));

const roadmapAnswer = {
  id: Type.String(),
  url: Type.String({ description: 'Its page' }),
  title: Type.String(),
  description: Type.String(),
  language: Type.String(),
  event_id: Nullable(Type.String()),
  event: EventRef,
  adopted_on: Nullable(Type.String({ format: 'date' })),
  owner_organisation_id: Nullable(Type.String()),
  progress: Progress,
  ...CurationFields,
};

export const RoadmapSummarySchema = Type.Object(roadmapAnswer, { $id: 'RoadmapSummary', title: 'RoadmapSummary' });
export const RoadmapSchema = Type.Object({ ...roadmapAnswer, commitments: Type.Array(CommitmentSchema) }, { $id: 'Roadmap', title: 'Roadmap' });
export const RoadmapPage = pageOf(RoadmapSummarySchema, 'RoadmapPage');
