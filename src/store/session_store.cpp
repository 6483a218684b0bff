#include "store/session_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

Result<int64_t> CountOf(Result<Rows> rows) {
  if (!rows) return rows.error();
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

}  // namespace

Status SessionStore::Create(Transaction& tx, const Actor& actor, const SessionRecord& session) {
  auto inserted = tx.Execute(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
      "remote_address) VALUES ($1, $2, $3, $4, $5, $6)",
      {session.token_hash, session.user_id.value(), session.csrf_token,
       TimeValue(session.created_at), TimeValue(session.last_seen_at), session.remote_address});
  if (!inserted) return inserted.error();
  const nlohmann::json after = {{"remote_address", session.remote_address}};
  return audit_.Append(tx, actor,
                       {"session.login", "user", session.user_id.ToString(), "", after.dump()});
}

Result<std::optional<SessionRecord>> SessionStore::Find(SqlSession& db,
                                                        std::string_view token_hash) {
  auto rows = db.Query(
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, remote_address "
      "FROM sessions WHERE token_hash = $1",
      {std::string(token_hash)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<SessionRecord>();
  const Row& row = (*rows)[0];
  return std::optional<SessionRecord>(SessionRecord{row.Text(0), UserId(row.Int(1)), row.Text(2),
                                                    TimeAt(row, 3), TimeAt(row, 4), row.Text(5)});
}

Status SessionStore::Touch(SqlSession& db, std::string_view token_hash, Timestamp at) {
  auto changed = db.Execute("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
                            {TimeValue(at), std::string(token_hash)});
  if (!changed) return changed.error();
  return Status::Ok();
}

Status SessionStore::Delete(Transaction& tx, const Actor& actor, std::string_view token_hash) {
  auto session = Find(tx, token_hash);
  if (!session) return session.error();
  if (!*session) return Status::Ok();
  auto deleted =
      tx.Execute("DELETE FROM sessions WHERE token_hash = $1", {std::string(token_hash)});
  if (!deleted) return deleted.error();
  return audit_.Append(tx, actor,
                       {"session.logout", "user", (*session)->user_id.ToString(), "", ""});
}

Result<int64_t> SessionStore::DeleteAllForUser(Transaction& tx, const Actor& actor, UserId user) {
  auto deleted = tx.Execute("DELETE FROM sessions WHERE user_id = $1", {user.value()});
  if (!deleted) return deleted.error();
  const nlohmann::json after = {{"sessions_ended", *deleted}};
  Status s = audit_.Append(
      tx, actor, {"session.logout_everywhere", "user", user.ToString(), "", after.dump()});
  if (!s.ok()) return s.error();
  return *deleted;
}

Result<int64_t> SessionStore::DeleteExpired(SqlSession& db, Timestamp idle_before,
                                            Timestamp started_before) {
  return db.Execute("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
                    {TimeValue(idle_before), TimeValue(started_before)});
}

Status SessionStore::RecordLoginFailure(Transaction& tx, std::string_view email,
                                        std::string_view remote_address) {
  auto inserted =
      tx.Execute("INSERT INTO login_failures (email, remote_address, at) VALUES ($1, $2, $3)",
                 {std::string(email), std::string(remote_address), TimeValue(clock_.Now())});
  if (!inserted) return inserted.error();
  const nlohmann::json after = {{"email", email}, {"remote_address", remote_address}};
  return audit_.Append(tx, Actor::System(),
                       {"session.login_failed", "login", std::string(email), "", after.dump()});
}

Result<int64_t> SessionStore::FailuresForEmail(SqlSession& db, std::string_view email,
                                               Timestamp since) {
  return CountOf(db.Query("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2",
                          {std::string(email), TimeValue(since)}));
}

Result<int64_t> SessionStore::FailuresFromAddress(SqlSession& db, std::string_view remote_address,
                                                  Timestamp since) {
  return CountOf(
      db.Query("SELECT COUNT(*) FROM login_failures WHERE remote_address = $1 AND at >= $2",
               {std::string(remote_address), TimeValue(since)}));
}

Result<int64_t> SessionStore::PruneLoginFailures(SqlSession& db, Timestamp before) {
  return db.Execute("DELETE FROM login_failures WHERE at < $1", {TimeValue(before)});
}

Status SessionStore::ClearFailures(Transaction& tx, std::string_view email) {
  auto deleted = tx.Execute("DELETE FROM login_failures WHERE email = $1", {std::string(email)});
  if (!deleted) return deleted.error();
  return Status::Ok();
}

}  // namespace civicpost::store
