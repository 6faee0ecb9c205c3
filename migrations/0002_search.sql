-- Search: text-search configurations that ignore accents, one search row per record, and
-- trigram matching of organisation names. Forward-only: never edit this file once landed.

-- Each language's stemmer behind the unaccent filter, so "camelôs" and "camelos" meet.
CREATE TEXT SEARCH CONFIGURATION pontes_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION pontes_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION pontes_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION pontes_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION pontes_es (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION pontes_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION pontes_pt (COPY = portuguese);
ALTER TEXT SEARCH CONFIGURATION pontes_pt ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;
CREATE TEXT SEARCH CONFIGURATION pontes_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION pontes_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- One row per practice, in the configuration of the practice's language (pontes_simple for
-- languages without a stemmer), rewritten in the same transaction as the practice.
-- Weights: A title; B keywords and summary; C body, results and criteria evidence; D partners and places.
CREATE TABLE search_documents (
  practice_id uuid PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  config regconfig NOT NULL,
  document tsvector NOT NULL,
  codes text[] NOT NULL DEFAULT '{}'      -- "sectors:markets_street_vending", … for concept matches
);
CREATE INDEX search_documents_document_idx ON search_documents USING gin (document);
CREATE INDEX search_documents_codes_idx ON search_documents USING gin (codes);
CREATE INDEX search_documents_config_idx ON search_documents (config);

-- The configuration of a record's language.
CREATE FUNCTION pontes_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE language
    WHEN 'en' THEN 'pontes_en' WHEN 'fr' THEN 'pontes_fr' WHEN 'es' THEN 'pontes_es' WHEN 'pt' THEN 'pontes_pt'
    ELSE 'pontes_simple' END)::regconfig
$$;

-- (Re)writes the search row of one practice from the practice, its places and partners.
-- The one definition of what a practice's search row holds: called by the repository in the
-- transaction that writes the practice (every write, status changes included), and below to
-- fill the rows of existing practices. Its codes carry every value the catalogue filters on
-- (status, source, vocabularies, country, region, mark), so a search reads search_documents
-- alone and joins practices only for the page of results.
CREATE FUNCTION pontes_refresh_search_document(p_id uuid) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO search_documents (practice_id, config, document, codes)
  SELECT p.id, cfg,
    setweight(to_tsvector(cfg, p.title), 'A') ||
    setweight(to_tsvector(cfg, array_to_string(p.keywords, ' ') || ' ' || p.summary), 'B') ||
    setweight(to_tsvector(cfg, concat_ws(' ', p.body,
      (SELECT string_agg(r->>'text', ' ') FROM jsonb_array_elements(p.results) r),
      (SELECT string_agg(c->>'evidence', ' ') FROM jsonb_array_elements(p.criteria) c))), 'C') ||
    setweight(to_tsvector(cfg, concat_ws(' ',
      (SELECT string_agg(pt->>'name', ' ') FROM jsonb_array_elements(p.partners) pt),
      (SELECT string_agg(pl->>'city', ' ') FROM jsonb_array_elements(p.places) pl),
      (SELECT string_agg(pl.name, ' ') FROM practice_places pp JOIN places pl ON pl.id = pp.place_id WHERE pp.practice_id = p.id),
      (SELECT string_agg(concat_ws(' ', c.names->>'en', c.names->>p.language), ' ') FROM countries c WHERE c.code = ANY (p.country_codes)))), 'D'),
    ARRAY(
      SELECT 'pillars:' || v FROM unnest(p.pillars) v
      UNION ALL SELECT 'critical_areas:' || v FROM unnest(p.critical_areas) v
      UNION ALL SELECT 'challenges:' || v FROM unnest(p.challenges) v
      UNION ALL SELECT 'sectors:' || v FROM unnest(p.sectors) v
      UNION ALL SELECT 'target_groups:' || v FROM unnest(p.target_groups) v
      UNION ALL SELECT 'modalities:' || p.modality
      UNION ALL SELECT DISTINCT 'criteria:' || (c->>'code') FROM jsonb_array_elements(p.criteria) c
      UNION ALL SELECT DISTINCT 'partner_roles:' || (pt->>'role') FROM jsonb_array_elements(p.partners) pt WHERE pt ? 'role'
      UNION ALL SELECT DISTINCT 'organisation_kinds:' || (pt->>'kind') FROM jsonb_array_elements(p.partners) pt WHERE pt ? 'kind'
      UNION ALL SELECT 'status:' || p.status
      UNION ALL SELECT 'source:' || p.source
      UNION ALL SELECT 'good_practice:' || p.good_practice::text
      UNION ALL SELECT 'country:' || v FROM unnest(p.country_codes) v
      UNION ALL SELECT 'region:' || v FROM unnest(p.region_codes) v
    )
  FROM practices p, pontes_search_config(p.language) AS cfg
  WHERE p.id = p_id
  ON CONFLICT (practice_id) DO UPDATE SET config = excluded.config, document = excluded.document, codes = excluded.codes
$$;

SELECT pontes_refresh_search_document(id) FROM practices;

CREATE INDEX organisations_trgm_idx ON organisations USING gin (name_key gin_trgm_ops);
