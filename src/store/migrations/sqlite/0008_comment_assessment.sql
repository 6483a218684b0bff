-- civicpost schema, version 8: the moderation engine decides about every
-- new comment, so it finds them by state, and a comment's decisions by it.
CREATE INDEX comments_by_state ON comments (state, id);
CREATE INDEX decisions_by_comment ON decisions (comment_id, id);
