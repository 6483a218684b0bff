-- civicpost schema, version 6: insights as time series, for reports.

-- One reading of one metric: a published post's (scope 'media', lifetime
-- totals as of measured_at) or the account's (scope 'account', for the day
-- ending at period_end). Readings are appended, never updated: the series
-- is the report.
CREATE TABLE insights (
  id           INTEGER PRIMARY KEY,
  channel_id   INTEGER NOT NULL REFERENCES channels(id),
  scope        TEXT NOT NULL CHECK (scope IN ('media', 'account')),
  remote_id    TEXT NOT NULL,
  post_id      INTEGER REFERENCES posts(id),
  metric       TEXT NOT NULL,
  value        INTEGER NOT NULL,
  measured_at  TEXT NOT NULL,
  period_end   TEXT,
  UNIQUE (channel_id, scope, remote_id, metric, measured_at, period_end)
);
CREATE INDEX insights_series ON insights (channel_id, remote_id, metric, measured_at);
