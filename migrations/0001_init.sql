-- Pontes schema, version 1: reference data (countries, places), organisations and practices.
-- One dialect for PGlite and PostgreSQL. Forward-only: never edit this file once landed.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Facts about this database (e.g. when reference places were loaded, and from what).
CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE countries (
  code char(2) PRIMARY KEY,                       -- ISO 3166-1 alpha-2
  alpha3 char(3) NOT NULL,
  numeric_code char(3) NOT NULL,                  -- ISO 3166-1 numeric = UN M49 country code
  names jsonb NOT NULL,                           -- {"en": ..., "fr": ..., "es": ..., "pt": ...}
  region_code text,                               -- UN M49 region (002 Africa, 019 Americas, ...)
  region_name text,
  subregion_code text,
  subregion_name text,
  intermediate_region_code text,
  intermediate_region_name text,
  ldc boolean NOT NULL DEFAULT false,
  lldc boolean NOT NULL DEFAULT false,
  sids boolean NOT NULL DEFAULT false,
  global_south boolean NOT NULL,
  global_south_rule text NOT NULL,                -- which rule classified it (e.g. 'unctad')
  languages text[] NOT NULL DEFAULT '{}',
  geonames_id integer
);

CREATE TABLE places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('city', 'municipality', 'district', 'province', 'metropolitan_area')),
  name text NOT NULL,
  alt_names text[] NOT NULL DEFAULT '{}',
  country_code char(2) NOT NULL REFERENCES countries (code),
  admin_code text,
  population bigint CHECK (population IS NULL OR population >= 0),
  population_year integer,
  latitude double precision CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  geonames_id integer UNIQUE,
  origin text NOT NULL CHECK (origin IN ('reference', 'import', 'member')),
  needs_review boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX places_country_idx ON places (country_code, population DESC NULLS LAST);

-- Every name of a place (its name and alternative names), folded: lower case, accents removed.
-- Lookups by exact name and by prefix use the btree; typo-tolerant ones the trigram index.
CREATE TABLE place_names (
  place_id uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
  name_key text NOT NULL,
  PRIMARY KEY (name_key, place_id)
);
CREATE INDEX place_names_prefix_idx ON place_names (name_key text_pattern_ops);
CREATE INDEX place_names_place_idx ON place_names (place_id);
CREATE INDEX place_names_trgm_idx ON place_names USING gin (name_key gin_trgm_ops);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  name_key text NOT NULL,
  kind text CHECK (kind IN ('local_government', 'national_government', 'workers_organisation',
    'employers_organisation', 'cooperative_sse', 'ngo_cso', 'international_organisation',
    'donor_agency', 'network_association', 'academic_training', 'private_company')),
  country_code char(2) REFERENCES countries (code),
  place_id uuid REFERENCES places (id),
  website text,
  iati_org_id text,
  origin text NOT NULL CHECK (origin IN ('import', 'member')),
  needs_review boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One organisation per folded name and country (no country counts as one value).
CREATE UNIQUE INDEX organisations_identity_idx ON organisations (name_key, (coalesce(country_code, '--')));

CREATE TABLE practices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source text NOT NULL,                           -- the collection it came from
  source_id text NOT NULL,                        -- its id in that collection (exchange-format "id")
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  title text NOT NULL,
  summary text NOT NULL,
  body text,
  language text NOT NULL,
  modality text NOT NULL CHECK (modality IN ('south_south', 'triangular', 'north_south', 'north_north', 'domestic')),
  modality_derived boolean NOT NULL,
  pillars text[] NOT NULL DEFAULT '{}',
  critical_areas text[] NOT NULL DEFAULT '{}',
  challenges text[] NOT NULL DEFAULT '{}',
  sectors text[] NOT NULL DEFAULT '{}',
  target_groups text[] NOT NULL DEFAULT '{}',
  keywords text[] NOT NULL DEFAULT '{}',
  criteria jsonb NOT NULL DEFAULT '[]',           -- [{code, evidence}]
  results jsonb NOT NULL DEFAULT '[]',            -- [{text, value, unit, year}]
  sources jsonb NOT NULL DEFAULT '[]',            -- [{url, title}]
  places jsonb NOT NULL,                          -- places as written in the exchange format
  partners jsonb NOT NULL DEFAULT '[]',           -- partners as written in the exchange format
  period_start text,
  period_end text,
  adapted_from text,                              -- source_id of the adapted practice, same source
  criteria_met integer NOT NULL DEFAULT 0,        -- criteria documented with evidence
  good_practice boolean NOT NULL DEFAULT false,   -- criteria_met >= 3 (the handbook's rule)
  country_codes text[] NOT NULL DEFAULT '{}',     -- of its places (for filters)
  region_codes text[] NOT NULL DEFAULT '{}',      -- M49 region, sub-region, intermediate region codes
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  UNIQUE (source, source_id)
);
CREATE INDEX practices_status_idx ON practices (status, published_at DESC);
CREATE INDEX practices_lineage_idx ON practices (source, adapted_from);
CREATE INDEX practices_pillars_idx ON practices USING gin (pillars);
CREATE INDEX practices_critical_areas_idx ON practices USING gin (critical_areas);
CREATE INDEX practices_challenges_idx ON practices USING gin (challenges);
CREATE INDEX practices_sectors_idx ON practices USING gin (sectors);
CREATE INDEX practices_target_groups_idx ON practices USING gin (target_groups);
CREATE INDEX practices_country_codes_idx ON practices USING gin (country_codes);
CREATE INDEX practices_region_codes_idx ON practices USING gin (region_codes);

CREATE TABLE practice_places (
  practice_id uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position integer NOT NULL,
  place_id uuid REFERENCES places (id),           -- null for a whole country
  country_code char(2) NOT NULL REFERENCES countries (code),
  PRIMARY KEY (practice_id, position)
);
CREATE INDEX practice_places_place_idx ON practice_places (place_id);

CREATE TABLE practice_partners (
  practice_id uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position integer NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role text,
  PRIMARY KEY (practice_id, position)
);
CREATE INDEX practice_partners_organisation_idx ON practice_partners (organisation_id);
