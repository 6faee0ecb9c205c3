/**
 * Who is asking. Services take an actor as their first argument and decide from it through the
 * permission table (permissions.ts); routes never decide permissions.
 *
 * - public: nobody signed in.
 * - operator: someone at the command line of the server (trusted like an admin).
 * - member: a signed-in member (session cookie) or a machine client (API token). A token is
 *   limited by its scope as well as by its member's role; a session has the role's full reach.
 */
export type MemberRole = 'admin' | 'curator' | 'member';
export type TokenScope = 'read' | 'write' | 'admin';

export interface MemberActor {
  kind: 'member';
  memberId: string;
  role: MemberRole;
  /** Organisations the member belongs to. */
  organisationIds: readonly string[];
  /** Organisations and places whose focal point the member is. */
  focalOrganisationIds: readonly string[];
  focalPlaceIds: readonly string[];
  via: 'session' | 'token';
  /** A token's scope; a session acts with 'admin' scope (the role is the only limit). */
  scope: TokenScope;
}

export type Actor = { kind: 'public' } | { kind: 'operator' } | MemberActor;

export const PUBLIC: Actor = { kind: 'public' };
export const OPERATOR: Actor = { kind: 'operator' };

/** A member actor with defaults, for the CLI, tests and the session loader. */
export function memberActor(fields: Pick<MemberActor, 'memberId' | 'role'> & Partial<MemberActor>): MemberActor {
  return {
    kind: 'member',
    organisationIds: [],
    focalOrganisationIds: [],
    focalPlaceIds: [],
    via: 'session',
    scope: 'admin',
    ...fields,
  };
}

/** The member's id, or null for the public and the operator. */
export function actorMemberId(actor: Actor): string | null {
  return actor.kind === 'member' ? actor.memberId : null;
}
