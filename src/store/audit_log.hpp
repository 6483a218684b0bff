#pragma once
// The audit log: who changed what, when, with the state before and after.
// Append-only (triggers refuse UPDATE and DELETE) and hash-chained: each
// row's hash covers its fields and the previous row's hash, so an edit made
// around the triggers (directly in the file) breaks the chain at that row.
//
// Every repository write appends here inside the same transaction as the
// change itself: either both are stored or neither.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/audit_entry.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace civicpost::store {

// What changed; the log adds time, actor and the chain.
struct AuditRecord {
  std::string action;       // "post.create", "user.add", ...
  std::string target_type;  // "post"
  std::string target_id;
  std::string before_json;
  std::string after_json;
};

struct AuditVerification {
  int64_t rows_checked = 0;
  std::optional<int64_t> first_broken_id;  // empty: the chain is intact
  std::string problem;
};

// Which entries the audit page asks for; empty fields match everything.
struct AuditFilter {
  std::string action_prefix;   // "post." or "post.state"
  std::string actor_contains;  // part of "user:3 redaktion@..."
  std::string target_type;
  std::string target_id;
  std::optional<Timestamp> from;     // inclusive
  std::optional<Timestamp> until;    // exclusive
  std::optional<int64_t> before_id;  // paging: entries older than this id
  int limit = 100;
};

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  Status Append(Transaction& tx, const Actor& actor, const AuditRecord& record);

  // Newest first; for the audit page and tests.
  Result<std::vector<AuditEntry>> Recent(SqlSession& db, int limit) const;
  // The newest entry's id (0 when empty): every change the store makes moves
  // it, so caches of what the store says can ask whether anything changed.
  Result<int64_t> HeadId(SqlSession& db) const;

  // Newest first, filtered.
  Result<std::vector<AuditEntry>> Find(SqlSession& db, const AuditFilter& filter) const;

  // Recomputes the chain from the first row and reports the first row whose
  // hash or link does not match.
  static Result<AuditVerification> Verify(SqlSession& db);

  static constexpr std::string_view kGenesisHash =
      "0000000000000000000000000000000000000000000000000000000000000000";

 private:
  const Clock& clock_;
};

}  // namespace civicpost::store
