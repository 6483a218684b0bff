#pragma once
// What every command that works on a data directory opens first: the
// configuration (with logging set up) and the database.

#include <memory>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "cli/command_line.hpp"
#include "core/clock.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace civicpost::app {

// The configuration and the opened database a command works on.
struct Workspace {
  Config config;
  std::unique_ptr<store::SqliteDatabase> db;
};

// Opens the database of `config`; kCreateIfMissing also makes the data
// directory and brings the schema up to date. Without it the schema must be
// current.
Result<std::unique_ptr<store::SqliteDatabase>> OpenStore(const Config& config, const Clock& clock,
                                                         store::OpenMode mode);

// The configuration for `location`, with logging set up as it says.
Result<Config> ConfigFor(const cli::Location& location,
                         const std::optional<std::string>& listen = std::nullopt);

Result<Workspace> OpenWorkspace(const cli::Location& location, store::OpenMode mode,
                                const Clock& clock,
                                const std::optional<std::string>& listen = std::nullopt);

}  // namespace civicpost::app
