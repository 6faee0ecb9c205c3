import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../api/api.schemas.js';

export const IdParams = Type.Object({ id: Type.String() });

/** `POST /{collection}/{id}/status`: a lifecycle move. */
export const StatusChangeBody = Type.Object(
  {
    status: Type.String({ minLength: 1, maxLength: 40, description: 'The lifecycle status to move to; moves that are not allowed from the current status answer 409' }),
    note: Type.Optional(Type.String({ maxLength: 5000, description: 'Why: kept in the record\'s timeline' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'If given (or sent as If-Match), the move is refused (409) when the record was saved since' })),
  },
  { additionalProperties: false, $id: 'StatusChange', title: 'StatusChange' },
);
export type StatusChangeBody = Static<typeof StatusChangeBody>;

/** `POST /{collection}/{id}/publication`: a curation move (the practices' workflow). */
export const PublicationChangeBody = Type.Object(
  {
    publication: Type.Union(['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'].map((s) => Type.Literal(s)), { description: 'The curation state to move to' }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, $id: 'PublicationChange', title: 'PublicationChange' },
);
export type PublicationChangeBody = Static<typeof PublicationChangeBody>;

export const StateChangeSchema = Type.Object(
  {
    field: Type.Union([Type.Literal('status'), Type.Literal('publication')]),
    from: Type.Union([Type.String(), Type.Null()], { description: 'null for the creation' }),
    to: Type.String(),
    note: Type.Union([Type.String(), Type.Null()]),
    at: DateTime,
    by: Type.Object({ member_id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()], { description: 'Only when the member made their name public' }) }),
  },
  { $id: 'StateChange', title: 'StateChange' },
);

export const Timeline = Type.Object({ items: Type.Array(StateChangeSchema) }, { title: 'Timeline' });

/** The curation fields every cooperation record's API object carries. */
export const CurationFields = {
  publication: Type.String({ description: 'Curation state: draft, submitted, in_review, published, archived (deleted for admins)' }),
  version: Type.Integer({ description: 'Send it back as If-Match or `version` when editing' }),
  demo: Type.Boolean({ description: 'Demo data, loaded with the handbook story' }),
  created_at: DateTime,
  updated_at: DateTime,
};

/** A calendar day (ISO 8601 date). */
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** A link to a document or a piece of evidence: http(s) only. */
export const Link = Type.Object(
  { title: Type.Optional(Type.String({ maxLength: 300 })), url: Type.String({ maxLength: 2000, pattern: '^https?://', description: 'http or https' }), date: Type.Optional(Day) },
  { additionalProperties: false },
);
