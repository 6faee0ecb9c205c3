import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { SEARCH_CONFIGS, type SearchConfig } from '../practices/index.js';

const LANGUAGE_CONFIGS: SearchConfig[] = ['pontes_en', 'pontes_fr', 'pontes_es', 'pontes_pt'];

// Terms of the thesaurus recur in every query: their tsquery per configuration is kept.
const termCache = new Map<string, Record<SearchConfig, string>>();

/**
 * Each term as a phrase tsquery in every configuration, written by PostgreSQL itself (so the
 * text is well-formed and stemmed as the search rows are). An empty string marks a term that is
 * only stop words in that configuration.
 */
export async function phraseQueries(db: Db, terms: string[]): Promise<Map<string, Record<SearchConfig, string>>> {
  const missing = [...new Set(terms)].filter((t) => !termCache.has(t));
  if (missing.length > 0) {
    const rows = await sql<{ term: string; config: SearchConfig; q: string }>`
      SELECT t AS term, c AS config, phraseto_tsquery(c::regconfig, t)::text AS q
      FROM unnest(${missing}::text[]) t, unnest(${[...SEARCH_CONFIGS]}::text[]) c`.execute(db);
    for (const row of rows.rows) {
      const entry = termCache.get(row.term) ?? ({} as Record<SearchConfig, string>);
      entry[row.config] = row.q;
      termCache.set(row.term, entry);
    }
  }
  return new Map(terms.map((t) => [t, termCache.get(t)!]));
}

/** Is this word a stop word in any of the product's languages? ("de", "the", "nos", "les") */
export function isStopWordSomewhere(queries: Record<SearchConfig, string>): boolean {
  return LANGUAGE_CONFIGS.some((config) => queries[config] === '');
}
