import type { FastifyRequest } from 'fastify';
import { PontesError } from '../../errors.js';

/**
 * The version a client edited: `If-Match: "<version>"` (the ETag of the record's GET) or
 * `version` in the body. Both given and different is the client's mistake.
 */
export function editedVersion(request: FastifyRequest, bodyVersion: number | undefined): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') return bodyVersion;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(String(header));
  if (match === null) throw new PontesError('VALIDATION_FAILED', { detail: 'If-Match must be the record\'s ETag, e.g. "3"' });
  const version = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) throw new PontesError('VALIDATION_FAILED', { detail: 'If-Match and version differ' });
  return version;
}
