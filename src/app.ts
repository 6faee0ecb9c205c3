import fs from 'node:fs';
import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './database.js';
import { isPontesError, PontesError } from './errors.js';
import { PUBLIC, type Actor } from './platform/auth/actor.js';
import { bearerToken, secretsMatch } from './platform/auth/token.js';
import { crossSiteProblem, expectedOrigin, UNSAFE_METHODS } from './platform/http/csrf.js';
import { NO_AUTH } from './platform/http/request-auth.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import {
  accountsApi, accountsPages, authenticateBearer, authenticateSession, carriesSessionCookie, clearSessionCookie, readSessionCookie, recordSecurityEvent, type Accounts,
} from './modules/accounts/index.js';
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
import { curationApi, curationPages } from './modules/curation/index.js';
import { searchApi } from './modules/search/search.api.js';
import { searchPages } from './modules/search/search.pages.js';
import { needsApi, needsPages } from './modules/needs/index.js';
import { matchesApi, matchesPages } from './modules/matches/index.js';
import { partnershipsApi, partnershipsPages } from './modules/partnerships/index.js';
import { eventsApi, eventsPages } from './modules/events/index.js';
import { roadmapsApi, roadmapsPages } from './modules/roadmaps/index.js';
import { resultsApi, resultsPages } from './modules/results/index.js';
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
  /** Where mail goes; by default SMTP (PONTES_SMTP_URL) or the outbox folder. */
  mailer?: Mailer;
}

export type App = FastifyInstance & {
  /** Every route, as registered (the CSRF test walks them all). */
  pontesRoutes: { method: string; url: string }[];
};

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

/** Search and matching (pages and API) and the CSV export: the paths under the per-IP request limit. */
export function isRateLimitedPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return /^(\/api\/v1)?\/(search|match)(\/|$)/.test(path) || path === '/api/v1/practices.csv';
}

/** Request bodies other than imports: forms and JSON records are far below this. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** What the request log keeps of a request: emailed-link secrets (?token=…) are masked. */
function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactSecrets(request.url), remoteAddress: request.ip };
}

/** Masks the values of query parameters that carry one-time secrets (verification, reset, invitation). */
export function redactSecrets(url: string): string {
  return url.replace(/([?&](?:token|invitation|key)=)[^&#]*/gi, '$1[redacted]');
}

/** The request's path, without the query string (which may hold one-time secrets), at most 200 characters. */
function pathOf(request: FastifyRequest): string {
  return (request.url.split('?')[0] ?? '').slice(0, 200);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** The view context of a request: its translator, language and asset links. */
export function viewContext(request: FastifyRequest): ViewContext {
  const app = request.server as App & { pontesAssets: { css: Asset } };
  return {
    t: request.t,
    lang: request.lang,
    cssHref: app.pontesAssets.css.href,
    path: request.url.split('?')[0] ?? '/',
    countryName: (code) => code,
    csrfToken: request.auth?.csrfToken ?? null,
    member: request.auth?.member ?? null,
  };
}

/**
 * Builds the HTTP server (plugins, hooks, routes) without listening, so tests call inject().
 * Routes are thin: parse, one service call, render or present.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const { db, config } = options;
  const i18n = options.i18n ?? createI18n();
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, stream: process.stderr, serializers: { req: requestForLog } },
    // 1 MiB for forms and JSON; the import route raises it to PONTES_IMPORT_MAX_MB on its own.
    bodyLimit: JSON_BODY_LIMIT,
    // X-Forwarded-For / -Proto are believed only from the configured proxies.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const css = fingerprinted('pontes.css', 'pontes', 'text/css; charset=utf-8');
  app.decorate('pontesAssets', { css });

  // Declared up front (null) so every request object has the same shape; set in onRequest.
  const declareRequestField = app.decorateRequest.bind(app) as (name: string, value: null) => void;
  for (const field of ['actor', 'lang', 't', 'auth']) declareRequestField(field, null);

  const routes: { method: string; url: string }[] = [];
  app.decorate('pontesRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  const mailer = options.mailer ?? createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: config.outboxDir,
    onError: (error, message) => app.log.error({ err: error, subject: message.subject }, 'a message could not be sent'),
  });
  app.addHook('onClose', async () => {
    await mailer.flush();
    if (options.mailer === undefined) mailer.close();
  });
  const accounts: Accounts = { db, config, mailer };

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  // Refusals an attacker can cause at will go to the audit log, throttled (one row per kind and
  // address a minute; see recordSecurityEvent). A failure to write is logged, never answered.
  const auditRefusal = async (request: FastifyRequest, action: 'csrf_refused' | 'rate_limited', detail: Record<string, unknown>) => {
    try {
      await recordSecurityEvent(db, { action, memberId: request.auth?.member?.id ?? null, ip: request.ip, detail: { method: request.method, path: pathOf(request), ...detail } });
    } catch (error) {
      request.log.error({ err: error }, `could not write the ${action} audit entry`);
    }
  };

  // Who is asking: a bearer token (a bad one is 401, never a silent fall back to the public),
  // else the session cookie (an unknown or expired one is cleared). Disabled members get nothing.
  app.addHook('onRequest', async (request, reply) => {
    request.actor = PUBLIC;
    request.auth = NO_AUTH;
    request.lang = i18n.negotiate(request.headers['accept-language']);
    request.t = i18n.translator(request.lang);
    const secret = readSessionCookie(request, config);
    if (secret !== undefined) {
      const session = await authenticateSession(accounts, secret);
      if (session === null) clearSessionCookie(request, reply, config);
      else {
        request.actor = session.actor;
        request.auth = { member: session.member, csrfToken: session.session?.csrfToken ?? null, sessionSecret: secret };
      }
    }
    if (request.headers.authorization !== undefined) {
      const found = await authenticateBearer(db, bearerToken(request.headers.authorization), { ip: request.ip }, { method: request.method, path: pathOf(request) });
      if (found === null) throw new PontesError('UNAUTHENTICATED', { detail: 'send a valid API token as "Authorization: Bearer <token>" (this one is unknown, revoked, or its member is disabled)' });
      request.actor = found.actor;
      request.auth = { ...request.auth, member: found.member };
    }
  });

  // CSRF, for every route at once (docs/adr/0012): an unsafe request from a browser must come
  // from our origin (Sec-Fetch-Site / Origin), and one made with a live session must carry the
  // session's token (form field _csrf or header x-csrf-token). Bearer-only requests are exempt.
  // preValidation: after the body is parsed (the form field), before any handler runs.
  app.addHook('preValidation', async (request) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const withCookie = carriesSessionCookie(request);
    if (!withCookie && request.headers.authorization !== undefined) return;
    const expected = expectedOrigin(config.publicUrl, request.protocol, request.host);
    const crossSite = crossSiteProblem(request.headers, expected, withCookie);
    if (crossSite !== null) {
      await auditRefusal(request, 'csrf_refused', { reason: 'cross_site', why: crossSite.slice(0, 200) });
      throw new PontesError('CSRF_FAILED', { detail: `refused as cross-site: ${crossSite}` });
    }
    if (request.auth.csrfToken !== null) {
      const header = request.headers['x-csrf-token'];
      const field = request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body) ? (request.body as Record<string, unknown>)._csrf : undefined;
      const presented = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
      if (!secretsMatch(presented, request.auth.csrfToken)) {
        await auditRefusal(request, 'csrf_refused', { reason: presented === undefined ? 'token_missing' : 'token_wrong' });
        throw new PontesError('CSRF_FAILED', { detail: 'the CSRF token is missing or wrong (reload the page and try again)' });
      }
    }
  });
  const httpsOnly = config.publicUrl?.startsWith('https://') === true;
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (httpsOnly || request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!isApiRequest(request)) reply.header('content-language', request.lang);
    // What a signed-in member or a token holder sees may include drafts: never stored by caches.
    if ((request.actor !== null && request.actor.kind !== 'public') || (request.auth?.member ?? null) !== null) reply.header('cache-control', 'no-store');
  });

  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(swagger, { openapi: openApiDocument(), hideUntagged: true });

  // Search and matching: per IP, in memory (per instance); generous, so ordinary use never meets it.
  if (config.rateLimits.enabled) {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimits.searchPerMinute,
      timeWindow: 60_000,
      allowList: (request) => !isRateLimitedPath(request.url),
      errorResponseBuilder: (_request, context) => {
        const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
        return new PontesError('TOO_MANY_REQUESTS', { detail: `more than ${context.max} requests a minute; try again in ${retryAfter} seconds`, params: { retryAfter, minutes: Math.ceil(retryAfter / 60), limit: 'search' } });
      },
    });
  }

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
      pontesError = new PontesError('PAYLOAD_TOO_LARGE', { detail: `the body is larger than the ${request.routeOptions.bodyLimit ?? JSON_BODY_LIMIT} bytes this route accepts${request.url.startsWith('/api/v1/imports') ? ' (PONTES_IMPORT_MAX_MB)' : ''}` });
    } else if ('statusCode' in error && error.statusCode === 415) {
      pontesError = new PontesError('UNSUPPORTED_MEDIA_TYPE', { detail: error.message });
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      pontesError = new PontesError('VALIDATION_FAILED', { detail: error.message });
    } else {
      request.log.error({ err: error }, 'unhandled error');
      pontesError = new PontesError('INTERNAL', { detail: 'an unexpected error happened; it has been logged' });
    }
    const title = request.t(pontesError.messageKey, pontesError.params);
    if (pontesError.code === 'TOO_MANY_REQUESTS') {
      if (typeof pontesError.params.retryAfter === 'number') reply.header('retry-after', String(pontesError.params.retryAfter));
      await auditRefusal(request, 'rate_limited', { limit: pontesError.params.limit ?? null });
    }
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
  await app.register(curationPages, { db });
  await app.register(accountsPages, { accounts });
  await app.register(needsPages, { db, config, mailer });
  await app.register(matchesPages, { db, config, mailer });
  await app.register(partnershipsPages, { db, config, mailer });
  await app.register(eventsPages, { db, config, mailer });
  await app.register(roadmapsPages, { db, config, mailer });
  await app.register(resultsPages, { db, config, mailer });
  await app.register(practicesApi, { db, publicUrl: config.publicUrl, prefix: '/api/v1' });
  await app.register(placesApi, { db, prefix: '/api/v1' });
  await app.register(organisationsApi, { db, prefix: '/api/v1' });
  await app.register(importsApi, { db, config, prefix: '/api/v1' });
  await app.register(searchApi, { db, prefix: '/api/v1' });
  await app.register(matchApi, { db, prefix: '/api/v1' });
  await app.register(curationApi, { db, prefix: '/api/v1' });
  await app.register(accountsApi, { accounts, prefix: '/api/v1' });
  await app.register(needsApi, { db, config, mailer, prefix: '/api/v1' });
  await app.register(matchesApi, { db, config, mailer, prefix: '/api/v1' });
  await app.register(partnershipsApi, { db, config, mailer, prefix: '/api/v1' });
  await app.register(eventsApi, { db, config, mailer, prefix: '/api/v1' });
  await app.register(roadmapsApi, { db, config, mailer, prefix: '/api/v1' });
  await app.register(resultsApi, { db, config, mailer, prefix: '/api/v1' });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  return app as unknown as App;
}
