import { Type, type TSchema } from '@sinclair/typebox';

/** The problem document every API error answers with (application/problem+json). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code from the catalogue (src/errors.ts)' }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Unknown())),
  },
  { $id: 'Problem', title: 'Problem' },
);

/** A timestamp: a Date in the service layer, an RFC 3339 string on the wire. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'Page size; larger values are clamped to 100', default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export function pageOf<T extends TSchema>(item: T, name: string) {
  return Type.Object(
    { items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
    { title: name },
  );
}

export const errorResponses = {
  400: ProblemSchema,
  404: ProblemSchema,
};

/** The answers of a write: bad input, not signed in, not yours, not there, conflict, version missing. */
export const writeResponses = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 428: ProblemSchema };
