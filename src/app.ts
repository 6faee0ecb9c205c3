import fs from 'node:fs';
import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './database.js';
import { isPontesError, PontesError } from './errors.js';
import { PUBLIC, type Actor } from './platform/auth/actor.js';
import { createI18n, type I18n, type Translate } from './platform/i18n/i18n.js';
import { problem } from './platform/http/problem.js';
import { sendPage } from './platform/http/render.js';
import { projectPath } from './platform/paths.js';
import { homePages } from './modules/home/home.pages.js';
import { importsApi } from './modules/imports/imports.api.js';
import { organisationsApi } from './modules/organisations/organisations.api.js';
import { organisationsPages } from './modules/organisations/organisations.pages.js';
import { placesApi } from './modules/places/places.api.js';
import { placesPages } from './modules/places/places.pages.js';
import { practicesApi } from './modules/practices/practices.api.js';
import { practicesPages } from './modules/practices/practices.pages.js';
import { matchApi } from './modules/match/match.api.js';
import { matchPages } from './modules/match/match.pages.js';
import { searchApi } from './modules/search/search.api.js';
import { searchPages } from './modules/search/search.pages.js';
import { openApiDocument } from './modules/api/api.routes.js';
import { ErrorPage } from './views/errors.js';
import type { ViewContext } from './views/context.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    lang: string;
    t: Translate;
  }
}

export interface AppOptions {
  db: Db;
  config: Config;
  i18n?: I18n;
  logger?: boolean;
}

export type App = FastifyInstance;

interface Asset {
  href: string;
  body: Buffer;
  type: string;
}

function fingerprinted(file: string, name: string, type: string): Asset {
  const body = fs.readFileSync(projectPath('public', file));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { href: `/assets/${name}.${hash}.${file.split('.').pop()}`, body, type };
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** The view context of a request: its translator, language and asset links. */
export function viewContext(request: FastifyRequest): ViewContext {
  const app = request.server as App & { pontesAssets: { css: Asset } };
  return { t: request.t, lang: request.lang, cssHref: app.pontesAssets.css.href, path: request.url.split('?')[0] ?? '/', countryName: (code) => code };
}

/**
 * Builds the HTTP server (plugins, hooks, routes) without listening, so tests call inject().
 * Routes are thin: parse, one service call, render or present.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const { db, config } = options;
  const i18n = options.i18n ?? createI18n();
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, stream: process.stderr },
    bodyLimit: config.importMaxBytes,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const css = fingerprinted('pontes.css', 'pontes', 'text/css; charset=utf-8');
  app.decorate('pontesAssets', { css });

  // Declared up front (null) so every request object has the same shape; set in onRequest.
  const declareRequestField = app.decorateRequest.bind(app) as (name: string, value: null) => void;
  for (const field of ['actor', 'lang', 't']) declareRequestField(field, null);
  app.addHook('onRequest', async (request) => {
    request.actor = PUBLIC;
    request.lang = i18n.negotiate(request.headers['accept-language']);
    request.t = i18n.translator(request.lang);
  });
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (!isApiRequest(request)) reply.header('content-language', request.lang);
  });

  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(swagger, { openapi: openApiDocument(), hideUntagged: true });

  app.get(css.href, { schema: { hide: true } }, async (_request, reply) =>
    reply.type(css.type).header('cache-control', 'public, max-age=31536000, immutable').send(css.body),
  );

  app.setErrorHandler(async (error: FastifyError | PontesError | Error, request, reply) => {
    let pontesError: PontesError;
    if (isPontesError(error)) pontesError = error;
    else if ('validation' in error && error.validation !== undefined) {
      pontesError = new PontesError('VALIDATION_FAILED', {
        detail: error.message,
        errors: error.validation.map((v) => ({ field: v.instancePath || (v.params as { missingProperty?: string }).missingProperty, reason: v.message })),
      });
    } else if ('statusCode' in error && error.statusCode === 413) {
      pontesError = new PontesError('PAYLOAD_TOO_LARGE', { detail: `the body is larger than ${config.importMaxBytes} bytes (PONTES_IMPORT_MAX_MB)` });
    } else if ('statusCode' in error && error.statusCode === 415) {
      pontesError = new PontesError('UNSUPPORTED_MEDIA_TYPE', { detail: error.message });
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      pontesError = new PontesError('VALIDATION_FAILED', { detail: error.message });
    } else {
      request.log.error({ err: error }, 'unhandled error');
      pontesError = new PontesError('INTERNAL', { detail: 'an unexpected error happened; it has been logged' });
    }
    const title = request.t(pontesError.messageKey, pontesError.params);
    if (pontesError.status >= 500 && pontesError.code !== 'INTERNAL') request.log.error({ err: error }, pontesError.message);
    if (isApiRequest(request)) {
      return reply
        .status(pontesError.status)
        .type('application/problem+json')
        .send(problem(pontesError.code, pontesError.status, title, pontesError.message, pontesError.errors));
    }
    return sendPage(reply, ErrorPage({ ctx: viewContext(request), status: pontesError.status, code: pontesError.code, message: title }), pontesError.status);
  });

  app.setNotFoundHandler(async (request) => {
    throw new PontesError('ROUTE_NOT_FOUND', { detail: `nothing at ${request.method} ${request.url.split('?')[0]}` });
  });

  await app.register(homePages, { db });
  await app.register(practicesPages, { db });
  await app.register(placesPages, { db });
  await app.register(organisationsPages, { db });
  await app.register(searchPages, { db });
  await app.register(matchPages, { db });
  await app.register(practicesApi, { db, prefix: '/api/v1' });
  await app.register(placesApi, { db, prefix: '/api/v1' });
  await app.register(organisationsApi, { db, prefix: '/api/v1' });
  await app.register(importsApi, { db, config, prefix: '/api/v1' });
  await app.register(searchApi, { db, prefix: '/api/v1' });
  await app.register(matchApi, { db, prefix: '/api/v1' });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  return app as unknown as App;
}
