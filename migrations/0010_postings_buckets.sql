-- A concept's postings in a range of the fixed sample buckets (pontes_search_bucket, migration
-- 0003), so a search that counts a uniform sample of a common concept's rows reads that sample
-- from the index instead of every posting of the concept: 17,621 postings read to keep 147
-- took 6 ms (docs/adr/0011, session 7). Forward-only: never edit this file once landed.
CREATE INDEX search_postings_bucket_idx ON search_postings (concept, pontes_search_bucket(doc), doc);
