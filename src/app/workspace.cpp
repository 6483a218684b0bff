#include "app/workspace.hpp"

#include <spdlog/spdlog.h>

#include "app/logging.hpp"
#include "store/migrations.hpp"
#include "sys/data_dir.hpp"

namespace civicpost::app {

// Opens the database of `config`; `create` also makes the data directory and
// brings the schema up to date. Without it the schema must be current.
Result<std::unique_ptr<store::SqliteDatabase>> OpenStore(const Config& config, const Clock& clock,
                                                         store::OpenMode mode) {
  if (mode == store::OpenMode::kCreateIfMissing) {
    Status dir = sys::PrepareDataDir(config.data_dir);
    if (!dir.ok()) return dir.error();
  }
  auto db = store::SqliteDatabase::Open(config.database_path(), mode);
  if (!db) return db.error();
  if (mode == store::OpenMode::kCreateIfMissing) {
    auto applied = store::Migrate(**db, clock);
    if (!applied)
      return Error{applied.error().code,
                   config.database_path().string() + ": " + applied.error().message};
    if (*applied > 0) {
      spdlog::info("database {}: applied {} migration(s)", config.database_path().string(),
                   *applied);
    }
  } else if (Status current = store::CheckSchemaCurrent(**db); !current.ok()) {
    return Error{current.error().code, config.database_path().string() + ": " + current.message()};
  }
  return db;
}

Result<Config> ConfigFor(const cli::Location& location, const std::optional<std::string>& listen) {
  auto config = LoadConfig(location, listen);
  if (!config) return config.error();
  if (Status s = SetUpLogging(config->log_level); !s.ok()) return s.error();
  return config;
}

Result<Workspace> OpenWorkspace(const cli::Location& location, store::OpenMode mode,
                                const Clock& clock, const std::optional<std::string>& listen) {
  auto config = ConfigFor(location, listen);
  if (!config) return config.error();
  auto db = OpenStore(*config, clock, mode);
  if (!db) return db.error();
  return Workspace{std::move(*config), std::move(*db)};
}

}  // namespace civicpost::app
