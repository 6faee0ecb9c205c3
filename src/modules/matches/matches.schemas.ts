import { Type } from '@sinclair/typebox';
import { Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields } from '../lifecycle/index.js';
import { matchLifecycle } from './matches.domain.js';

const Id = Type.String({ format: 'uuid' });
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Kind = Type.Union([Type.Literal('offer'), Type.Literal('practice'), Type.Literal('place')]);

/** POST /matches: a need and the counterpart proposed for it. */
export const MatchCreateBody = Type.Object(
  {
    need_id: Type.String({ description: 'A need you can see' }),
    counterpart: Type.Object(
      { kind: Type.String({ description: 'offer, practice or place' }), id: Type.String({ description: 'The offer\'s, practice\'s or place\'s id; one you can see' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'MatchCreate', title: 'MatchCreate' },
);

export const MatchSchema = Type.Object(
  {
    id: Id,
    need_id: Id,
    need: Type.Object({
      id: Id,
      title: Type.String(),
      place_id: Type.Union([Id, Type.Null()]),
      organisation_id: Type.Union([Id, Type.Null()]),
      contact_name: NullableText,
      contact_email: NullableText,
      expires_on: Type.String({ format: 'date' }),
      url: Type.Union([Type.String(), Type.Null()], { description: 'The need\'s page, when the reader may open it' }),
    }),
    counterpart: Type.Object({
      kind: Kind,
      id: Id,
      title: Type.Union([Type.String(), Type.Null()], { description: 'Null when the reader may not see the counterpart record' }),
      url: Type.String(),
      place_ids: Type.Array(Id),
      organisation_ids: Type.Array(Id),
      contact_name: NullableText,
      contact_email: NullableText,
    }),
    score: Type.Number({ description: '0..1, computed when the match was proposed' }),
    explanation: Type.Array(Type.Object({
      factor: Type.String(),
      value: Type.Number(),
      weight: Type.Number(),
      contribution: Type.Number(),
      text: Type.String({ description: 'The reason in plain words, in the reader\'s language' }),
    })),
    status: Type.String({ description: `Lifecycle status: ${matchLifecycle.statuses.join(', ')}` }),
    partnership_id: Type.Union([Id, Type.Null()], { description: 'The partnership created from it (status partnership_created)' }),
    url: Type.String(),
    ...CurationFields,
  },
  { $id: 'Match', title: 'Match' },
);

export const MatchPage = pageOf(MatchSchema, 'MatchPage');

export const MatchListQuery = Type.Object({
  need_id: Type.Optional(Type.String({ description: 'The matches of this need' })),
  status: Type.Optional(Type.String({ description: `One of ${matchLifecycle.statuses.join(', ')}` })),
  counterpart_kind: Type.Optional(Type.String({ description: 'offer, practice or place' })),
  counterpart_id: Type.Optional(Type.String({ description: 'With counterpart_kind: the matches of this offer, practice or place' })),
  ...Paging,
});
