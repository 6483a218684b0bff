-- civicpost schema, version 15: the daily check of the Impressum link in
-- the platform bio (§ 5 DDG). One row per authority with the last result;
-- `since` is when the current state (ok or failing) began. The audit log
-- gets an entry when the state changes, not for every check.
CREATE TABLE bio_link_checks (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations(id),
  url             TEXT NOT NULL,
  ok              INTEGER NOT NULL CHECK (ok IN (0, 1)),
  http_status     INTEGER,
  error           TEXT NOT NULL DEFAULT '',
  checked_at      TEXT NOT NULL,
  since           TEXT NOT NULL
);
