#include "store/audit_log.hpp"

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "core/time_format.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kColumns =
    "id, at, actor, action, target_type, target_id, before_json, after_json, prev_hash, hash";

// The bytes a row's hash covers; a JSON array so no field can bleed into the
// next one.
std::string EntryHash(const AuditEntry& e) {
  const nlohmann::json fields = {e.id.value(),  FormatIsoUtc(e.at), e.actor,
                                 e.action,      e.target_type,      e.target_id,
                                 e.before_json, e.after_json,       e.prev_hash};
  return Sha256Hex(fields.dump());
}

AuditEntry FromRow(const Row& row) {
  AuditEntry e;
  e.id = AuditEntryId(row.Int(0));
  e.at = ParseIsoUtc(row.Text(1)).value_or(Timestamp{});
  e.actor = row.Text(2);
  e.action = row.Text(3);
  e.target_type = row.Text(4);
  e.target_id = row.Text(5);
  e.before_json = row.Text(6);
  e.after_json = row.Text(7);
  e.prev_hash = row.Text(8);
  e.hash = row.Text(9);
  return e;
}

// `text` as a LIKE pattern that matches it literally anywhere.
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

Result<std::vector<AuditEntry>> AuditLog::Find(SqlSession& db, const AuditFilter& filter) const {
  // One fixed statement: an empty filter value disables its condition.
  auto rows = db.Query(
      "SELECT " + std::string(kColumns) +
          " FROM audit_log WHERE ($1 = '' OR substr(action, 1, length($1)) = $1) "
          "AND ($2 = '' OR actor LIKE $3 ESCAPE '\\') AND ($4 = '' OR target_type = $4) "
          "AND ($5 = '' OR target_id = $5) AND ($6 = '' OR at >= $6) AND ($7 = '' OR at < $7) "
          "AND ($8 = 0 OR id < $8) ORDER BY id DESC LIMIT $9",
      {filter.action_prefix, filter.actor_contains, ContainsPattern(filter.actor_contains),
       filter.target_type, filter.target_id, filter.from ? FormatIsoUtc(*filter.from) : "",
       filter.until ? FormatIsoUtc(*filter.until) : "", filter.before_id.value_or(0),
       int64_t{filter.limit}});
  if (!rows) return rows.error();
  std::vector<AuditEntry> out;
  for (const Row& row : *rows) out.push_back(FromRow(row));
  return out;
}

Status AuditLog::Append(Transaction& tx, const Actor& actor, const AuditRecord& record) {
  auto head = tx.Query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!head) return head.error();
  AuditEntry e;
  e.id = AuditEntryId(head->empty() ? 1 : (*head)[0].Int(0) + 1);
  e.prev_hash = head->empty() ? std::string(kGenesisHash) : (*head)[0].Text(1);
  e.at = clock_.Now();
  e.actor = actor.name;
  e.action = record.action;
  e.target_type = record.target_type;
  e.target_id = record.target_id;
  e.before_json = record.before_json;
  e.after_json = record.after_json;
  e.hash = EntryHash(e);
  auto inserted = tx.Execute(
      "INSERT INTO audit_log (id, at, actor, action, target_type, target_id, before_json, "
      "after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {e.id.value(), FormatIsoUtc(e.at), e.actor, e.action, e.target_type, e.target_id,
       e.before_json, e.after_json, e.prev_hash, e.hash});
  if (!inserted) return inserted.error();
  return Status::Ok();
}

Result<int64_t> AuditLog::HeadId(SqlSession& db) const {
  auto rows = db.Query("SELECT COALESCE(MAX(id), 0) FROM audit_log", {});
  if (!rows) return rows.error();
  return rows->front().Int(0);
}

Result<std::vector<AuditEntry>> AuditLog::Recent(SqlSession& db, int limit) const {
  auto rows =
      db.Query("SELECT " + std::string(kColumns) + " FROM audit_log ORDER BY id DESC LIMIT $1",
               {int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<AuditEntry> out;
  for (const Row& row : *rows) out.push_back(FromRow(row));
  return out;
}

Result<AuditVerification> AuditLog::Verify(SqlSession& db) {
  auto rows = db.Query("SELECT " + std::string(kColumns) + " FROM audit_log ORDER BY id");
  if (!rows) return rows.error();
  AuditVerification report;
  std::string expected_prev(kGenesisHash);
  for (const Row& row : *rows) {
    const AuditEntry e = FromRow(row);
    ++report.rows_checked;
    if (e.prev_hash != expected_prev) {
      report.first_broken_id = e.id.value();
      report.problem = "row " + e.id.ToString() +
                       " does not link to the row before it (a row was removed or inserted)";
      return report;
    }
    if (EntryHash(e) != e.hash) {
      report.first_broken_id = e.id.value();
      report.problem = "row " + e.id.ToString() + " was changed after it was written";
      return report;
    }
    expected_prev = e.hash;
  }
  return report;
}

}  // namespace civicpost::store
