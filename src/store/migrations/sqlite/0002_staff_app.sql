-- civicpost schema, version 2: the staff web app.

-- The language a person reads the staff app in ("de" or "en").
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'de';

-- Server-side sessions. Only the SHA-256 of the cookie value is stored, so a
-- copy of the database (a backup, say) holds no session anyone could use.
CREATE TABLE sessions (
  token_hash      TEXT PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  csrf_token      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  remote_address  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, for throttling per account and per address.
CREATE TABLE login_failures (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL,
  remote_address  TEXT NOT NULL,
  at              TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at);
CREATE INDEX login_failures_by_address ON login_failures (remote_address, at);

-- The channels a post is meant for; deliveries are created when it is scheduled.
CREATE TABLE post_channels (
  post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  channel_id  INTEGER NOT NULL REFERENCES channels(id),
  PRIMARY KEY (post_id, channel_id)
);

-- Every saved version of a post's content, with its author: the history and
-- the four-eyes rule (nobody approves a post they wrote a version of) read it.
CREATE TABLE post_versions (
  id             INTEGER PRIMARY KEY,
  post_id        INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  version        INTEGER NOT NULL,
  snapshot_json  TEXT NOT NULL,
  author_id      INTEGER REFERENCES users(id),
  created_at     TEXT NOT NULL,
  UNIQUE (post_id, version)
);

-- Who approved the current version, and why a post was sent back.
ALTER TABLE posts ADD COLUMN approved_by INTEGER REFERENCES users(id);
ALTER TABLE posts ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
