-- civicpost schema, version 10: retention of moderation records (R54, R55).
-- Decisions and evidence are deleted after the concept's periods, unless a
-- legal hold keeps them; a comment with nothing left has its words erased.

-- A hold (a complaint filed, proceedings, an FOI request) keeps a comment's
-- evidence, decisions and text beyond retention until a person releases it.
CREATE TABLE legal_holds (
  id           INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments(id),
  reason       TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  released_by  INTEGER REFERENCES users(id),
  released_at  TEXT
);
CREATE INDEX legal_holds_by_comment ON legal_holds (comment_id, released_at);

-- What is left of a deleted evidence record: its hashes, so the chain over
-- all records still verifies (the next record's prev_hash is this hash), and
-- when and under which rule it went. Append-only like the evidence.
CREATE TABLE evidence_tombstones (
  evidence_id  INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments(id),
  sha256       TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  deleted_at   TEXT NOT NULL,
  rule         TEXT NOT NULL
);
CREATE TRIGGER evidence_tombstones_no_update BEFORE UPDATE ON evidence_tombstones
  BEGIN SELECT RAISE(ABORT, 'evidence tombstones are append-only'); END;
CREATE TRIGGER evidence_tombstones_no_delete BEFORE DELETE ON evidence_tombstones
  BEGIN SELECT RAISE(ABORT, 'evidence tombstones are append-only'); END;

-- Evidence stays append-only, except that retention may delete a record
-- whose tombstone (with the same hash) it wrote first.
DROP TRIGGER evidence_no_delete;
CREATE TRIGGER evidence_delete_needs_tombstone BEFORE DELETE ON evidence
  WHEN NOT EXISTS (SELECT 1 FROM evidence_tombstones t
                   WHERE t.evidence_id = OLD.id AND t.hash = OLD.hash)
  BEGIN SELECT RAISE(ABORT, 'evidence is deleted only by retention, after its tombstone'); END;

-- Set when retention erased the comment's text, author and raw event.
ALTER TABLE comments ADD COLUMN redacted_at TEXT;

-- Retention looks for old records.
CREATE INDEX evidence_by_time ON evidence (created_at);
