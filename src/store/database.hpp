#pragma once
// Database: the SQL engine behind the repositories (SQLite now, PostgreSQL
// later). Repositories write portable SQL with PostgreSQL-style numbered
// parameters ($1, $2, ...) and `RETURNING`; drivers bind them natively.
// Nothing outside a driver builds SQL from values: parameters only.
//
// Typical usage:
//   auto tx = db.Begin();
//   if (!tx) return tx.error();
//   auto rows = (*tx)->Query("SELECT id FROM posts WHERE state = $1", {"draft"});
//   ...
//   return (*tx)->Commit();   // destructor rolls back if not committed
//
// Thread-safety: a Database is safe to share between threads. A Transaction
// belongs to the thread that began it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace civicpost::store {

using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
using SqlParams = std::vector<SqlValue>;

// One result row; columns by position, as selected.
class Row {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}

  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  int64_t Int(size_t i) const;        // 0 for NULL
  double Real(size_t i) const;        // 0 for NULL
  std::string Text(size_t i) const;   // "" for NULL
  std::optional<int64_t> OptionalInt(size_t i) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<SqlValue> values_;
};

using Rows = std::vector<Row>;

// Something that runs statements: the database itself (each statement in its
// own transaction) or an open Transaction.
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Result<Rows> Query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> Execute(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs several statements without parameters (migrations only).
  virtual Status ExecuteScript(std::string_view sql) = 0;
};

class Transaction : public SqlSession {
 public:
  // Rolls back unless Commit() succeeded.
  ~Transaction() override = default;
  virtual Status Commit() = 0;
};

class Database : public SqlSession {
 public:
  // Begins a write transaction. Writers are serialised, so a transaction
  // may read, decide and write without another writer interleaving.
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
  // "sqlite" or "postgresql".
  virtual std::string_view Engine() const = 0;
  // Statements that failed since start (exported as a metric).
  virtual int64_t ErrorCount() const = 0;
};

}  // namespace civicpost::store
