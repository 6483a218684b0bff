#pragma once
// Staff sessions and failed logins. A session row is keyed by the SHA-256 of
// the cookie value; the value itself exists only in the browser.

#include <optional>
#include <string>

#include "core/organization.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the cookie value
  UserId user_id;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp last_seen_at;
  std::string remote_address;
};

class SessionStore {
 public:
  SessionStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Audited as the login itself.
  Status Create(Transaction& tx, const Actor& actor, const SessionRecord& session);
  Result<std::optional<SessionRecord>> Find(SqlSession& db, std::string_view token_hash);
  // Not audited: it only records that the session is still in use.
  Status Touch(SqlSession& db, std::string_view token_hash, Timestamp at);
  // Logout; a missing session is not an error.
  Status Delete(Transaction& tx, const Actor& actor, std::string_view token_hash);
  // "Logout everywhere"; returns how many sessions ended.
  Result<int64_t> DeleteAllForUser(Transaction& tx, const Actor& actor, UserId user);
  // Sessions idle since before `idle_before` or started before `started_before`.
  Result<int64_t> DeleteExpired(SqlSession& db, Timestamp idle_before, Timestamp started_before);

  // Failed logins, for throttling. Each failure is also audited: the DPO sees
  // attempts on accounts.
  Status RecordLoginFailure(Transaction& tx, std::string_view email,
                            std::string_view remote_address);
  Result<int64_t> FailuresForEmail(SqlSession& db, std::string_view email, Timestamp since);
  Result<int64_t> FailuresFromAddress(SqlSession& db, std::string_view remote_address,
                                      Timestamp since);
  // Failures older than `before` no longer count for throttling.
  Result<int64_t> PruneLoginFailures(SqlSession& db, Timestamp before);
  // A successful login forgives the account's earlier failures.
  Status ClearFailures(Transaction& tx, std::string_view email);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
