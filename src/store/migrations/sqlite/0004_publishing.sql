-- civicpost schema, version 4: durable publishing and channel connections.

-- A delivery's progress on the platform, written before and after each
-- remote call (container ids, "about to publish since", the media id), so a
-- publisher killed at any point resumes without publishing twice. Owned by
-- the channel; opaque to everything else.
ALTER TABLE deliveries ADD COLUMN progress_json TEXT NOT NULL DEFAULT '{}';
-- Why the last attempt did not succeed, as a catalogue key staff can read
-- ("graph.image_too_large"); last_error keeps the platform's own words.
ALTER TABLE deliveries ADD COLUMN error_key TEXT NOT NULL DEFAULT '';

-- How civicpost reaches a channel's account. The token is sealed with the
-- key outside the data directory (core::SecretBox); a stolen database or
-- backup holds no usable token.
ALTER TABLE channels ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN api_base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN token_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN token_expires_at TEXT;
ALTER TABLE channels ADD COLUMN token_refreshed_at TEXT;
-- Why the channel needs a person (a catalogue key), when it does.
ALTER TABLE channels ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';

-- Which worker holds a job's lease ("<boot id>/<pid>"), so a worker started
-- after a crash on the same machine takes over the dead one's jobs at once
-- instead of waiting for the lease to run out.
ALTER TABLE jobs ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
