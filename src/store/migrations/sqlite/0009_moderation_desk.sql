-- civicpost schema, version 9: people moderate. A decision may cite a legal
-- ground beside (or instead of) a netiquette clause, says whether the
-- comment criticises the authority, may wait for a second person, and may
-- refer to an earlier decision it approves, rejects, confirms or reverses.
-- SQLite cannot widen a CHECK constraint, so the table is rebuilt.
-- AUTOINCREMENT: retention deletes old decisions, and an id once cited
-- (in the audit log, in a complaint) must never name another decision.
CREATE TABLE decisions_v9 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id    INTEGER NOT NULL REFERENCES comments(id),
  category      TEXT NOT NULL,
  score         REAL NOT NULL,
  action        TEXT NOT NULL CHECK (action IN ('none', 'hide', 'delete', 'reply', 'escalate',
                                                'restore', 'confirm', 'approve', 'reject')),
  clause_id     TEXT NOT NULL DEFAULT '',
  decided_by    INTEGER REFERENCES users(id),
  reason        TEXT NOT NULL DEFAULT '',
  decided_at    TEXT NOT NULL,
  legal_ground  TEXT NOT NULL DEFAULT '',
  critical      INTEGER NOT NULL DEFAULT 0 CHECK (critical IN (0, 1)),
  needs_second  INTEGER NOT NULL DEFAULT 0 CHECK (needs_second IN (0, 1)),
  refers_to     INTEGER REFERENCES decisions_v9(id) ON DELETE SET NULL,
  reply_text    TEXT NOT NULL DEFAULT ''
);
INSERT INTO decisions_v9 (id, comment_id, category, score, action, clause_id, decided_by, reason,
                          decided_at)
  SELECT id, comment_id, category, score, action, clause_id, decided_by, reason, decided_at
  FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_v9 RENAME TO decisions;
CREATE INDEX decisions_by_comment ON decisions (comment_id, id);
-- The transparency report and time-to-decision read decisions by time.
CREATE INDEX decisions_by_time ON decisions (decided_at);
