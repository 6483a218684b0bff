-- civicpost schema, version 5: comments as the platform delivers them.

-- Who wrote it (the platform's id beside the handle), on which media, when
-- (the platform's time; received_at is ours), by which way (webhook or the
-- polling backfill), and the event exactly as it arrived: the evidence
-- record of the moderation issue quotes it.
ALTER TABLE comments ADD COLUMN author_id TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN media_remote_id TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN commented_at TEXT;
ALTER TABLE comments ADD COLUMN source TEXT NOT NULL DEFAULT 'webhook'
  CHECK (source IN ('webhook', 'poll'));
ALTER TABLE comments ADD COLUMN raw_json TEXT NOT NULL DEFAULT '{}';

-- Finding the channel a webhook's account id belongs to, and the post a
-- media id was published as.
CREATE INDEX channels_account ON channels (platform, account_id);
CREATE INDEX deliveries_remote ON deliveries (channel_id, remote_id);
