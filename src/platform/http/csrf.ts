import type { IncomingHttpHeaders } from 'node:http';

/** Methods that change state; every route answering them is guarded (docs/adr/0012). */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin requests must come from: the configured public URL, or the request's own scheme and Host. */
export function expectedOrigin(publicUrl: string | undefined, protocol: string, host: string | undefined): string | null {
  if (publicUrl !== undefined) return publicUrl;
  if (host === undefined || host === '') return null;
  try {
    return new URL(`${protocol}://${host}`).origin;
  } catch {
    return null;
  }
}

function normalisedOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Why an unsafe request must be refused as cross-site, or null. Sec-Fetch-Site (set by the
 * browser, not by pages) must say same-origin when present; Origin, when present, must be the
 * expected one; with `requireEvidence` (a request carrying a session cookie) one of the two must
 * be there, so a request that proves nothing about where it comes from is refused.
 */
export function crossSiteProblem(headers: IncomingHttpHeaders, expected: string | null, requireEvidence: boolean): string | null {
  const site = typeof headers['sec-fetch-site'] === 'string' ? headers['sec-fetch-site'].toLowerCase() : undefined;
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site is ${site}`;
  if (origin !== undefined) {
    const presented = normalisedOrigin(origin);
    if (presented === null || expected === null || presented !== expected) return `Origin ${origin} is not ${expected ?? 'known'}`;
  }
  if (requireEvidence && site === undefined && origin === undefined) return 'neither Origin nor Sec-Fetch-Site was sent';
  return null;
}
