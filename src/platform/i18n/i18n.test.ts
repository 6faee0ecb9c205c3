import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../paths.js';
import { createI18n, flattenKeys, readLocales } from './i18n.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('locales', () => {
  const locales = readLocales();
  const english = new Set(flattenKeys(locales.en!));

  it('every locale file has exactly the keys of the English one', () => {
    for (const [lang, tree] of Object.entries(locales)) {
      expect(new Set(flattenKeys(tree)), lang).toEqual(english);
    }
  });

  it('every literal key the code asks for exists (plural keys count by their base)', () => {
    const bases = new Set([...english].map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')));
    const missing: string[] = [];
    for (const file of sourceFiles(projectPath('src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) {
        if (!bases.has(match[1]!)) missing.push(`${path.relative(projectPath(), file)}: ${match[1]!}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a label for every vocabulary code and an entry for every error code', async () => {
    const vocabularies = JSON.parse(fs.readFileSync(projectPath('schemas', 'vocabularies.json'), 'utf8')) as Record<string, unknown>;
    for (const [name, codes] of Object.entries(vocabularies)) {
      if (typeof codes !== 'object' || codes === null) continue;
      for (const code of Object.keys(codes)) expect(english.has(`vocab.${name}.${code}`), `vocab.${name}.${code}`).toBe(true);
    }
    const { errorCatalogue } = await import('../../errors.js');
    for (const entry of Object.values(errorCatalogue)) expect(english.has(entry.messageKey), entry.messageKey).toBe(true);
  });

  it('negotiates the language from Accept-Language and falls back to English', () => {
    const i18n = createI18n({ en: { a: 'A' }, pt: { a: 'Á' } });
    expect(i18n.negotiate('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt');
    expect(i18n.negotiate('de-DE, fr;q=0.5')).toBe('en');
    expect(i18n.negotiate('en;q=0.2, pt;q=0.9')).toBe('pt');
    expect(i18n.negotiate(undefined)).toBe('en');
    expect(i18n.translator('pt')('a')).toBe('Á');
  });
});
