#include "store/comment_store.hpp"

#include "core/sha256.hpp"
#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kCommentColumns =
    "id, channel_id, post_id, remote_id, parent_remote_id, author_handle, text, state, "
    "received_at, author_id, media_remote_id, commented_at, source, raw_json, redacted_at";
constexpr std::string_view kDecisionColumns =
    "id, comment_id, category, score, action, clause_id, decided_by, reason, decided_at";
constexpr std::string_view kEvidenceColumns =
    "id, comment_id, snapshot_json, sha256, prev_hash, hash, created_by, created_at";

Comment CommentFromRow(const Row& row) {
  Comment c;
  c.id = CommentId(row.Int(0));
  c.channel_id = ChannelId(row.Int(1));
  if (auto post = row.OptionalInt(2)) c.post_id = PostId(*post);
  c.remote_id = row.Text(3);
  c.parent_remote_id = row.Text(4);
  c.author_handle = row.Text(5);
  c.text = row.Text(6);
  c.state = EnumAt(kCommentStateNames, row, 7, CommentState::kNeedsReview);
  c.received_at = TimeAt(row, 8);
  c.author_id = row.Text(9);
  c.media_remote_id = row.Text(10);
  c.commented_at = OptionalTimeAt(row, 11);
  c.source = EnumAt(kCommentSourceNames, row, 12, CommentSource::kWebhook);
  c.raw_json = row.Text(13);
  c.redacted_at = OptionalTimeAt(row, 14);
  return c;
}

std::optional<UserId> OptionalUser(const Row& row, size_t i) {
  if (auto v = row.OptionalInt(i)) return UserId(*v);
  return std::nullopt;
}

Evidence EvidenceFromRow(const Row& row) {
  return {EvidenceId(row.Int(0)),
          CommentId(row.Int(1)),
          row.Text(2),
          row.Text(3),
          row.Text(4),
          row.Text(5),
          OptionalUser(row, 6),
          TimeAt(row, 7)};
}

SqlValue UserValue(const std::optional<UserId>& id) {
  if (!id) return std::monostate{};
  return id->value();
}

}  // namespace

Result<CommentId> CommentStore::Record(Transaction& tx, Comment comment, bool* is_new) {
  // One statement: a comment delivered twice (or by webhook and backfill)
  // is stored once, even by two processes at the same moment.
  auto inserted = tx.Query(
      "INSERT INTO comments (channel_id, post_id, remote_id, parent_remote_id, author_handle, "
      "text, state, received_at, author_id, media_remote_id, commented_at, source, raw_json) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      "ON CONFLICT (channel_id, remote_id) DO NOTHING RETURNING id",
      {comment.channel_id.value(),
       comment.post_id ? SqlValue(comment.post_id->value()) : SqlValue(), comment.remote_id,
       comment.parent_remote_id, comment.author_handle, comment.text,
       EnumValue(kCommentStateNames, comment.state), TimeValue(comment.received_at),
       comment.author_id, comment.media_remote_id, TimeValue(comment.commented_at),
       EnumValue(kCommentSourceNames, comment.source), comment.raw_json});
  if (!inserted) return inserted.error();
  if (is_new != nullptr) *is_new = !inserted->empty();
  if (!inserted->empty()) return CommentId((*inserted)[0].Int(0));
  auto known = tx.Query("SELECT id FROM comments WHERE channel_id = $1 AND remote_id = $2",
                        {comment.channel_id.value(), comment.remote_id});
  if (!known) return known.error();
  if (known->empty()) return Internal("comment " + comment.remote_id + " neither new nor known");
  return CommentId((*known)[0].Int(0));
}

Result<Comment> CommentStore::Get(SqlSession& db, CommentId id) {
  auto rows = db.Query("SELECT " + std::string(kCommentColumns) + " FROM comments WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no comment with id " + id.ToString());
  return CommentFromRow((*rows)[0]);
}

Result<std::optional<Comment>> CommentStore::FindByRemote(SqlSession& db, ChannelId channel,
                                                          const std::string& remote_id) {
  auto rows = db.Query("SELECT " + std::string(kCommentColumns) +
                           " FROM comments WHERE channel_id = $1 AND remote_id = $2",
                       {channel.value(), remote_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Comment>();
  return std::optional<Comment>(CommentFromRow((*rows)[0]));
}

Result<std::vector<Comment>> CommentStore::ListNew(SqlSession& db, int limit) {
  auto rows = db.Query("SELECT " + std::string(kCommentColumns) +
                           " FROM comments WHERE state = 'new' ORDER BY id LIMIT $1",
                       {static_cast<int64_t>(limit)});
  if (!rows) return rows.error();
  std::vector<Comment> out;
  for (const Row& row : *rows) out.push_back(CommentFromRow(row));
  return out;
}

Status CommentStore::UpdateState(Transaction& tx, const Actor& actor, CommentId id,
                                 CommentState state) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  Comment after = *before;
  after.state = state;
  auto changed = tx.Execute("UPDATE comments SET state = $1 WHERE id = $2",
                            {EnumValue(kCommentStateNames, state), id.value()});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"comment.state", "comment", id.ToString(), ToJson(*before), ToJson(after)});
}

Result<DecisionId> CommentStore::AddDecision(Transaction& tx, const Actor& actor,
                                             Decision decision) {
  decision.decided_at = clock_.Now();
  auto id = ReturnedId(
      tx.Query("INSERT INTO decisions (comment_id, category, score, action, clause_id, decided_by, "
               "reason, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               {decision.comment_id.value(), decision.category, decision.score,
                EnumValue(kModerationActionNames, decision.action), decision.clause_id,
                UserValue(decision.decided_by), decision.reason, TimeValue(decision.decided_at)}));
  if (!id) return id.error();
  decision.id = DecisionId(*id);
  Status s = audit_.Append(
      tx, actor, {"decision.add", "comment", decision.comment_id.ToString(), "", ToJson(decision)});
  if (!s.ok()) return s.error();
  return decision.id;
}

Result<std::vector<Decision>> CommentStore::ListDecisions(SqlSession& db, CommentId comment) {
  auto rows = db.Query("SELECT " + std::string(kDecisionColumns) +
                           " FROM decisions WHERE comment_id = $1 ORDER BY id",
                       {comment.value()});
  if (!rows) return rows.error();
  std::vector<Decision> out;
  for (const Row& row : *rows) {
    Decision d;
    d.id = DecisionId(row.Int(0));
    d.comment_id = CommentId(row.Int(1));
    d.category = row.Text(2);
    d.score = row.Real(3);
    d.action = EnumAt(kModerationActionNames, row, 4, ModerationAction::kNone);
    d.clause_id = row.Text(5);
    d.decided_by = OptionalUser(row, 6);
    d.reason = row.Text(7);
    d.decided_at = TimeAt(row, 8);
    out.push_back(std::move(d));
  }
  return out;
}

Result<EvidenceId> CommentStore::AddEvidence(Transaction& tx, const Actor& actor,
                                             Evidence evidence) {
  // The chain's head may be a record retention deleted (its tombstone).
  // The new record's number follows it: a police file may cite a deleted
  // record's number, so a number is never given twice.
  auto head = tx.Query(
      "SELECT id, hash FROM (SELECT id, hash FROM evidence UNION ALL "
      "SELECT evidence_id, hash FROM evidence_tombstones) AS chain ORDER BY id DESC LIMIT 1");
  if (!head) return head.error();
  evidence.created_at = clock_.Now();
  evidence.sha256 = Sha256Hex(evidence.snapshot_json);
  evidence.prev_hash = head->empty() ? std::string(AuditLog::kGenesisHash) : (*head)[0].Text(1);
  evidence.hash = Sha256Hex(evidence.prev_hash + evidence.sha256);
  const int64_t next = head->empty() ? 1 : (*head)[0].Int(0) + 1;
  auto id = ReturnedId(tx.Query(
      "INSERT INTO evidence (id, comment_id, snapshot_json, sha256, prev_hash, hash, created_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {next, evidence.comment_id.value(), evidence.snapshot_json, evidence.sha256,
       evidence.prev_hash, evidence.hash, UserValue(evidence.created_by),
       TimeValue(evidence.created_at)}));
  if (!id) return id.error();
  evidence.id = EvidenceId(*id);
  Status s = audit_.Append(
      tx, actor, {"evidence.add", "comment", evidence.comment_id.ToString(), "", ToJson(evidence)});
  if (!s.ok()) return s.error();
  return evidence.id;
}

Result<std::vector<Evidence>> CommentStore::ListEvidence(SqlSession& db, CommentId comment) {
  auto rows = db.Query("SELECT " + std::string(kEvidenceColumns) +
                           " FROM evidence WHERE comment_id = $1 ORDER BY id",
                       {comment.value()});
  if (!rows) return rows.error();
  std::vector<Evidence> out;
  for (const Row& row : *rows) out.push_back(EvidenceFromRow(row));
  return out;
}

Result<Evidence> CommentStore::GetEvidence(SqlSession& db, EvidenceId id) {
  auto rows = db.Query("SELECT " + std::string(kEvidenceColumns) + " FROM evidence WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no evidence with id " + id.ToString());
  return EvidenceFromRow((*rows)[0]);
}

Result<int64_t> CommentStore::CountAwaitingReview(SqlSession& db, OrganizationId org) {
  auto rows = db.Query(
      "SELECT COUNT(*) FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "WHERE ch.organization_id = $1 AND c.state IN ('new', 'needs_review')",
      {org.value()});
  if (!rows) return rows.error();
  return (*rows)[0].Int(0);
}

}  // namespace civicpost::store
