#include "store/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "core/resources.hpp"
#include "core/time_format.hpp"

namespace civicpost::store {
namespace {

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

// "sqlite/0001_initial.sql" -> {1, "initial"} for the engine's folder.
std::vector<Migration> MigrationsFor(std::string_view engine) {
  std::vector<Migration> out;
  const std::string prefix = std::string(engine) + "/";
  for (const auto& r : resources::Migrations()) {
    if (!r.path.starts_with(prefix)) continue;
    std::string_view file = r.path.substr(prefix.size());
    int version = 0;
    auto [ptr, ec] = std::from_chars(file.data(), file.data() + file.size(), version);
    if (ec != std::errc() || *ptr != '_') continue;
    std::string_view name = file.substr(static_cast<size_t>(ptr - file.data()) + 1);
    if (name.ends_with(".sql")) name.remove_suffix(4);
    out.push_back({version, std::string(name), r.bytes});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

Result<std::vector<std::string>> TableNames(Database& db) {
  const char* sql = db.Engine() == "sqlite"
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%'"
                        : "SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = current_schema()";
  auto rows = db.Query(sql);
  if (!rows) return rows.error();
  std::vector<std::string> names;
  for (const Row& row : *rows) names.push_back(row.Text(0));
  return names;
}

}  // namespace

int LatestSchemaVersion(const Database& db) {
  const auto all = MigrationsFor(db.Engine());
  return all.empty() ? 0 : all.back().version;
}

Result<int> CurrentSchemaVersion(Database& db) {
  auto tables = TableNames(db);
  if (!tables) return tables.error();
  if (tables->empty()) return 0;
  if (std::find(tables->begin(), tables->end(), "schema_migrations") == tables->end()) {
    return InvalidArgument("this is not a civicpost database (it has table '" +
                           tables->front() + "' but no schema_migrations)");
  }
  auto rows = db.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return rows.error();
  return static_cast<int>((*rows)[0].Int(0));
}

Result<int> Migrate(Database& db, const Clock& clock) {
  auto current = CurrentSchemaVersion(db);
  if (!current) return current.error();
  const int latest = LatestSchemaVersion(db);
  if (*current > latest) {
    return Conflict("the database has schema version " + std::to_string(*current) +
                    ", newer than this civicpost knows (" + std::to_string(latest) +
                    "); upgrade civicpost instead of using an older binary");
  }
  int applied = 0;
  for (const Migration& m : MigrationsFor(db.Engine())) {
    if (m.version <= *current) continue;
    auto tx = db.Begin();
    if (!tx) return tx.error();
    Status s = (*tx)->ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    if (s.ok()) s = (*tx)->ExecuteScript(m.sql);
    if (!s.ok()) {
      return Error{s.error().code, "migration " + std::to_string(m.version) + " (" + m.name +
                                       ") failed: " + s.message()};
    }
    auto row = (*tx)->Execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        {int64_t{m.version}, m.name, FormatIsoUtc(clock.Now())});
    if (!row) return row.error();
    if (Status c = (*tx)->Commit(); !c.ok()) return c.error();
    ++applied;
  }
  return applied;
}

Status CheckSchemaCurrent(Database& db) {
  auto current = CurrentSchemaVersion(db);
  if (!current) return current.error();
  const int latest = LatestSchemaVersion(db);
  if (*current == latest) return Status::Ok();
  if (*current > latest) {
    return Conflict("the database has schema version " + std::to_string(*current) +
                    ", newer than this civicpost knows (" + std::to_string(latest) + ")");
  }
  return Conflict("the database has schema version " + std::to_string(*current) +
                  ", this civicpost needs " + std::to_string(latest) +
                  "; run 'civicpost migrate'");
}

}  // namespace civicpost::store
