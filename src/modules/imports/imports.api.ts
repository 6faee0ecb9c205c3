import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { Db } from '../../database.js';
import { PontesError } from '../../errors.js';
import { ProblemSchema } from '../api/api.schemas.js';
import { importPractices } from '../practices/index.js';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'];

const ImportSummarySchema = Type.Object(
  {
    source: Type.String(),
    status: Type.String(),
    records: Type.Integer(),
    added: Type.Integer(),
    updated: Type.Integer(),
    refused: Type.Integer(),
    placesCreated: Type.Integer(),
    organisationsCreated: Type.Integer(),
    seconds: Type.Number(),
  },
  { $id: 'ImportSummary', title: 'ImportSummary' },
);

/**
 * POST /api/v1/imports: practices in the exchange format as JSON Lines, all or nothing.
 * It takes a member's API token (a curator or an administrator, write scope: the import
 * service decides); the caller is known before the body is read, so an anonymous upload costs
 * the server nothing.
 */
export const importsApi: FastifyPluginAsyncTypebox<{ db: Db; config: Config }> = async (app, { db, config }) => {
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'buffer', bodyLimit: config.importMaxBytes }, (_request, body, done) => done(null, body));

  app.post('/imports', {
    bodyLimit: config.importMaxBytes,
    schema: {
      tags: ['imports'],
      summary: 'Import practices (JSON Lines in the exchange format), all or nothing',
      description:
        'Body: one practice per line (schemas/practice.schema.json), content type application/x-ndjson. A file with any bad line changes nothing and answers 422 with every bad line (line, field, reason, value). Re-importing the same source and id updates the record.',
      security: [{ bearerToken: [] }],
      querystring: Type.Object({
        source: Type.String({ default: 'api', description: 'Name of the source collection (1–64 letters, digits, . _ -)' }),
        status: Type.Union([Type.Literal('draft'), Type.Literal('published')], { default: 'published' }),
      }),
      response: { 200: ImportSummarySchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
    },
    onRequest: async (request) => {
      if (request.actor.kind === 'public') {
        throw new PontesError('UNAUTHENTICATED', { detail: 'send a curator\'s or administrator\'s API token as "Authorization: Bearer <token>" (pontes tokens create)' });
      }
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) {
      throw new PontesError('UNSUPPORTED_MEDIA_TYPE', { detail: `send the practices as ${NDJSON_TYPES[0]}` });
    }
    return importPractices(db, request.actor, request.body, { source: request.query.source, status: request.query.status });
  });
};
