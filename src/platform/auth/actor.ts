/**
 * Who is asking. Until accounts exist (a later issue) there are three: the public, an operator
 * at the command line, and an API caller holding the configured admin token. Services take an
 * actor as their first argument and decide from it; routes never decide permissions.
 */
export type Actor =
  | { kind: 'public' }
  | { kind: 'operator' }
  | { kind: 'admin'; via: 'token' };

export const PUBLIC: Actor = { kind: 'public' };
export const OPERATOR: Actor = { kind: 'operator' };

/** May this actor see records that are not published? */
export function seesUnpublished(actor: Actor): boolean {
  return actor.kind === 'operator' || actor.kind === 'admin';
}
