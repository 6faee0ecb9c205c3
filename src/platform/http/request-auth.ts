import type { MemberRole } from '../auth/actor.js';

/** The signed-in member as pages show them (header, forms). */
export interface ViewMember {
  id: string;
  name: string;
  role: MemberRole;
}

/**
 * What the credential of a request established, besides its actor: the member (pages' header),
 * the session's CSRF token (forms; the CSRF hook) and the session cookie's value (sign-out and
 * the new session id at sign-in). Set by the onRequest hook in app.ts.
 */
export interface RequestAuth {
  member: ViewMember | null;
  csrfToken: string | null;
  sessionSecret: string | null;
}

export const NO_AUTH: RequestAuth = { member: null, csrfToken: null, sessionSecret: null };

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}
