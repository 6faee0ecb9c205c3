-- Members, sessions, API tokens, one-time email tokens, the audit log, record versions and the
-- curation fields of records (issue 4, ADR 0012).

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,                           -- as typed (trimmed)
  email_key text NOT NULL UNIQUE,                -- lower-cased, for lookups
  name text NOT NULL DEFAULT '',
  password_hash text,                            -- Argon2id PHC string; null until set
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'curator', 'member')),
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
  email_verified_at timestamptz,
  languages text[] NOT NULL DEFAULT '{}',
  expertise text[] NOT NULL DEFAULT '{}',
  public_fields text[] NOT NULL DEFAULT '{}',    -- which profile fields the public may see
  password_changed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Organisations a member belongs to; focal_point marks the member as its focal point.
CREATE TABLE member_organisations (
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  focal_point boolean NOT NULL DEFAULT false,
  PRIMARY KEY (member_id, organisation_id)
);
CREATE INDEX member_organisations_organisation_idx ON member_organisations (organisation_id);

-- Places (cities) whose focal point the member is.
CREATE TABLE member_places (
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  place_id uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
  PRIMARY KEY (member_id, place_id)
);
CREATE INDEX member_places_place_idx ON member_places (place_id);

-- Server-side sessions: the cookie carries a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_member_idx ON sessions (member_id);

-- API tokens for machine clients: shown once, stored as SHA-256, scoped, revocable.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  scope text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_member_idx ON api_tokens (member_id);

-- One-time tokens sent by email: verification, password reset, invitation.
CREATE TABLE email_tokens (
  token_hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('verify', 'reset', 'invite')),
  member_id uuid REFERENCES members (id) ON DELETE CASCADE,
  email_key text NOT NULL,
  role text CHECK (role IN ('admin', 'curator', 'member')),   -- for invitations
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Every change and every sign-in failure. ip is erased after PONTES_AUDIT_IP_DAYS.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  action text NOT NULL,                          -- e.g. sign_in_failed, practice.publish
  record_type text,
  record_id uuid,
  subject_key text,                              -- e.g. the folded email of a failed sign-in
  ip text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_failures_idx ON audit_log (action, subject_key, at);
CREATE INDEX audit_log_ip_idx ON audit_log (action, ip, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Every saved version of a record, as its API object, for history and diffs.
CREATE TABLE record_versions (
  record_type text NOT NULL CHECK (record_type IN ('practice', 'place', 'organisation')),
  record_id uuid NOT NULL,
  version integer NOT NULL,
  member_id uuid REFERENCES members (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  status text,
  note text,
  data jsonb NOT NULL,
  PRIMARY KEY (record_type, record_id, version)
);

-- Curation fields. version counts saves (optimistic concurrency); deleted_at is an admin's
-- soft delete; created_by and owner_organisation_id say whose draft it is.
ALTER TABLE practices
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  ADD COLUMN owner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  ADD COLUMN review_comment text,
  ADD COLUMN deleted_at timestamptz;
CREATE INDEX practices_created_by_idx ON practices (created_by);
CREATE INDEX practices_owner_organisation_idx ON practices (owner_organisation_id);

ALTER TABLE places
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN merged_into uuid REFERENCES places (id);
ALTER TABLE organisations
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN merged_into uuid REFERENCES organisations (id);
