-- civicpost schema, version 16: feedback past the concept's
-- feedback_retention_days has its message, sender and note erased by the
-- retention run; the row stays with its dates for the monitoring report.
ALTER TABLE site_feedback ADD COLUMN redacted_at TEXT;
