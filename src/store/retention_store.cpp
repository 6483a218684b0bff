#include "store/retention_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

// The comment is on one of the authority's channels.
constexpr std::string_view kOfAuthority =
    "JOIN comments c ON c.id = {table}.comment_id "
    "JOIN channels ch ON ch.id = c.channel_id WHERE ch.organization_id = $1 ";
constexpr std::string_view kNotHeld =
    "NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.comment_id = c.id "
    "AND h.released_at IS NULL)";
// A person still has to look at these.
constexpr std::string_view kNotWaiting = "c.state NOT IN ('new', 'needs_review')";

std::string OfAuthority(std::string_view table) {
  std::string sql(kOfAuthority);
  sql.replace(sql.find("{table}"), 7, table);
  return sql;
}

// What every deletion's audit entry says about why.
json RuleJson(const RetentionRule& rule, Timestamp at) {
  json out{{"rule", rule.name}, {"at", FormatIsoUtc(at)}};
  if (rule.concept_version > 0) out["concept_version"] = rule.concept_version;
  return out;
}

template <typename IdT>
Result<std::vector<IdT>> Ids(Result<Rows> rows) {
  if (!rows) return rows.error();
  std::vector<IdT> ids;
  for (const Row& row : *rows) ids.emplace_back(row.Int(0));
  return ids;
}

LegalHold HoldFromRow(const Row& row) {
  LegalHold hold;
  hold.id = LegalHoldId(row.Int(0));
  hold.comment_id = CommentId(row.Int(1));
  hold.reason = row.Text(2);
  hold.created_by = UserId(row.OptionalInt(3).value_or(0));
  hold.created_at = TimeAt(row, 4);
  if (auto by = row.OptionalInt(5)) hold.released_by = UserId(*by);
  hold.released_at = OptionalTimeAt(row, 6);
  return hold;
}

json HoldJson(const LegalHold& hold) {
  json out{{"id", hold.id.value()},
           {"comment_id", hold.comment_id.value()},
           {"reason", hold.reason},
           {"created_by", hold.created_by.value()}};
  if (hold.released_by) out["released_by"] = hold.released_by->value();
  if (hold.released_at) out["released_at"] = FormatIsoUtc(*hold.released_at);
  return out;
}

constexpr std::string_view kHoldColumns =
    "id, comment_id, reason, created_by, created_at, released_by, released_at";

}  // namespace

Result<LegalHoldId> RetentionStore::PlaceHold(Transaction& tx, const Actor& actor,
                                              CommentId comment, const std::string& reason,
                                              UserId by) {
  if (reason.empty()) return InvalidArgument("a legal hold needs a reason");
  LegalHold hold;
  hold.comment_id = comment;
  hold.reason = reason;
  hold.created_by = by;
  hold.created_at = clock_.Now();
  auto id =
      ReturnedId(tx.Query("INSERT INTO legal_holds (comment_id, reason, created_by, created_at) "
                          "VALUES ($1, $2, $3, $4) RETURNING id",
                          {comment.value(), reason, by.value(), TimeValue(hold.created_at)}));
  if (!id) return id.error();
  hold.id = LegalHoldId(*id);
  Status s = audit_.Append(
      tx, actor, {"legal_hold.place", "comment", comment.ToString(), "", HoldJson(hold).dump()});
  if (!s.ok()) return s.error();
  return hold.id;
}

Status RetentionStore::ReleaseHold(Transaction& tx, const Actor& actor, LegalHoldId id, UserId by) {
  auto rows = tx.Query("SELECT " + std::string(kHoldColumns) + " FROM legal_holds WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no legal hold with id " + id.ToString());
  const LegalHold before = HoldFromRow((*rows)[0]);
  if (before.released_at) {
    return Conflict("legal hold " + id.ToString() + " was released on " +
                    FormatIsoUtc(*before.released_at));
  }
  LegalHold after = before;
  after.released_by = by;
  after.released_at = clock_.Now();
  auto changed =
      tx.Execute("UPDATE legal_holds SET released_by = $1, released_at = $2 WHERE id = $3",
                 {by.value(), TimeValue(after.released_at), id.value()});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"legal_hold.release", "comment", before.comment_id.ToString(),
                        HoldJson(before).dump(), HoldJson(after).dump()});
}

Result<std::vector<LegalHold>> RetentionStore::ActiveHolds(SqlSession& db, CommentId comment) {
  auto rows = db.Query("SELECT " + std::string(kHoldColumns) +
                           " FROM legal_holds WHERE comment_id = $1 AND released_at IS NULL "
                           "ORDER BY id",
                       {comment.value()});
  if (!rows) return rows.error();
  std::vector<LegalHold> holds;
  for (const Row& row : *rows) holds.push_back(HoldFromRow(row));
  return holds;
}

Result<bool> RetentionStore::HasActiveHold(SqlSession& db, CommentId comment) {
  auto rows =
      db.Query("SELECT 1 FROM legal_holds WHERE comment_id = $1 AND released_at IS NULL LIMIT 1",
               {comment.value()});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<std::vector<EvidenceId>> RetentionStore::ExpiredEvidence(SqlSession& db, OrganizationId org,
                                                                Timestamp cutoff, int limit) {
  return Ids<EvidenceId>(db.Query("SELECT evidence.id FROM evidence " + OfAuthority("evidence") +
                                      "AND evidence.created_at < $2 AND " + std::string(kNotHeld) +
                                      " ORDER BY evidence.id LIMIT $3",
                                  {org.value(), TimeValue(cutoff), int64_t{limit}}));
}

Status RetentionStore::DeleteEvidence(Transaction& tx, const Actor& actor, EvidenceId id,
                                      const RetentionRule& rule) {
  auto rows =
      tx.Query("SELECT comment_id, sha256, prev_hash, hash, created_at FROM evidence WHERE id = $1",
               {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no evidence with id " + id.ToString());
  const Row& row = (*rows)[0];
  EvidenceTombstone stone{id,          CommentId(row.Int(0)), row.Text(1),  row.Text(2),
                          row.Text(3), TimeAt(row, 4),        clock_.Now(), rule.name};
  auto held = HasActiveHold(tx, stone.comment_id);
  if (!held) return held.error();
  if (*held) return Conflict("a legal hold keeps evidence " + id.ToString());
  // Tombstone first: the trigger refuses the DELETE without it.
  auto written = tx.Execute(
      "INSERT INTO evidence_tombstones (evidence_id, comment_id, sha256, prev_hash, hash, "
      "created_at, deleted_at, rule) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {id.value(), stone.comment_id.value(), stone.sha256, stone.prev_hash, stone.hash,
       TimeValue(stone.created_at), TimeValue(stone.deleted_at), stone.rule});
  if (!written) return written.error();
  auto deleted = tx.Execute("DELETE FROM evidence WHERE id = $1", {id.value()});
  if (!deleted) return deleted.error();
  const json before{{"id", id.value()},
                    {"comment_id", stone.comment_id.value()},
                    {"sha256", stone.sha256},
                    {"hash", stone.hash},
                    {"created_at", FormatIsoUtc(stone.created_at)}};
  json after = RuleJson(rule, stone.deleted_at);
  after["tombstone"] = true;
  return audit_.Append(tx, actor,
                       {"evidence.delete", "evidence", id.ToString(), before.dump(), after.dump()});
}

Result<std::optional<EvidenceTombstone>> RetentionStore::FindTombstone(SqlSession& db,
                                                                       EvidenceId id) {
  auto rows = db.Query(
      "SELECT comment_id, sha256, prev_hash, hash, created_at, deleted_at, rule "
      "FROM evidence_tombstones WHERE evidence_id = $1",
      {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<EvidenceTombstone>();
  const Row& row = (*rows)[0];
  return std::optional<EvidenceTombstone>(
      EvidenceTombstone{id, CommentId(row.Int(0)), row.Text(1), row.Text(2), row.Text(3),
                        TimeAt(row, 4), TimeAt(row, 5), row.Text(6)});
}

Result<std::string> RetentionStore::PreviousEvidenceHash(SqlSession& db, EvidenceId id) {
  auto rows = db.Query(
      "SELECT hash FROM (SELECT id, hash FROM evidence WHERE id < $1 UNION ALL "
      "SELECT evidence_id, hash FROM evidence_tombstones WHERE evidence_id < $1) AS chain "
      "ORDER BY id DESC LIMIT 1",
      {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::string(AuditLog::kGenesisHash);
  return (*rows)[0].Text(0);
}

Result<std::vector<DecisionId>> RetentionStore::ExpiredDecisions(SqlSession& db, OrganizationId org,
                                                                 Timestamp cutoff, int limit) {
  return Ids<DecisionId>(db.Query("SELECT decisions.id FROM decisions " + OfAuthority("decisions") +
                                      "AND decisions.decided_at < $2 AND " + std::string(kNotHeld) +
                                      " AND " + std::string(kNotWaiting) +
                                      " ORDER BY decisions.id LIMIT $3",
                                  {org.value(), TimeValue(cutoff), int64_t{limit}}));
}

Status RetentionStore::DeleteDecision(Transaction& tx, const Actor& actor, DecisionId id,
                                      const RetentionRule& rule) {
  auto rows = tx.Query(
      "SELECT comment_id, category, action, clause_id, decided_by, decided_at "
      "FROM decisions WHERE id = $1",
      {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no decision with id " + id.ToString());
  const Row& row = (*rows)[0];
  const CommentId comment(row.Int(0));
  auto held = HasActiveHold(tx, comment);
  if (!held) return held.error();
  if (*held) return Conflict("a legal hold keeps decision " + id.ToString());
  auto deleted = tx.Execute("DELETE FROM decisions WHERE id = $1", {id.value()});
  if (!deleted) return deleted.error();
  // Not the reason: a person's reason may quote the comment.
  const auto by = row.OptionalInt(4);
  const json before{{"id", id.value()},         {"comment_id", comment.value()},
                    {"category", row.Text(1)},  {"action", row.Text(2)},
                    {"clause_id", row.Text(3)}, {"decided_by", by ? json(*by) : json(nullptr)},
                    {"decided_at", row.Text(5)}};
  return audit_.Append(tx, actor,
                       {"decision.delete", "decision", id.ToString(), before.dump(),
                        RuleJson(rule, clock_.Now()).dump()});
}

Result<std::vector<CommentId>> RetentionStore::RedactableComments(SqlSession& db,
                                                                  OrganizationId org,
                                                                  Timestamp decisions_cutoff,
                                                                  Timestamp evidence_cutoff,
                                                                  int limit) {
  return Ids<CommentId>(db.Query(
      "SELECT c.id FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "WHERE ch.organization_id = $1 AND c.redacted_at IS NULL AND c.received_at < $2 AND " +
          std::string(kNotWaiting) + " AND " + std::string(kNotHeld) +
          " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.comment_id = c.id "
          "AND d.decided_at >= $2) "
          "AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.comment_id = c.id "
          "AND e.created_at >= $3) ORDER BY c.id LIMIT $4",
      {org.value(), TimeValue(decisions_cutoff), TimeValue(evidence_cutoff), int64_t{limit}}));
}

Result<bool> RetentionStore::RedactComment(Transaction& tx, const Actor& actor, CommentId id,
                                           const RetentionRule& rule) {
  auto rows = tx.Query(
      "SELECT c.remote_id, c.state, c.redacted_at, "
      "(SELECT COUNT(*) FROM decisions d WHERE d.comment_id = c.id), "
      "(SELECT COUNT(*) FROM evidence e WHERE e.comment_id = c.id), "
      "(SELECT COUNT(*) FROM legal_holds h WHERE h.comment_id = c.id AND h.released_at IS NULL) "
      "FROM comments c WHERE c.id = $1",
      {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no comment with id " + id.ToString());
  const Row& row = (*rows)[0];
  const std::string state = row.Text(1);
  if (!row.IsNull(2) || state == "new" || state == "needs_review" || row.Int(3) > 0 ||
      row.Int(4) > 0 || row.Int(5) > 0) {
    return false;
  }
  const Timestamp now = clock_.Now();
  auto changed = tx.Execute(
      "UPDATE comments SET text = '', author_handle = '', author_id = '', raw_json = '{}', "
      "redacted_at = $1 WHERE id = $2",
      {TimeValue(now), id.value()});
  if (!changed) return changed.error();
  const json before{{"id", id.value()}, {"remote_id", row.Text(0)}, {"state", state}};
  json after = RuleJson(rule, now);
  after["erased"] = {"text", "author_handle", "author_id", "raw_json"};
  Status s = audit_.Append(
      tx, actor, {"comment.redact", "comment", id.ToString(), before.dump(), after.dump()});
  if (!s.ok()) return s.error();
  return true;
}

Result<std::vector<CommentId>> RetentionStore::HeldComments(SqlSession& db, OrganizationId org,
                                                            Timestamp decisions_cutoff,
                                                            Timestamp evidence_cutoff) {
  return Ids<CommentId>(db.Query(
      "SELECT c.id FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "WHERE ch.organization_id = $1 AND EXISTS (SELECT 1 FROM legal_holds h "
      "WHERE h.comment_id = c.id AND h.released_at IS NULL) "
      "AND (EXISTS (SELECT 1 FROM decisions d WHERE d.comment_id = c.id AND d.decided_at < $2) "
      "OR EXISTS (SELECT 1 FROM evidence e WHERE e.comment_id = c.id AND e.created_at < $3)) "
      "ORDER BY c.id",
      {org.value(), TimeValue(decisions_cutoff), TimeValue(evidence_cutoff)}));
}

}  // namespace civicpost::store
