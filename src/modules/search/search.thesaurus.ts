import fs from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { projectPath } from '../../platform/paths.js';
import { foldKey } from '../../platform/text.js';

export const THESAURUS_LANGUAGES = ['en', 'fr', 'es', 'pt'] as const;
export type ThesaurusLanguage = (typeof THESAURUS_LANGUAGES)[number];

export interface Concept {
  id: string;
  /** Vocabulary codes the concept stands for, by vocabulary name. */
  codes: Record<string, string[]>;
  /** The ids of the wider concepts it is a part or a kind of (SKOS broader): child domestic work → child labour. */
  broader?: string[];
  terms: Record<ThesaurusLanguage, string[]>;
}

export interface Thesaurus {
  concepts: Concept[];
  /** Folded term → the concepts it names. */
  byTerm: Map<string, Concept[]>;
  /** Folded word → the folded terms of two or more words that contain it (for typo matching). */
  phrasesByWord: Map<string, string[]>;
  /** The longest term, in words. */
  maxWords: number;
  /** Concept id → its number in search_concepts and search_postings (1.., by id). */
  numbers: Map<string, number>;
  /** Concept id → the concept. */
  byId: Map<string, Concept>;
}

/** Builds the lookup structures of a thesaurus (reference/thesaurus.json's shape). */
export function buildThesaurus(concepts: Concept[]): Thesaurus {
  const byTerm = new Map<string, Concept[]>();
  const phrasesByWord = new Map<string, string[]>();
  let maxWords = 1;
  for (const concept of concepts) {
    for (const lang of THESAURUS_LANGUAGES) {
      for (const term of concept.terms[lang] ?? []) {
        const key = foldKey(term);
        if (key === '') continue;
        const list = byTerm.get(key) ?? [];
        if (!list.includes(concept)) list.push(concept);
        byTerm.set(key, list);
        const words = key.split(' ');
        maxWords = Math.max(maxWords, words.length);
        if (words.length >= 2) {
          for (const word of new Set(words)) {
            const phrases = phrasesByWord.get(word) ?? [];
            if (!phrases.includes(key)) phrases.push(key);
            phrasesByWord.set(word, phrases);
          }
        }
      }
    }
  }
  const numbers = new Map([...concepts.map((c) => c.id)].sort().map((id, i) => [id, i + 1]));
  return { concepts, byTerm, phrasesByWord, maxWords, numbers, byId: new Map(concepts.map((c) => [c.id, c])) };
}

let cached: Thesaurus | undefined;

/** The domain thesaurus kept in reference/thesaurus.json, read once. */
export function thesaurus(): Thesaurus {
  cached ??= buildThesaurus((JSON.parse(fs.readFileSync(projectPath('reference', 'thesaurus.json'), 'utf8')) as { concepts: Concept[] }).concepts);
  return cached;
}

export interface QueryAnalysis {
  /** Concepts the query names, with the term that named them. */
  concepts: { concept: Concept; matched: string }[];
  /** Concepts named inside a longer term ("trabalho infantil" inside "trabalho infantil doméstico"). */
  inner: { concept: Concept; matched: string }[];
  /** The wider concepts of those the query names (child labour for "petites bonnes"). */
  broader: { concept: Concept; matched: string }[];
  /** Folded words of the query that name no concept. */
  words: string[];
}

/**
 * Reads a query as concepts of the thesaurus and leftover words: the longest run of words that
 * is a term wins ("vendedores ambulantes" before "vendedores"). Accents and case do not matter.
 */
export function analyseQuery(text: string, th: Thesaurus = thesaurus()): QueryAnalysis {
  const words = foldKey(text).split(' ').filter((w) => w !== '');
  const concepts: QueryAnalysis['concepts'] = [];
  const leftovers: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; ) {
    let matched = false;
    for (let n = Math.min(th.maxWords, words.length - i); n >= 1; n--) {
      const window = words.slice(i, i + n);
      const phrase = window.join(' ');
      const term = th.byTerm.has(phrase) ? phrase : n >= 2 ? closePhrase(window, th) : undefined;
      const found = term === undefined ? undefined : th.byTerm.get(term);
      if (found === undefined) continue;
      for (const concept of found) {
        if (seen.has(concept.id)) continue;
        seen.add(concept.id);
        concepts.push({ concept, matched: term! });
      }
      i += n;
      matched = true;
      break;
    }
    if (!matched) {
      if (!leftovers.includes(words[i]!)) leftovers.push(words[i]!);
      i++;
    }
  }
  // Inside each multi-word term, the shorter terms it contains name related concepts.
  const inner: QueryAnalysis['concepts'] = [];
  for (const { matched } of concepts) {
    const parts = matched.split(' ');
    for (let n = parts.length - 1; n >= 1; n--) {
      for (let i = 0; i + n <= parts.length; i++) {
        const sub = parts.slice(i, i + n).join(' ');
        for (const concept of th.byTerm.get(sub) ?? []) {
          if (seen.has(concept.id)) continue;
          seen.add(concept.id);
          inner.push({ concept, matched: sub });
        }
      }
    }
  }
  // The wider concepts of what the query names, once each.
  const broader: QueryAnalysis['concepts'] = [];
  for (const { concept, matched } of concepts) {
    for (const id of concept.broader ?? []) {
      const wider = th.byId.get(id);
      if (wider === undefined || seen.has(id)) continue;
      seen.add(id);
      broader.push({ concept: wider, matched });
    }
  }
  return { concepts, inner, broader, words: leftovers };
}

/** How many typing mistakes a word of this length may carry and still be recognised. */
function allowedEdits(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/**
 * A term of two or more words that the window spells with small typos ("waste pikers" →
 * "waste pickers"): at least one word exact, every other word within its allowed edits. Only
 * multi-word terms are matched this way, so a lone word is never "corrected" into another.
 */
function closePhrase(window: string[], th: Thesaurus): string | undefined {
  let best: { term: string; edits: number } | undefined;
  for (const word of new Set(window)) {
    for (const term of th.phrasesByWord.get(word) ?? []) {
      const termWords = term.split(' ');
      if (termWords.length !== window.length) continue;
      let edits = 0;
      let ok = true;
      for (let k = 0; k < window.length && ok; k++) {
        const a = window[k]!;
        const b = termWords[k]!;
        if (a === b) continue;
        const d = distance(a, b);
        if (d > Math.min(allowedEdits(a), allowedEdits(b))) ok = false;
        edits += d;
      }
      if (ok && edits > 0 && (best === undefined || edits < best.edits)) best = { term, edits };
    }
  }
  return best?.term;
}

/**
 * Vocabularies that say what a practice is about. A record tagged with one of their codes matches
 * a query naming the concept even without its words; criteria, modalities, partner roles and
 * organisation kinds describe how a practice is run or judged, not its topic, so they match by
 * words only.
 */
export const TOPICAL_VOCABULARIES = ['pillars', 'critical_areas', 'challenges', 'sectors', 'target_groups'];

/** The topical codes of a concept as search rows store them: "sectors:markets_street_vending". */
export function conceptCodes(concept: Concept): string[] {
  return Object.entries(concept.codes)
    .filter(([vocabulary]) => TOPICAL_VOCABULARIES.includes(vocabulary))
    .flatMap(([vocabulary, codes]) => codes.map((code) => `${vocabulary}:${code}`));
}

/** Every term of a concept, in all languages, folded and without repeats. */
export function conceptTerms(concept: Concept): string[] {
  return [...new Set(THESAURUS_LANGUAGES.flatMap((lang) => concept.terms[lang] ?? []).map(foldKey).filter((t) => t !== ''))];
}

/** The terms of a concept in one language, folded. */
export function conceptTermsIn(concept: Concept, language: ThesaurusLanguage): string[] {
  return [...new Set((concept.terms[language] ?? []).map(foldKey).filter((t) => t !== ''))];
}
