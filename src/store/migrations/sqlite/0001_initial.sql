-- civicpost schema, version 1.
-- Timestamps are ISO 8601 UTC text ("2026-11-25T09:30:00Z"): portable and sortable.

CREATE TABLE organizations (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  website     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);

-- Every concept.toml that was loaded for an organization, numbered.
CREATE TABLE concept_versions (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations(id),
  version          INTEGER NOT NULL,
  source_name      TEXT NOT NULL,
  toml_text        TEXT NOT NULL,
  sha256           TEXT NOT NULL,
  loaded_at        TEXT NOT NULL,
  UNIQUE (organization_id, version)
);

CREATE TABLE users (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations(id),
  email            TEXT NOT NULL UNIQUE,
  display_name     TEXT NOT NULL,
  password_hash    TEXT NOT NULL,
  roles            TEXT NOT NULL,  -- comma-separated role names
  disabled         INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL
);

CREATE TABLE channels (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations(id),
  key              TEXT NOT NULL,
  platform         TEXT NOT NULL CHECK (platform IN ('instagram', 'website', 'mastodon')),
  name             TEXT NOT NULL,
  handle           TEXT NOT NULL DEFAULT '',
  url              TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('active', 'needs_reconnect', 'disabled')),
  created_at       TEXT NOT NULL,
  UNIQUE (organization_id, key)
);

CREATE TABLE media (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations(id),
  sha256           TEXT NOT NULL,
  content_type     TEXT NOT NULL,
  byte_size        INTEGER NOT NULL,
  width            INTEGER NOT NULL,
  height           INTEGER NOT NULL,
  original_name    TEXT NOT NULL,
  storage_path     TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  UNIQUE (organization_id, sha256)
);

CREATE TABLE posts (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations(id),
  kind             TEXT NOT NULL CHECK (kind IN ('feed_image', 'carousel', 'story', 'reel')),
  state            TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'approved', 'scheduled',
                                                  'published', 'failed', 'withdrawn')),
  topic            TEXT NOT NULL,
  caption          TEXT NOT NULL,
  event_title      TEXT,
  event_starts_at  TEXT,
  event_ends_at    TEXT,
  event_place      TEXT,
  scheduled_at     TEXT,
  published_at     TEXT,
  created_by       INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX posts_by_state ON posts (organization_id, state, published_at);

CREATE TABLE post_media (
  post_id   INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  media_id  INTEGER NOT NULL REFERENCES media(id),
  alt_text  TEXT NOT NULL,
  PRIMARY KEY (post_id, position)
);

CREATE TABLE deliveries (
  id          INTEGER PRIMARY KEY,
  post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  channel_id  INTEGER NOT NULL REFERENCES channels(id),
  state       TEXT NOT NULL CHECK (state IN ('pending', 'publishing', 'published', 'failed',
                                             'withdrawn')),
  remote_id   TEXT NOT NULL DEFAULT '',
  permalink   TEXT NOT NULL DEFAULT '',
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  UNIQUE (post_id, channel_id)
);

CREATE TABLE comments (
  id                INTEGER PRIMARY KEY,
  channel_id        INTEGER NOT NULL REFERENCES channels(id),
  post_id           INTEGER REFERENCES posts(id),
  remote_id         TEXT NOT NULL,
  parent_remote_id  TEXT NOT NULL DEFAULT '',
  author_handle     TEXT NOT NULL,
  text              TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('new', 'visible', 'needs_review', 'hidden',
                                                   'deleted')),
  received_at       TEXT NOT NULL,
  UNIQUE (channel_id, remote_id)
);

CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  comment_id  INTEGER NOT NULL REFERENCES comments(id),
  category    TEXT NOT NULL,
  score       REAL NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('none', 'hide', 'delete', 'reply', 'escalate')),
  clause_id   TEXT NOT NULL DEFAULT '',
  decided_by  INTEGER REFERENCES users(id),
  reason      TEXT NOT NULL DEFAULT '',
  decided_at  TEXT NOT NULL
);

-- Evidence and the audit log are append-only, hash-chained and guarded by
-- triggers; `civicpost audit verify` detects edits made around the triggers.
CREATE TABLE evidence (
  id             INTEGER PRIMARY KEY,
  comment_id     INTEGER NOT NULL REFERENCES comments(id),
  snapshot_json  TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL,
  created_by     INTEGER REFERENCES users(id),
  created_at     TEXT NOT NULL
);
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  target_type  TEXT NOT NULL,
  target_id    TEXT NOT NULL,
  before_json  TEXT NOT NULL,
  after_json   TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  payload_json  TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'dead')),
  run_at        TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL,
  lease_until   TEXT,
  last_error    TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, run_at);
