import type { ViewContext } from './context.js';

/**
 * The hidden CSRF field every POST form carries (the global CSRF hook checks it for requests
 * with a session cookie). Renders nothing when nobody is signed in.
 */
export function CsrfField({ ctx }: { ctx: ViewContext }) {
  return ctx.csrfToken === null ? null : <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}
