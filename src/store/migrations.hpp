#pragma once
// Versioned schema migrations, embedded in the binary (migrations/<engine>/
// NNNN_name.sql). Each migration runs in its own transaction together with
// its row in schema_migrations, so a killed migration leaves the previous
// version intact.

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace civicpost::store {

// The newest schema version this binary knows for the database's engine.
int LatestSchemaVersion(const Database& db);

// The database's schema version; 0 for an empty database. Fails for a
// database that holds tables but is not a civicpost database.
Result<int> CurrentSchemaVersion(Database& db);

// Applies pending migrations and returns how many ran. Refuses, touching
// nothing, a database whose schema is newer than this binary.
Result<int> Migrate(Database& db, const Clock& clock);

// OK when the schema is exactly current; otherwise says what to do.
Status CheckSchemaCurrent(Database& db);

}  // namespace civicpost::store
