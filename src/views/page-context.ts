import type { FastifyRequest } from 'fastify';
import type { Db } from '../database.js';
import '../platform/http/request-auth.js';
import { countryRegistry } from '../modules/countries/index.js';
import type { ViewContext } from './context.js';

/** Builds the view context of a page request, with country names in the page's language. */
export async function pageContext(request: FastifyRequest, db: Db): Promise<ViewContext> {
  const registry = await countryRegistry(db);
  const app = request.server as unknown as { pontesAssets: { css: { href: string } } };
  return {
    t: request.t,
    lang: request.lang,
    cssHref: app.pontesAssets.css.href,
    path: request.url.split('?')[0] ?? '/',
    csrfToken: request.auth?.csrfToken ?? null,
    member: request.auth?.member ?? null,
    countryName: (code) => {
      const country = registry.get(code);
      return country === undefined ? code : (country.names[request.lang] ?? country.names.en ?? code);
    },
  };
}

/**
 * A page's query string as flat values: repeated keys (checkboxes of a GET form) and
 * comma-separated values both become one comma-separated string, as the API takes them.
 */
export function flatQuery(query: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  if (query === null || typeof query !== 'object') return flat;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    const values = (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
    if (values.length > 0) flat[key] = values.join(',');
  }
  return flat;
}
