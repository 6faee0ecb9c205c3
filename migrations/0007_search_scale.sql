-- Search at scale (docs/adr/0011, session 5). Forward-only: never edit this file once landed.

-- A concept's terms as tsquery text. tsquery is a type PostgreSQL never moves out of line, so a
-- concept with many terms (every language's, for pontes_simple) could pass the 8 kB a row may
-- hold; text can. The postings function reads each concept's query once per call.
ALTER TABLE search_concepts ALTER COLUMN query TYPE text USING query::text;

CREATE OR REPLACE FUNCTION pontes_refresh_search_postings(p_docs integer[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM search_postings WHERE doc = ANY (p_docs);
  WITH c AS MATERIALIZED (SELECT no, config, query::tsquery AS query, codes FROM search_concepts)
  INSERT INTO search_postings (concept, doc, hit, rank, coded, impact)
  SELECT c.no, d.doc, x.hit, x.rank, x.coded, 0.55 * x.hit + 0.3 * x.rank / (x.rank + 1) + 0.15 * x.coded::int
  FROM search_documents d
  JOIN c ON c.config = d.config,
  LATERAL (SELECT d.document @@ c.query AS named, d.codes && c.codes AS coded) m,
  LATERAL (SELECT (CASE WHEN m.named THEN 1.0 ELSE 0.5 END)::real AS hit,
                  (CASE WHEN m.named THEN ts_rank_cd('{0.1,0.2,0.4,1.0}', d.document, c.query) ELSE 0 END)::real AS rank,
                  m.coded) x
  WHERE d.doc = ANY (p_docs) AND (m.named OR m.coded)
$$;

-- What a search reads of a row for filters, facets and the page (its codes, practice and
-- configuration) is carried by the doc index itself, so candidates and samples are looked up
-- without visiting the table (index-only scans; the text stays in the table for the words).
CREATE UNIQUE INDEX search_documents_doc_cover_idx ON search_documents (doc) INCLUDE (codes, practice_id, config);
ALTER TABLE search_postings DROP CONSTRAINT search_postings_doc_fkey;
DROP INDEX search_documents_doc_idx;
ALTER INDEX search_documents_doc_cover_idx RENAME TO search_documents_doc_idx;
ALTER TABLE search_postings ADD CONSTRAINT search_postings_doc_fkey FOREIGN KEY (doc) REFERENCES search_documents (doc) ON DELETE CASCADE;
