import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../api/api.schemas.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('curator'), Type.Literal('member')]);
const Scope = Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('admin')], {
  description: 'read: reads what the member may read; write: also creates and edits; admin: administration (admins only)',
});
const Uuid = Type.String({ format: 'uuid' });

export const ApiTokenSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    scope: Scope,
    createdAt: DateTime,
    lastUsedAt: Type.Union([DateTime, Type.Null()]),
    revokedAt: Type.Union([DateTime, Type.Null()]),
  },
  { $id: 'ApiToken', title: 'ApiToken' },
);

export const NewApiTokenBody = Type.Object(
  { name: Type.String({ maxLength: 120, default: '' }), scope: Scope },
  { additionalProperties: false },
);
export type NewApiTokenBody = Static<typeof NewApiTokenBody>;

export const CreatedApiTokenSchema = Type.Object(
  { ...ApiTokenSchema.properties, token: Type.String({ description: 'The token itself: shown this once, stored only as a hash' }) },
  { title: 'CreatedApiToken' },
);

export const ApiTokenList = Type.Object({ items: Type.Array(ApiTokenSchema) }, { title: 'ApiTokenList' });

export const InvitationBody = Type.Object(
  { email: Type.String({ maxLength: 254 }), role: Type.Optional(Role) },
  { additionalProperties: false },
);

export const InvitationSchema = Type.Object({ email: Type.String(), role: Role, expiresAt: DateTime }, { title: 'Invitation' });

export const MemberSchema = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Role,
    state: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    emailVerified: Type.Boolean(),
    organisationIds: Type.Array(Uuid),
    focalOrganisationIds: Type.Array(Uuid),
    focalPlaceIds: Type.Array(Uuid),
    createdAt: DateTime,
  },
  { $id: 'Member', title: 'Member' },
);

export const MemberList = Type.Object({ items: Type.Array(MemberSchema) }, { title: 'MemberList' });

export const MemberChangesBody = Type.Object(
  {
    role: Type.Optional(Role),
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    organisationIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    focalOrganisationIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    focalPlaceIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type MemberChangesBody = Static<typeof MemberChangesBody>;

export const IdParams = Type.Object({ id: Uuid });
