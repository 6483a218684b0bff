-- civicpost schema, version 11: the standard notice to the person whose
-- comment was hidden or deleted (R23), sent as a private reply on Instagram.
-- One per comment, as the platform allows. decision_id names the hide or
-- delete it explains; retention may delete that decision, and the notice
-- (the authority's words) then stays without it.
CREATE TABLE comment_notices (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id   INTEGER NOT NULL REFERENCES comments(id),
  decision_id  INTEGER REFERENCES decisions(id) ON DELETE SET NULL,
  text         TEXT NOT NULL,
  sent_by      INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  sent_at      TEXT,
  remote_id    TEXT NOT NULL DEFAULT '',
  error_key    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX comment_notices_one_per_comment ON comment_notices (comment_id);
CREATE INDEX comment_notices_by_decision ON comment_notices (decision_id);
