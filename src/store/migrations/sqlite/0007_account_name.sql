-- civicpost schema, version 7: the connected account's name beside its id,
-- so staff see "@stadt.sassenberg" rather than a number.
ALTER TABLE channels ADD COLUMN account_name TEXT NOT NULL DEFAULT '';
