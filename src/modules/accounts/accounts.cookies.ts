import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

/** The session cookie: `__Host-` prefixed over HTTPS (no Domain, Path=/, Secure: set by this host only). */
export const SESSION_COOKIE = 'pontes_session';
export const SESSION_COOKIE_SECURE = '__Host-pontes_session';

export function isHttps(request: FastifyRequest, config: Config): boolean {
  return config.publicUrl?.startsWith('https://') === true || request.protocol === 'https';
}

/** The one cookie name read and written for this request (over HTTPS the plain name is ignored). */
export function sessionCookieName(request: FastifyRequest, config: Config): string {
  return isHttps(request, config) ? SESSION_COOKIE_SECURE : SESSION_COOKIE;
}

export function readSessionCookie(request: FastifyRequest, config: Config): string | undefined {
  const value = request.cookies[sessionCookieName(request, config)];
  return value === undefined || value === '' ? undefined : value;
}

/** Does the request carry a session cookie at all (valid or not)? The CSRF check starts from this. */
export function carriesSessionCookie(request: FastifyRequest): boolean {
  return request.cookies[SESSION_COOKIE] !== undefined || request.cookies[SESSION_COOKIE_SECURE] !== undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, config: Config, secret: string): void {
  // No Max-Age: a browser-session cookie; the server ends the session (idle and absolute expiry).
  reply.setCookie(sessionCookieName(request, config), secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request, config) });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(request, config), { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request, config) });
}
