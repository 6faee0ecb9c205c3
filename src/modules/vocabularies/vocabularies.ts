import fs from 'node:fs';
import { projectPath } from '../../platform/paths.js';

/** The vocabularies a practice is tagged with; each is also a filter of the catalogue. */
export const FACETS = ['pillars', 'critical_areas', 'challenges', 'sectors', 'target_groups'] as const;
export type Facet = (typeof FACETS)[number];

export type VocabularyName = Facet | 'modalities' | 'criteria' | 'partner_roles' | 'organisation_kinds';

export type Vocabularies = Record<VocabularyName, Record<string, string>> & { version: number };

/**
 * The controlled vocabularies, read from schemas/vocabularies.json (a verbatim copy of the
 * shared file; a test keeps them identical). Codes are stable; the English reference labels
 * are descriptions, while short labels shown in pages come from the locale files.
 */
export const vocabularies: Vocabularies = JSON.parse(
  fs.readFileSync(projectPath('schemas', 'vocabularies.json'), 'utf8'),
) as Vocabularies;

export function codesOf(name: VocabularyName): string[] {
  return Object.keys(vocabularies[name]);
}

export function isCode(name: VocabularyName, code: string): boolean {
  return Object.prototype.hasOwnProperty.call(vocabularies[name], code);
}
