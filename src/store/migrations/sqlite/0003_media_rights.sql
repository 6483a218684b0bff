-- civicpost schema, version 3: media metadata, rights and the consent ledger.

-- What the original's metadata said when it was imported. A GPS position is
-- only flagged: renditions never carry it and it is never published.
ALTER TABLE media ADD COLUMN captured_at TEXT;
ALTER TABLE media ADD COLUMN has_location INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN metadata_json TEXT NOT NULL DEFAULT '{}';
-- Where crops keep their centre, as fractions of width and height.
ALTER TABLE media ADD COLUMN focal_x REAL NOT NULL DEFAULT 0.5;
ALTER TABLE media ADD COLUMN focal_y REAL NOT NULL DEFAULT 0.5;

-- Copyright: where a media file comes from and under which licence.
CREATE TABLE media_rights (
  media_id             INTEGER PRIMARY KEY REFERENCES media(id),
  source               TEXT NOT NULL CHECK (source IN ('own', 'staff', 'agency', 'citizen',
                                                        'creative_commons')),
  author               TEXT NOT NULL DEFAULT '',
  copyright_notice     TEXT NOT NULL DEFAULT '',
  licence              TEXT NOT NULL DEFAULT '',
  licence_url          TEXT NOT NULL DEFAULT '',
  source_url           TEXT NOT NULL DEFAULT '',
  title                TEXT NOT NULL DEFAULT '',
  attribution_required INTEGER NOT NULL DEFAULT 0,
  attribution          TEXT NOT NULL DEFAULT '',
  licensed_until       TEXT,
  people_recognisable  INTEGER NOT NULL DEFAULT 0,
  sensitive_setting    TEXT NOT NULL DEFAULT 'none'
                       CHECK (sensitive_setting IN ('none', 'assembly', 'school', 'emergency')),
  legal_review         TEXT NOT NULL DEFAULT '',
  updated_by           INTEGER REFERENCES users(id),
  updated_at           TEXT NOT NULL
);

-- The right to one's own image: every recognisable person with their consent
-- or the legal exception that allows showing them.
CREATE TABLE media_people (
  id                   INTEGER PRIMARY KEY,
  media_id             INTEGER NOT NULL REFERENCES media(id),
  name                 TEXT NOT NULL,
  basis                TEXT NOT NULL CHECK (basis IN ('consent', 'public_event',
                                                      'contemporary_history', 'crowd')),
  channels             TEXT NOT NULL DEFAULT '',
  purpose              TEXT NOT NULL DEFAULT '',
  given_on             TEXT,
  expires_on           TEXT,
  minor                INTEGER NOT NULL DEFAULT 0,
  age                  INTEGER NOT NULL DEFAULT 0,
  guardians_custodial  INTEGER NOT NULL DEFAULT 0,
  guardians_consented  INTEGER NOT NULL DEFAULT 0,
  own_consent          INTEGER NOT NULL DEFAULT 0,
  form_location        TEXT NOT NULL DEFAULT '',
  note                 TEXT NOT NULL DEFAULT '',
  withdrawn_at         TEXT
);
CREATE INDEX media_people_by_media ON media_people (media_id);

-- Posts that must come down because a consent was withdrawn or expired; the
-- channels work through the open ones.
CREATE TABLE takedowns (
  id            INTEGER PRIMARY KEY,
  post_id       INTEGER NOT NULL REFERENCES posts(id),
  media_id      INTEGER NOT NULL REFERENCES media(id),
  person_id     INTEGER NOT NULL REFERENCES media_people(id),
  reason        TEXT NOT NULL CHECK (reason IN ('consent_withdrawn', 'consent_expired')),
  requested_at  TEXT NOT NULL,
  done_at       TEXT,
  UNIQUE (post_id, person_id)
);
CREATE INDEX takedowns_open ON takedowns (done_at, post_id);
