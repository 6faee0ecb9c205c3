-- The cooperation lifecycle (issue 5): needs and offers, matches, partnerships, events,
-- knowledge capture, roadmaps and commitments, results indicators, and the history of every
-- state change.
--
-- Two kinds of state (docs/adr/0014): `status` is a record's place in the cooperation
-- lifecycle (a match's proposed → contacted → ...); `publication` is its curation state, the
-- same workflow as practices (draft → submitted → in_review → published → archived), with
-- `deleted_at` for an admin's soft delete. Every record of this file that stands alone carries
-- the same curation columns: publication, deleted_at, version (optimistic concurrency),
-- created_by and owner_organisation_id (whose draft it is), demo (loaded with the demo data).

-- Needs (what a place or organisation wants to learn) and offers (what it can share): one
-- table, since they have one shape and are matched against each other.
CREATE TABLE needs_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('need', 'offer')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'en',
  place_id uuid REFERENCES places (id),
  organisation_id uuid REFERENCES organisations (id),
  pillars text[] NOT NULL DEFAULT '{}',
  critical_areas text[] NOT NULL DEFAULT '{}',
  challenges text[] NOT NULL DEFAULT '{}',
  sectors text[] NOT NULL DEFAULT '{}',
  target_groups text[] NOT NULL DEFAULT '{}',
  contact_name text,
  contact_email text,
  expires_on date NOT NULL,
  -- The practice that prompted it ("we want to learn from this"), if any.
  practice_id uuid REFERENCES practices (id),
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (place_id IS NOT NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX needs_offers_kind_idx ON needs_offers (kind, expires_on);
CREATE INDEX needs_offers_place_idx ON needs_offers (place_id);
CREATE INDEX needs_offers_organisation_idx ON needs_offers (organisation_id);

-- Partnerships: parties with roles, type, topics, derived modality, lifecycle status, dates,
-- documents (links) and contributions.
CREATE TABLE partnerships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'en',
  type text NOT NULL CHECK (type IN ('twinning', 'memorandum_of_understanding', 'project', 'network')),
  status text NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'negotiating', 'signed', 'active', 'completed', 'lapsed')),
  modality text,                                 -- derived from the parties (ADR 0006's rule, widened)
  modality_reason text,
  pillars text[] NOT NULL DEFAULT '{}',
  critical_areas text[] NOT NULL DEFAULT '{}',
  challenges text[] NOT NULL DEFAULT '{}',
  sectors text[] NOT NULL DEFAULT '{}',
  target_groups text[] NOT NULL DEFAULT '{}',
  starts_on date,
  ends_on date,
  agreement_on date,
  documents jsonb NOT NULL DEFAULT '[]',         -- [{title, url, date?}]
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE partnership_parties (
  partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
  position integer NOT NULL,
  place_id uuid REFERENCES places (id),
  organisation_id uuid REFERENCES organisations (id),
  role text NOT NULL CHECK (role IN ('provider', 'beneficiary', 'peer', 'facilitator', 'funder')),
  PRIMARY KEY (partnership_id, position),
  CHECK ((place_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX partnership_parties_place_idx ON partnership_parties (place_id);
CREATE INDEX partnership_parties_organisation_idx ON partnership_parties (organisation_id);

CREATE TABLE partnership_practices (
  partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
  practice_id uuid NOT NULL REFERENCES practices (id),
  PRIMARY KEY (partnership_id, practice_id)
);
CREATE INDEX partnership_practices_practice_idx ON partnership_practices (practice_id);

-- Cash (amount in an ISO 4217 currency) or in kind (a description and an estimated value).
CREATE TABLE partnership_contributions (
  partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
  position integer NOT NULL,
  party_position integer,                        -- the party that gives it, if known
  kind text NOT NULL CHECK (kind IN ('cash', 'in_kind')),
  amount numeric(18, 2) CHECK (amount IS NULL OR amount >= 0),
  currency char(3),
  description text,
  PRIMARY KEY (partnership_id, position),
  CHECK (kind <> 'cash' OR (amount IS NOT NULL AND currency IS NOT NULL)),
  CHECK (kind <> 'in_kind' OR description IS NOT NULL)
);

-- Matches: a proposed pairing of a need with an offer, a practice or a place, with its score
-- and explanation; linked both ways with the partnership it turned into.
CREATE TABLE matches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id uuid NOT NULL REFERENCES needs_offers (id),
  counterpart_kind text NOT NULL CHECK (counterpart_kind IN ('offer', 'practice', 'place')),
  offer_id uuid REFERENCES needs_offers (id),
  practice_id uuid REFERENCES practices (id),
  place_id uuid REFERENCES places (id),
  score real NOT NULL DEFAULT 0,
  explanation jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'contacted', 'accepted', 'declined', 'partnership_created')),
  partnership_id uuid REFERENCES partnerships (id),
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((counterpart_kind = 'offer') = (offer_id IS NOT NULL)),
  CHECK ((counterpart_kind = 'practice') = (practice_id IS NOT NULL)),
  CHECK ((counterpart_kind = 'place') = (place_id IS NOT NULL)),
  CHECK ((status = 'partnership_created') = (partnership_id IS NOT NULL))
);
CREATE UNIQUE INDEX matches_pair_idx ON matches (need_id, counterpart_kind, coalesce(offer_id, practice_id, place_id)) WHERE deleted_at IS NULL;
CREATE INDEX matches_partnership_idx ON matches (partnership_id);

-- Events: peer-learning events, exchange visits, study tours, trainings, workshops, forum
-- sessions, webinars. Times are instants; time_zone is the event's IANA zone (iCalendar TZID).
CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  kind text NOT NULL CHECK (kind IN ('peer_learning_event', 'exchange_visit', 'study_tour', 'training', 'workshop', 'forum_session', 'webinar')),
  language text NOT NULL DEFAULT 'en',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  time_zone text NOT NULL,
  place_id uuid REFERENCES places (id),
  venue text,
  description text NOT NULL DEFAULT '',
  participants_women integer CHECK (participants_women >= 0),
  participants_men integer CHECK (participants_men >= 0),
  participants_other integer CHECK (participants_other >= 0),
  participants_government integer CHECK (participants_government >= 0),
  participants_workers integer CHECK (participants_workers >= 0),
  participants_employers integer CHECK (participants_employers >= 0),
  participants_civil_society integer CHECK (participants_civil_society >= 0),
  participants_other_constituency integer CHECK (participants_other_constituency >= 0),
  agenda jsonb NOT NULL DEFAULT '[]',            -- [{starts_at?, title, description?}]
  field_visits jsonb NOT NULL DEFAULT '[]',      -- [{title, place?, description?}]
  outcomes text NOT NULL DEFAULT '',
  learning_report text NOT NULL DEFAULT '',      -- CommonMark, rendered safely
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at >= starts_at)
);
CREATE INDEX events_starts_idx ON events (starts_at);
CREATE INDEX events_place_idx ON events (place_id);

CREATE TABLE event_organisers (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position integer NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (event_id, position)
);
CREATE INDEX event_organisers_organisation_idx ON event_organisers (organisation_id);

-- Places taking part (other than the host place), e.g. Durban at the Maputo event.
CREATE TABLE event_places (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  place_id uuid NOT NULL REFERENCES places (id),
  PRIMARY KEY (event_id, place_id)
);
CREATE INDEX event_places_place_idx ON event_places (place_id);

CREATE TABLE event_partnerships (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, partnership_id)
);
CREATE INDEX event_partnerships_partnership_idx ON event_partnerships (partnership_id);

CREATE TABLE event_practices (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  practice_id uuid NOT NULL REFERENCES practices (id),
  PRIMARY KEY (event_id, practice_id)
);
CREATE INDEX event_practices_practice_idx ON event_practices (practice_id);

-- Knowledge capture: after an event, a participant records what was learned and what will be
-- adapted; turning it into a draft practice (adapted_from set) links the practice here.
CREATE TABLE event_learnings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  place_id uuid REFERENCES places (id),
  organisation_id uuid REFERENCES organisations (id),
  learned text NOT NULL CHECK (length(learned) BETWEEN 1 AND 20000),
  will_adapt text NOT NULL CHECK (length(will_adapt) BETWEEN 1 AND 20000),
  adapted_from_practice_id uuid REFERENCES practices (id),
  practice_id uuid REFERENCES practices (id),    -- the draft practice made from it
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_learnings_event_idx ON event_learnings (event_id);

-- Roadmaps, adopted at an event, with numbered commitments.
CREATE TABLE roadmaps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'en',
  event_id uuid REFERENCES events (id),
  adopted_on date,
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roadmaps_event_idx ON roadmaps (event_id);

-- A commitment is published with its roadmap (its publication is the roadmap's); it has its
-- own lifecycle status and version.
CREATE TABLE commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  roadmap_id uuid NOT NULL REFERENCES roadmaps (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number >= 1),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  due_on date,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'done', 'dropped')),
  evidence jsonb NOT NULL DEFAULT '[]',          -- [{title?, url}]
  version integer NOT NULL DEFAULT 1,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (roadmap_id, number)
);
CREATE INDEX commitments_due_idx ON commitments (status, due_on);

CREATE TABLE commitment_owners (
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  position integer NOT NULL,
  place_id uuid REFERENCES places (id),
  organisation_id uuid REFERENCES organisations (id),
  PRIMARY KEY (commitment_id, position),
  CHECK ((place_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX commitment_owners_place_idx ON commitment_owners (place_id);
CREATE INDEX commitment_owners_organisation_idx ON commitment_owners (organisation_id);

CREATE TABLE commitment_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  noted_on date NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitment_notes_commitment_idx ON commitment_notes (commitment_id, noted_on);

-- Reminders the daily job recorded for overdue commitments (one per commitment and day).
CREATE TABLE commitment_reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  reminded_on date NOT NULL,
  recipients text[] NOT NULL DEFAULT '{}',
  delivery text NOT NULL,                        -- smtp, outbox, or none (nobody to write to)
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (commitment_id, reminded_on)
);

-- Results: outcomes of a partnership or of a municipal decent-work programme, each measured
-- by indicators with a baseline, targets and measurements over time.
CREATE TABLE outcomes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid REFERENCES partnerships (id) ON DELETE CASCADE,
  programme_place_id uuid REFERENCES places (id),
  programme_title text,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((partnership_id IS NULL) <> (programme_place_id IS NULL)),
  CHECK (programme_place_id IS NULL OR programme_title IS NOT NULL)
);
CREATE INDEX outcomes_partnership_idx ON outcomes (partnership_id);
CREATE INDEX outcomes_programme_idx ON outcomes (programme_place_id);

CREATE TABLE indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  outcome_id uuid NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  unit text NOT NULL,
  measure text NOT NULL CHECK (measure IN ('count', 'percentage', 'amount', 'score')),
  by_sex boolean NOT NULL DEFAULT false,
  baseline_value numeric,
  baseline_women numeric,
  baseline_men numeric,
  baseline_on date,
  publication text NOT NULL DEFAULT 'draft' CHECK (publication IN ('draft', 'submitted', 'in_review', 'published', 'archived')),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicators_outcome_idx ON indicators (outcome_id);

CREATE TABLE indicator_targets (
  indicator_id uuid NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
  target_on date NOT NULL,
  value numeric NOT NULL,
  women numeric,
  men numeric,
  PRIMARY KEY (indicator_id, target_on)
);

CREATE TABLE indicator_measurements (
  indicator_id uuid NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
  measured_on date NOT NULL,
  value numeric NOT NULL,
  women numeric,
  men numeric,
  note text,
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, measured_on)
);

-- Every state change of a cooperation record, lifecycle or publication: who, when, from → to,
-- a note. The record's timeline is read from here (creation is the change from nothing).
CREATE TABLE state_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  field text NOT NULL CHECK (field IN ('status', 'publication')),
  from_value text,
  to_value text NOT NULL,
  note text,
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX state_changes_record_idx ON state_changes (record_type, record_id, id);

-- Versions are kept for the new records too.
ALTER TABLE record_versions DROP CONSTRAINT record_versions_record_type_check;
ALTER TABLE record_versions ADD CONSTRAINT record_versions_record_type_check CHECK (
  record_type IN ('practice', 'place', 'organisation', 'need', 'offer', 'match', 'partnership', 'event', 'roadmap', 'commitment', 'indicator')
);
