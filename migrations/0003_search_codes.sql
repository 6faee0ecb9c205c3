-- Search rows carry every value the catalogue filters on, as codes, so that a search (filters,
-- facet counts, ranking) reads search_documents alone and joins practices only for the page of
-- results. Every write of a practice, status changes included, calls this function.
CREATE OR REPLACE FUNCTION pontes_refresh_search_document(p_id uuid) RETURNS void
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
