import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { readMeta, writeMeta } from '../../platform/db/meta.js';
import { refreshSearchStatistics, SEARCH_CONFIGS, type SearchConfig } from '../practices/index.js';
import { conceptCodes, conceptTerms, conceptTermsIn, thesaurus, type Concept, type Thesaurus, type ThesaurusLanguage } from './search.thesaurus.js';

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

const CONFIG_LANGUAGE: Record<SearchConfig, ThesaurusLanguage | undefined> = {
  pontes_en: 'en', pontes_fr: 'fr', pontes_es: 'es', pontes_pt: 'pt', pontes_simple: undefined,
};

/** A concept's terms for records of a configuration: its language's terms; every term for pontes_simple. */
export function conceptTermsFor(concept: Concept, config: SearchConfig): string[] {
  const language = CONFIG_LANGUAGE[config];
  return language === undefined ? conceptTerms(concept) : conceptTermsIn(concept, language);
}

/**
 * The thesaurus as rows of search_concepts: per concept and configuration, the concept's terms
 * in that configuration's language (every term for pontes_simple), and its topical codes.
 */
export function conceptRows(th: Thesaurus) {
  return th.concepts.flatMap((concept) =>
    SEARCH_CONFIGS.map((config) => ({
      concept: concept.id, no: th.numbers.get(concept.id)!, config, terms: conceptTermsFor(concept, config), codes: conceptCodes(concept),
    })),
  );
}

/**
 * Keeps search_concepts and the postings in step with reference/thesaurus.json: when the file
 * has changed since the postings were computed (or they never were), rewrites the concepts and
 * recomputes every practice's postings, in one transaction. Returns whether it did.
 */
export async function syncSearchConcepts(db: Db, th: Thesaurus = thesaurus()): Promise<{ rebuilt: boolean; documents: number }> {
  const rows = conceptRows(th);
  const checksum = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  const current = await readMeta<{ checksum: string }>(db, 'search_thesaurus');
  if (current?.checksum === checksum) return { rebuilt: false, documents: 0 };
  const documents = await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM search_concepts`.execute(trx);
    await sql`
      INSERT INTO search_concepts (concept, no, config, query, codes)
      SELECT r.concept, r.no, r.config::regconfig, string_agg('(' || q::text || ')', ' | ')::tsquery::text, r.codes
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(concept text, no smallint, config text, terms text[], codes text[]),
        LATERAL unnest(r.terms) AS t(term), LATERAL phraseto_tsquery(r.config::regconfig, t.term) AS q
      WHERE q::text <> ''
      GROUP BY r.concept, r.no, r.config, r.codes`.execute(trx);
    const docs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents`.execute(trx);
    await sql`SELECT pontes_refresh_search_postings(ARRAY(SELECT doc FROM search_documents))`.execute(trx);
    await writeMeta(trx, 'search_thesaurus', { checksum, concepts: th.concepts.length });
    return docs.rows[0]!.n;
  });
  // As after a large import: statistics and visibility for the rewritten postings.
  if (documents > 0) await refreshSearchStatistics(db);
  return { rebuilt: true, documents };
}
