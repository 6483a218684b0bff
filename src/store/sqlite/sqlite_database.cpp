#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <charconv>
#include <cstring>

namespace civicpost::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

ErrorCode CodeFor(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return ErrorCode::kConflict;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return ErrorCode::kPermissionDenied;
    default:
      return ErrorCode::kInternal;
  }
}

// Which entry of `params` a placeholder refers to: "$3" -> 2, "?" -> index-1.
std::optional<size_t> ParamIndex(sqlite3_stmt* stmt, int placeholder) {
  const char* name = sqlite3_bind_parameter_name(stmt, placeholder);
  if (name == nullptr) return static_cast<size_t>(placeholder - 1);
  if (name[0] != '$') return std::nullopt;
  size_t n = 0;
  const char* end = name + std::strlen(name);
  auto [ptr, ec] = std::from_chars(name + 1, end, n);
  if (ec != std::errc() || ptr != end || n == 0) return std::nullopt;
  return n - 1;
}

SqlValue ColumnValue(sqlite3_stmt* stmt, int col) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, col));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, col);
    case SQLITE_NULL:
      return std::monostate{};
    default: {
      const auto* text = sqlite3_column_blob(stmt, col);
      const int size = sqlite3_column_bytes(stmt, col);
      return std::string(static_cast<const char*>(text), static_cast<size_t>(size));
    }
  }
}

}  // namespace

class SqliteDatabase::SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase& db, std::unique_lock<std::mutex> lock)
      : db_(db), lock_(std::move(lock)) {}
  ~SqliteTransaction() override {
    if (!done_) (void)db_.RunLocked("ROLLBACK", {}, nullptr);
  }
  Result<Rows> Query(std::string_view sql, const SqlParams& params) override {
    return db_.RunLocked(sql, params, nullptr);
  }
  Result<int64_t> Execute(std::string_view sql, const SqlParams& params) override {
    int64_t changes = 0;
    auto rows = db_.RunLocked(sql, params, &changes);
    if (!rows) return rows.error();
    return changes;
  }
  Status ExecuteScript(std::string_view sql) override { return db_.ScriptLocked(sql); }
  Status Commit() override {
    auto rows = db_.RunLocked("COMMIT", {}, nullptr);
    if (!rows) return rows.error();
    done_ = true;
    return Status::Ok();
  }

 private:
  SqliteDatabase& db_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
};

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::filesystem::path& path,
                                                             OpenMode mode) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (mode == OpenMode::kMustExist && !exists) {
    return NotFound("no database at " + path.string() + " (run 'civicpost init' first)");
  }
  if (exists && access(path.c_str(), R_OK | W_OK) != 0) {
    return PermissionDenied("database " + path.string() + " is not readable and writable: " +
                            std::strerror(errno));
  }
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX |
                    (mode == OpenMode::kCreateIfMissing ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Error{CodeFor(rc), "cannot open database " + path.string() + ": " + reason};
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw, path));
  // The first statement reads the file header: a corrupt file or one that is
  // not SQLite fails here, before anything is written.
  auto journal = db->Query("PRAGMA journal_mode=WAL");
  if (!journal) {
    return Error{journal.error().code, "database " + path.string() +
                                           " cannot be used (corrupt or not a civicpost "
                                           "database?): " + journal.error().message};
  }
  if (journal->empty() || (*journal)[0].Text(0) != "wal") {
    return Internal("database " + path.string() + " refused WAL journaling");
  }
  for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    auto ok = db->Execute(pragma);
    if (!ok) return Error{ok.error().code, path.string() + ": " + ok.error().message};
  }
  return db;
}

SqliteDatabase::SqliteDatabase(sqlite3* db, std::filesystem::path path)
    : path_(std::move(path)), db_(db) {}

SqliteDatabase::~SqliteDatabase() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Error SqliteDatabase::ErrorLocked(int code, std::string_view what) {
  ++errors_;
  std::string message(what);
  message += ": ";
  message += sqlite3_errmsg(db_);
  if ((code & 0xff) == SQLITE_FULL) message += " (disk full at " + path_.string() + ")";
  return Error{CodeFor(code), std::move(message)};
}

Result<sqlite3_stmt*> SqliteDatabase::PrepareLocked(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorLocked(rc, "SQL error in '" + key + "'");
  statements_.emplace(std::move(key), stmt);
  return stmt;
}

Result<Rows> SqliteDatabase::RunLocked(std::string_view sql, const SqlParams& params,
                                       int64_t* changes) {
  auto prepared = PrepareLocked(sql);
  if (!prepared) return prepared.error();
  sqlite3_stmt* stmt = *prepared;
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};

  const int placeholders = sqlite3_bind_parameter_count(stmt);
  for (int p = 1; p <= placeholders; ++p) {
    auto index = ParamIndex(stmt, p);
    if (!index || *index >= params.size()) {
      ++errors_;
      return Internal("statement '" + std::string(sql) + "' needs more parameters than given");
    }
    const SqlValue& value = params[*index];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, p, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, p, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text64(stmt, p, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, p);
    }
    if (rc != SQLITE_OK) return ErrorLocked(rc, "cannot bind parameter");
  }

  Rows rows;
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return ErrorLocked(rc, "statement failed");
    std::vector<SqlValue> values;
    values.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(ColumnValue(stmt, c));
    rows.emplace_back(std::move(values));
  }
  if (changes) *changes = sqlite3_changes64(db_);
  return rows;
}

Result<Rows> SqliteDatabase::Query(std::string_view sql, const SqlParams& params) {
  std::lock_guard<std::mutex> lock(mu_);
  return RunLocked(sql, params, nullptr);
}

Result<int64_t> SqliteDatabase::Execute(std::string_view sql, const SqlParams& params) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t changes = 0;
  auto rows = RunLocked(sql, params, &changes);
  if (!rows) return rows.error();
  return changes;
}

Result<std::unique_ptr<Transaction>> SqliteDatabase::Begin() {
  std::unique_lock<std::mutex> lock(mu_);
  // IMMEDIATE takes the write lock now, so two processes cannot both read
  // the audit chain's head and append after it.
  auto begun = RunLocked("BEGIN IMMEDIATE", {}, nullptr);
  if (!begun) return begun.error();
  return std::unique_ptr<Transaction>(new SqliteTransaction(*this, std::move(lock)));
}

Status SqliteDatabase::ExecuteScript(std::string_view sql) {
  std::lock_guard<std::mutex> lock(mu_);
  return ScriptLocked(sql);
}

Status SqliteDatabase::ScriptLocked(std::string_view sql) {
  const std::string script(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    ++errors_;
    return Error{CodeFor(rc), text};
  }
  return Status::Ok();
}

int64_t SqliteDatabase::ErrorCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return errors_;
}

Status SqliteDatabase::Checkpoint() {
  std::lock_guard<std::mutex> lock(mu_);
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                                           nullptr);
  if (rc != SQLITE_OK) return ErrorLocked(rc, "checkpoint failed");
  return Status::Ok();
}

}  // namespace civicpost::store
