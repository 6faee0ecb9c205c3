-- Curation (issue 4, docs/adr/0013): a practice's search row also says who may see it while it
-- is not published, so the visibility filter of search, lists and facet counts is one indexed
-- array-overlap condition on search_documents.codes. Forward-only: never edit this file once landed.
--
-- New codes:
--   status:deleted        replaces status:<status> when an admin soft-deleted the practice
--   by:<member id>        its author                      } only while the practice is live (not
--   ownerorg:<org id>     the organisation that owns it   } deleted): ties give no sight of a
--   place:<place id>      a place it is about             } deleted record (only admins see
--   org:<org id>          its owner and partner organisations  those)
-- A member sees a row when its codes overlap {status:published, by:<self>, ownerorg:<own orgs>,
-- place:<focal places>, org:<focal orgs>} (permissions.ts: visibilityOf).

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
      UNION ALL SELECT 'status:' || CASE WHEN p.deleted_at IS NULL THEN p.status ELSE 'deleted' END
      UNION ALL SELECT 'source:' || p.source
      UNION ALL SELECT 'good_practice:' || p.good_practice::text
      UNION ALL SELECT 'country:' || v FROM unnest(p.country_codes) v
      UNION ALL SELECT 'region:' || v FROM unnest(p.region_codes) v
      UNION ALL SELECT 'by:' || p.created_by WHERE p.created_by IS NOT NULL AND p.deleted_at IS NULL
      UNION ALL SELECT 'ownerorg:' || p.owner_organisation_id WHERE p.owner_organisation_id IS NOT NULL AND p.deleted_at IS NULL
      UNION ALL SELECT DISTINCT 'place:' || pp.place_id FROM practice_places pp WHERE pp.practice_id = p.id AND pp.place_id IS NOT NULL AND p.deleted_at IS NULL
      UNION ALL SELECT DISTINCT 'org:' || o FROM (
        SELECT pt.organisation_id AS o FROM practice_partners pt WHERE pt.practice_id = p.id
        UNION SELECT p.owner_organisation_id WHERE p.owner_organisation_id IS NOT NULL) orgs
        WHERE p.deleted_at IS NULL
    )
  FROM practices p, pontes_search_config(p.language) AS cfg
  WHERE p.id = p_id
  ON CONFLICT (practice_id) DO UPDATE SET config = excluded.config, document = excluded.document, codes = excluded.codes
$$;

-- Only the codes change (postings depend on vocabulary codes, which are the same).
SELECT pontes_refresh_search_document(id) FROM practices;

-- Merged places and organisations are left out of lists and name lookups.
CREATE INDEX places_merged_into_idx ON places (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX organisations_merged_into_idx ON organisations (merged_into) WHERE merged_into IS NOT NULL;
-- The review queue: practices waiting for a curator, places and organisations flagged.
CREATE INDEX places_needs_review_idx ON places (id) WHERE needs_review;
CREATE INDEX organisations_needs_review_idx ON organisations (id) WHERE needs_review;
