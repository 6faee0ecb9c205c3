import type { Translate } from '../platform/i18n/i18n.js';

/** What every view needs to render for one request; views never touch the database. */
export interface ViewContext {
  t: Translate;
  lang: string;
  cssHref: string;
  path: string;
  countryName: (code: string) => string;
}
