import type { ViewMember } from '../platform/http/request-auth.js';
import type { Translate } from '../platform/i18n/i18n.js';

export type { ViewMember };

/** What every view needs to render for one request; views never touch the database. */
export interface ViewContext {
  t: Translate;
  lang: string;
  cssHref: string;
  path: string;
  countryName: (code: string) => string;
  /** The session's CSRF token: every POST form carries it (<CsrfField ctx={ctx} />); null when signed out. */
  csrfToken: string | null;
  /** The signed-in member, or null. */
  member: ViewMember | null;
}
