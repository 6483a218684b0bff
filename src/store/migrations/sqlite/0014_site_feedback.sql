-- civicpost schema, version 14: feedback on the public site's accessibility
-- (EU 2016/2102 Art. 7, § 10b BGG NRW). Citizens write through the form on
-- the accessibility statement; staff must answer by due_on (the authority's
-- local date of arrival plus the concept's feedback_response_days).
-- The message and the sender's name and address are personal data: they
-- live here only, never in the audit log, so retention can reach them.
-- notified_at: the staff were told by mail (NULL while no mail went out,
-- or when no mail server is configured).
CREATE TABLE site_feedback (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  received_at     TEXT NOT NULL,
  sender_name     TEXT NOT NULL DEFAULT '',
  sender_email    TEXT NOT NULL DEFAULT '',
  page            TEXT NOT NULL DEFAULT '',
  message         TEXT NOT NULL,
  due_on          TEXT NOT NULL,
  notified_at     TEXT,
  answered_at     TEXT,
  answered_by     INTEGER REFERENCES users(id),
  answer_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX site_feedback_by_organization ON site_feedback (organization_id, answered_at, due_on);
