import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { projectPath } from '../../platform/paths.js';
import { foldKey } from '../../platform/text.js';
import { SEARCH_CONFIGS, type SearchConfig } from '../practices/index.js';
import { THESAURUS_LANGUAGES, type ThesaurusLanguage } from './search.thesaurus.js';

/**
 * The everyday words of a query that name no concept ("new", "empty", "street", "tourists"),
 * with their translations (reference/lexicon.json, docs/adr/0009). A leftover word found in it
 * is looked for in each record's language with that language's words, as a concept is; it
 * still weighs what a word weighs.
 */
export interface LexiconGroup {
  /** The group's words by language, folded (accents and case off). */
  words: Record<ThesaurusLanguage, string[]>;
}

export interface Lexicon {
  groups: LexiconGroup[];
}

const CONFIG_OF: Record<ThesaurusLanguage, SearchConfig> = { en: 'pontes_en', fr: 'pontes_fr', es: 'pontes_es', pt: 'pontes_pt' };

/** Reads a lexicon file's groups (reference/lexicon.json's shape), folding every word. */
export function buildLexicon(groups: Partial<Record<ThesaurusLanguage, string[]>>[]): Lexicon {
  return {
    groups: groups.map((group) => ({
      words: Object.fromEntries(
        THESAURUS_LANGUAGES.map((lang) => [lang, [...new Set((group[lang] ?? []).map(foldKey).filter((w) => w !== ''))]]),
      ) as Record<ThesaurusLanguage, string[]>,
    })),
  };
}

let cached: Lexicon | undefined;

/** The lexicon kept in reference/lexicon.json, read once. */
export function lexicon(): Lexicon {
  cached ??= buildLexicon((JSON.parse(fs.readFileSync(projectPath('reference', 'lexicon.json'), 'utf8')) as { groups: Partial<Record<ThesaurusLanguage, string[]>>[] }).groups);
  return cached;
}

/**
 * The lexicon as PostgreSQL stems it: each word as a tsquery in its language's configuration
 * (to find a query word whatever its inflection: "voltaram" and "voltar" are both 'volt') and in
 * pontes_simple (for records of other languages). Stemming is fixed by the migrations, so it is
 * computed once per process and lexicon.
 */
interface StemmedLexicon {
  /** "pt:'volt'" → the groups holding a Portuguese word stemmed so. */
  byStem: Map<string, number[]>;
  /** Per group, its words' tsqueries per configuration (pontes_simple: every language's words). */
  queries: Record<SearchConfig, string[]>[];
}

const stemmed = new WeakMap<Lexicon, Promise<StemmedLexicon>>();

function stemLexicon(db: Db, lex: Lexicon): Promise<StemmedLexicon> {
  let pending = stemmed.get(lex);
  if (pending === undefined) {
    pending = (async () => {
      const entries = lex.groups.flatMap((group, g) => THESAURUS_LANGUAGES.flatMap((lang) => group.words[lang].map((word) => ({ g, lang, word }))));
      const rows = entries.length === 0 ? [] : (await sql<{ g: number; lang: ThesaurusLanguage; own: string; simple: string }>`
        SELECT e.g, e.lang, phraseto_tsquery(e.config::regconfig, e.word)::text AS own, phraseto_tsquery('pontes_simple', e.word)::text AS simple
        FROM jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ ...e, config: CONFIG_OF[e.lang] })))}::jsonb) AS e(g int, lang text, word text, config text)`.execute(db)).rows;
      const byStem = new Map<string, number[]>();
      const queries = lex.groups.map(() => Object.fromEntries(SEARCH_CONFIGS.map((c) => [c, [] as string[]])) as Record<SearchConfig, string[]>);
      for (const row of rows) {
        // A word that is only stop words in its language says nothing there.
        if (row.own === '') continue;
        const key = `${row.lang}:${row.own}`;
        const list = byStem.get(key) ?? [];
        if (!list.includes(row.g)) list.push(row.g);
        byStem.set(key, list);
        const q = queries[row.g]!;
        if (!q[CONFIG_OF[row.lang]].includes(row.own)) q[CONFIG_OF[row.lang]].push(row.own);
        if (row.simple !== '' && !q.pontes_simple.includes(row.simple)) q.pontes_simple.push(row.simple);
      }
      return { byStem, queries };
    })();
    // A failed read is not kept: the next search tries again.
    pending.catch(() => stemmed.delete(lex));
    stemmed.set(lex, pending);
  }
  return pending;
}

/**
 * A query word's translations: for each configuration, the tsqueries of the words of every
 * lexicon group the word belongs to (matched by its stem in each of the four languages). Empty
 * lists when the word is in no group.
 */
export async function wordTranslations(db: Db, word: Record<SearchConfig, string>, lex: Lexicon = lexicon()): Promise<Record<SearchConfig, string[]>> {
  const { byStem, queries } = await stemLexicon(db, lex);
  const found = new Map<ThesaurusLanguage, number[]>();
  for (const lang of THESAURUS_LANGUAGES) {
    const own = word[CONFIG_OF[lang]];
    const groups = own === '' ? undefined : byStem.get(`${lang}:${own}`);
    if (groups !== undefined) found.set(lang, groups);
  }
  // A word spelt alike in two languages with two senses (en "pain", fr "pain": bread) is not
  // translated: the query's language is unknown, and the wrong sense would bring noise.
  const senses = new Set([...found.values()].map((groups) => [...groups].sort().join(',')));
  const groups = new Set(senses.size === 1 ? [...found.values()][0] : []);
  const out = Object.fromEntries(SEARCH_CONFIGS.map((c) => [c, [] as string[]])) as Record<SearchConfig, string[]>;
  for (const g of groups) {
    for (const config of SEARCH_CONFIGS) for (const q of queries[g]![config]) if (!out[config].includes(q)) out[config].push(q);
  }
  return out;
}
