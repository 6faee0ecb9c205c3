-- Search postings: which thesaurus concepts each practice names, computed when the practice is
-- written, so a concept in a query is an index lookup instead of a scan of every document that
-- mentions it (docs/adr/0011). Forward-only: never edit this file once landed.

-- A small integer per search row, for compact postings.
ALTER TABLE search_documents ADD COLUMN doc integer GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX search_documents_doc_idx ON search_documents (doc);
-- A fixed pseudo-random bucket (0..1023) per row, so a search with a huge number of matches can
-- count a uniform sample of them by index range (bucket < b) instead of reading them all.
CREATE FUNCTION pontes_search_bucket(doc integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((doc::bigint * 2654435761) % 1024)::integer $$;
CREATE INDEX search_documents_bucket_idx ON search_documents (pontes_search_bucket(doc), doc);

-- The thesaurus as tsqueries: one row per concept and configuration (the concept's terms in the
-- configuration's language; every term for pontes_simple). Written by the application from
-- reference/thesaurus.json whenever that file changes (meta key 'search_thesaurus').
CREATE TABLE search_concepts (
  concept text NOT NULL,
  no smallint NOT NULL,                 -- stable for one version of the thesaurus
  config regconfig NOT NULL,
  query tsquery NOT NULL,
  codes text[] NOT NULL DEFAULT '{}',   -- the vocabulary codes the concept stands for
  PRIMARY KEY (concept, config)
);
CREATE INDEX search_concepts_config_idx ON search_concepts (config);

-- One row per (concept, search row) where the row's text names the concept (hit 1) or the
-- record carries one of its codes without naming it (hit 0.5). rank is ts_rank_cd of the
-- concept's terms (D..A = 0.1, 0.2, 0.4, 1.0); impact orders a concept's postings best first.
CREATE TABLE search_postings (
  concept smallint NOT NULL,
  doc integer NOT NULL REFERENCES search_documents (doc) ON DELETE CASCADE,
  hit real NOT NULL,
  rank real NOT NULL,
  coded boolean NOT NULL,
  impact real NOT NULL,
  PRIMARY KEY (concept, doc)
);
CREATE INDEX search_postings_impact_idx ON search_postings (concept, impact DESC, doc);
CREATE INDEX search_postings_doc_idx ON search_postings (doc);

-- The postings of some search rows (one on every write; all when the thesaurus changes), from
-- search_concepts. impact = 0.55 hit + 0.3 rank/(rank+1)
-- + 0.15 coded: the score the row would get for a query naming this concept alone, with the
-- default SEARCH_WEIGHTS (the order matters, not the exact figures).
CREATE FUNCTION pontes_refresh_search_postings(p_docs integer[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM search_postings WHERE doc = ANY (p_docs);
  INSERT INTO search_postings (concept, doc, hit, rank, coded, impact)
  SELECT c.no, d.doc, x.hit, x.rank, x.coded, 0.55 * x.hit + 0.3 * x.rank / (x.rank + 1) + 0.15 * x.coded::int
  FROM search_documents d
  JOIN search_concepts c ON c.config = d.config,
  LATERAL (SELECT d.document @@ c.query AS named, d.codes && c.codes AS coded) m,
  LATERAL (SELECT (CASE WHEN m.named THEN 1.0 ELSE 0.5 END)::real AS hit,
                  (CASE WHEN m.named THEN ts_rank_cd('{0.1,0.2,0.4,1.0}', d.document, c.query) ELSE 0 END)::real AS rank,
                  m.coded) x
  WHERE d.doc = ANY (p_docs) AND (m.named OR m.coded)
$$;
