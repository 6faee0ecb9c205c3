-- A search row's postings, read together: the doc index carries the concept and what scoring
-- needs, so a search scores a candidate's concepts with one index-only range of that index
-- instead of one probe of the primary key (and one heap fetch) per concept of the query
-- (docs/adr/0011, session 7). It replaces the plain doc index (deletes and the foreign key's
-- cascade use it as before). Forward-only: never edit this file once landed.
CREATE INDEX search_postings_doc_cover_idx ON search_postings (doc) INCLUDE (concept, hit, rank, coded);
DROP INDEX search_postings_doc_idx;
ALTER INDEX search_postings_doc_cover_idx RENAME TO search_postings_doc_idx;
