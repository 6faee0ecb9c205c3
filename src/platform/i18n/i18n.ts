import fs from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { projectPath } from '../paths.js';

export type Translate = TFunction;

export interface I18n {
  languages: string[];
  defaultLanguage: string;
  translator(language: string): Translate;
  /** The best supported language for an Accept-Language header. */
  negotiate(acceptLanguage: string | undefined): string;
}

/** Reads every locales/<lang>.json file. */
export function readLocales(dir = projectPath('locales')): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const file of fs.readdirSync(dir).filter((name) => /^[a-z]{2}\.json$/.test(name)).sort()) {
    resources[file.slice(0, 2)] = JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8')) as Record<string, unknown>;
  }
  return resources;
}

/**
 * i18next over the locale files. Interpolation does not escape: views are JSX, which escapes
 * every value when rendering, and escaping twice would show entities to the reader.
 */
export function createI18n(resources = readLocales(), defaultLanguage = 'en'): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: Object.keys(resources),
    resources: Object.fromEntries(Object.entries(resources).map(([lang, data]) => [lang, { translation: data }])),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const languages = Object.keys(resources);
  const cache = new Map<string, Translate>();
  return {
    languages,
    defaultLanguage,
    translator(language) {
      const lang = languages.includes(language) ? language : defaultLanguage;
      let t = cache.get(lang);
      if (t === undefined) {
        t = instance.getFixedT(lang);
        cache.set(lang, t);
      }
      return t;
    },
    negotiate(acceptLanguage) {
      if (acceptLanguage === undefined) return defaultLanguage;
      const ranked = acceptLanguage
        .split(',')
        .map((part) => {
          const [tag = '', ...params] = part.trim().split(';');
          const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find((v) => v !== undefined);
          return { lang: tag.toLowerCase().slice(0, 2), q: q === undefined ? 1 : Number(q) };
        })
        .filter((entry) => entry.q > 0)
        .sort((a, b) => b.q - a.q);
      return ranked.find((entry) => languages.includes(entry.lang))?.lang ?? defaultLanguage;
    },
  };
}

/** Flattens nested locale keys ("a.b.c") so that locale files can be compared. */
export function flattenKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? flattenKeys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
