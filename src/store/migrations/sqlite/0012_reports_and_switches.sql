-- civicpost schema, version 12: what the authority reported about a comment,
-- to the platform (R22: a notice under Art. 16 DSA) or to the police or
-- prosecutor (R21: a criminal report, with or without the complaint of
-- § 77b StGB), and what came of it; and comments switched off or on under
-- a published post (R25), with the reason.

-- A report names the evidence it sent. Retention may delete that evidence
-- (a platform notice does not keep it) and leave its tombstone, so the id
-- stays without a foreign key; a criminal report places a legal hold.
CREATE TABLE comment_reports (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id       INTEGER NOT NULL REFERENCES comments(id),
  kind             TEXT NOT NULL CHECK (kind IN ('platform', 'criminal')),
  recipient        TEXT NOT NULL,
  filed_on         TEXT NOT NULL,                 -- the local date it went out
  reference        TEXT NOT NULL DEFAULT '',      -- case number, the platform's ticket
  complaint        INTEGER NOT NULL DEFAULT 0,    -- criminal: the complaint (Strafantrag) filed with it
  evidence_id      INTEGER,
  filed_by         INTEGER NOT NULL REFERENCES users(id),
  created_at       TEXT NOT NULL,
  outcome          TEXT NOT NULL DEFAULT 'pending',
  outcome_note     TEXT NOT NULL DEFAULT '',
  outcome_on       TEXT,                          -- the local date of the answer
  outcome_by       INTEGER REFERENCES users(id)
);
CREATE INDEX comment_reports_by_comment ON comment_reports (comment_id);
CREATE INDEX comment_reports_by_date ON comment_reports (filed_on);

-- Comments under a published post switched off (a storm, no one on duty)
-- or on again. The latest row per delivery is the wish; a job carries it
-- out and records when the platform took it, or why it refused.
CREATE TABLE comment_switches (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id  INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  enabled      INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  decided_by   INTEGER REFERENCES users(id),
  decided_at   TEXT NOT NULL,
  done_at      TEXT,
  error_key    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comment_switches_by_delivery ON comment_switches (delivery_id, id);
