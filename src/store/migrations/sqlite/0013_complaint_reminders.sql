-- civicpost schema, version 13: reminders of the complaint deadline (R20,
-- § 77b StGB) by mail, at 30, 14 and 7 days before it ends.
-- One row per comment and step: claimed before the mails go out, so two
-- servers do not both send it; sent_at once every recipient has it. A claim
-- without sent_at that is older than the run's lease was left by a run that
-- died or failed and is taken over by the next. `recipients` lists (JSON)
-- the addresses the mail reached, so a retry writes only to the others.
CREATE TABLE complaint_reminders (
  id           INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments(id),
  step_days    INTEGER NOT NULL CHECK (step_days IN (30, 14, 7)),
  deadline     TEXT NOT NULL,
  claimed_at   TEXT,
  sent_at      TEXT,
  recipients   TEXT NOT NULL DEFAULT '[]',
  UNIQUE (comment_id, step_days)
);
