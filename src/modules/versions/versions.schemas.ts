import { Type } from '@sinclair/typebox';
import { DateTime } from '../api/api.schemas.js';

/** GET /api/v1/{practices,places,organisations}/{id}/versions: every kept version, oldest first. */
export const RecordVersionList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        version: Type.Integer(),
        at: DateTime,
        memberId: Type.Union([Type.String(), Type.Null()], { description: 'Who saved it (null: an import or the command line)' }),
        status: Type.Union([Type.String(), Type.Null()]),
        note: Type.Union([Type.String(), Type.Null()], { description: 'The note of a status change (a curator’s comment)' }),
        data: Type.Record(Type.String(), Type.Unknown(), { description: 'The record’s API object as saved' }),
      }),
    ),
  },
  { $id: 'RecordVersionList', title: 'RecordVersionList' },
);
