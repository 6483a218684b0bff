#pragma once
// The embedded SQLite driver: WAL journal, foreign keys on, a busy timeout,
// synchronous=FULL (a committed row survives a killed process and a power
// cut), and a cache of prepared statements.
//
// One connection serves the process; a mutex serialises statements and a
// Transaction holds it until it ends. Plenty for one authority's desk; the
// PostgreSQL driver is the path for many authorities and many processes.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/database.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace civicpost::store {

enum class OpenMode { kCreateIfMissing, kMustExist };

class SqliteDatabase final : public Database {
 public:
  // Errors name the file: missing (kMustExist), unwritable, corrupt or not
  // a database at all.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::filesystem::path& path,
                                                      OpenMode mode);
  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<Rows> Query(std::string_view sql, const SqlParams& params = {}) override;
  Result<int64_t> Execute(std::string_view sql, const SqlParams& params = {}) override;
  Result<std::unique_ptr<Transaction>> Begin() override;
  Status ExecuteScript(std::string_view sql) override;
  std::string_view Engine() const override { return "sqlite"; }
  int64_t ErrorCount() const override;

  // Folds the WAL into the main file; called on clean shutdown.
  Status Checkpoint();

 private:
  class SqliteTransaction;

  SqliteDatabase(sqlite3* db, std::filesystem::path path);

  // REQUIRES: mu_ held.
  Result<Rows> RunLocked(std::string_view sql, const SqlParams& params, int64_t* changes);
  Status ScriptLocked(std::string_view sql);
  Result<sqlite3_stmt*> PrepareLocked(std::string_view sql);
  Error ErrorLocked(int code, std::string_view what);

  const std::filesystem::path path_;
  mutable std::mutex mu_;
  // Guarded by mu_
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  int64_t errors_ = 0;
};

}  // namespace civicpost::store
