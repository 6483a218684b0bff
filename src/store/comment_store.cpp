#include "store/comment_store.hpp"

#include <algorithm>

#include "core/sha256.hpp"
#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kCommentColumns =
    "id, channel_id, post_id, remote_id, parent_remote_id, author_handle, text, state, "
    "received_at, author_id, media_remote_id, commented_at, source, raw_json, redacted_at";
// Where a joined decision's columns start in a row of both.
constexpr size_t kCommentColumnCount =
    static_cast<size_t>(std::count(kCommentColumns.begin(), kCommentColumns.end(), ',')) + 1;
constexpr std::string_view kDecisionColumns =
    "id, comment_id, category, score, action, clause_id, decided_by, reason, decided_at, "
    "legal_ground, critical, needs_second, refers_to, reply_text";
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

// The decision columns start at `first`; nullopt when the row has none.
std::optional<Decision> DecisionAt(const Row& row, size_t first) {
  auto id = row.OptionalInt(first);
  if (!id) return std::nullopt;
  Decision d;
  d.id = DecisionId(*id);
  d.comment_id = CommentId(row.Int(first + 1));
  d.category = row.Text(first + 2);
  d.score = row.Real(first + 3);
  d.action = EnumAt(kModerationActionNames, row, first + 4, ModerationAction::kNone);
  d.clause_id = row.Text(first + 5);
  d.decided_by = OptionalUser(row, first + 6);
  d.reason = row.Text(first + 7);
  d.decided_at = TimeAt(row, first + 8);
  d.legal_ground = row.Text(first + 9);
  d.critical = row.Int(first + 10) != 0;
  d.needs_second = row.Int(first + 11) != 0;
  if (auto refers = row.OptionalInt(first + 12)) d.refers_to = DecisionId(*refers);
  d.reply_text = row.Text(first + 13);
  return d;
}

// "c.id, c.channel_id, ..." for a join.
std::string Prefixed(std::string_view columns, std::string_view alias) {
  std::string out;
  size_t start = 0;
  while (start < columns.size()) {
    size_t end = columns.find(',', start);
    if (end == std::string_view::npos) end = columns.size();
    std::string_view column = columns.substr(start, end - start);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out += std::string(alias) + "." + std::string(column);
    start = end + 1;
  }
  return out;
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
               "reason, decided_at, legal_ground, critical, needs_second, refers_to, reply_text) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
               {decision.comment_id.value(), decision.category, decision.score,
                EnumValue(kModerationActionNames, decision.action), decision.clause_id,
                OptionalUser(decision.decided_by), decision.reason, TimeValue(decision.decided_at),
                decision.legal_ground, int64_t{decision.critical}, int64_t{decision.needs_second},
                decision.refers_to ? SqlValue(decision.refers_to->value()) : SqlValue(),
                decision.reply_text}));
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
  for (const Row& row : *rows) out.push_back(*DecisionAt(row, 0));
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
       evidence.prev_hash, evidence.hash, OptionalUser(evidence.created_by),
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

Result<std::vector<InboxItem>> CommentStore::ListInbox(SqlSession& db, OrganizationId org,
                                                       const InboxFilter& filter) {
  // The order is one of two constant clauses, never text from the request.
  const std::string order = filter.by_severity ? " ORDER BY COALESCE(d.score, 0) DESC, c.id DESC"
                                               : " ORDER BY c.received_at DESC, c.id DESC";
  auto rows = db.Query(
      "SELECT " + Prefixed(kCommentColumns, "c") + ", " + Prefixed(kDecisionColumns, "d") +
          " FROM comments c JOIN channels ch ON ch.id = c.channel_id"
          " LEFT JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE comment_id = c.id)"
          " WHERE ch.organization_id = $1 AND ($2 = '' OR c.state = $2)"
          " AND ($3 = '' OR d.category = $3) AND ($4 = 0 OR c.post_id = $4)"
          " AND ($5 = 0 OR c.state IN ('new', 'needs_review')"
          "      OR (c.state = 'hidden' AND d.decided_by IS NULL))" +
          order + " LIMIT $6 OFFSET $7",
      {org.value(),
       filter.state ? std::string(kCommentStateNames.Name(*filter.state)) : std::string(),
       filter.category, filter.post ? filter.post->value() : int64_t{0},
       int64_t{filter.awaiting_person}, int64_t{filter.limit}, int64_t{filter.offset}});
  if (!rows) return rows.error();
  std::vector<InboxItem> out;
  for (const Row& row : *rows)
    out.push_back({CommentFromRow(row), DecisionAt(row, kCommentColumnCount)});
  return out;
}

Result<std::vector<Comment>> CommentStore::ListThread(SqlSession& db, const Comment& comment,
                                                      int limit) {
  auto rows =
      comment.media_remote_id.empty()
          ? db.Query("SELECT " + std::string(kCommentColumns) +
                         " FROM comments WHERE post_id = $1 AND channel_id = $2 ORDER BY id "
                         "LIMIT $3",
                     {comment.post_id ? comment.post_id->value() : int64_t{-1},
                      comment.channel_id.value(), int64_t{limit}})
          : db.Query("SELECT " + std::string(kCommentColumns) +
                         " FROM comments WHERE media_remote_id = $1 AND channel_id = $2 "
                         "ORDER BY id LIMIT $3",
                     {comment.media_remote_id, comment.channel_id.value(), int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<Comment> out;
  for (const Row& row : *rows) out.push_back(CommentFromRow(row));
  return out;
}

Result<std::vector<InboxItem>> CommentStore::ListByLegalGround(
    SqlSession& db, OrganizationId org, const std::vector<std::string>& grounds) {
  std::vector<InboxItem> out;
  for (const std::string& ground : grounds) {
    auto rows = db.Query("SELECT " + Prefixed(kCommentColumns, "c") + ", " +
                             Prefixed(kDecisionColumns, "d") +
                             " FROM decisions d JOIN comments c ON c.id = d.comment_id"
                             " JOIN channels ch ON ch.id = c.channel_id"
                             " WHERE ch.organization_id = $1 AND d.id = (SELECT MIN(id) FROM"
                             " decisions WHERE comment_id = c.id AND legal_ground = $2"
                             " AND decided_by IS NOT NULL) ORDER BY d.id",
                         {org.value(), ground});
    if (!rows) return rows.error();
    for (const Row& row : *rows)
      out.push_back({CommentFromRow(row), DecisionAt(row, kCommentColumnCount)});
  }
  std::sort(out.begin(), out.end(),
            [](const InboxItem& a, const InboxItem& b) { return a.latest->id < b.latest->id; });
  return out;
}

Result<std::vector<Decision>> CommentStore::ListDecisionsInMonth(SqlSession& db, OrganizationId org,
                                                                 const std::string& month) {
  auto rows = db.Query("SELECT " + Prefixed(kDecisionColumns, "d") +
                           " FROM decisions d JOIN comments c ON c.id = d.comment_id"
                           " JOIN channels ch ON ch.id = c.channel_id"
                           " WHERE ch.organization_id = $1 AND substr(d.decided_at, 1, 7) = $2"
                           " ORDER BY d.id",
                       {org.value(), month});
  if (!rows) return rows.error();
  std::vector<Decision> out;
  for (const Row& row : *rows) out.push_back(*DecisionAt(row, 0));
  return out;
}

Result<std::vector<DecisionTiming>> CommentStore::ListTimingsInMonth(SqlSession& db,
                                                                     OrganizationId org,
                                                                     const std::string& month) {
  auto rows = db.Query(
      "SELECT c.id, c.received_at,"
      " (SELECT MIN(decided_at) FROM decisions WHERE comment_id = c.id),"
      " (SELECT MIN(decided_at) FROM decisions WHERE comment_id = c.id"
      "    AND decided_by IS NOT NULL),"
      " (SELECT action FROM decisions WHERE comment_id = c.id ORDER BY id LIMIT 1)"
      " FROM comments c JOIN channels ch ON ch.id = c.channel_id"
      " WHERE ch.organization_id = $1 AND substr(c.received_at, 1, 7) = $2 ORDER BY c.id",
      {org.value(), month});
  if (!rows) return rows.error();
  std::vector<DecisionTiming> out;
  for (const Row& row : *rows) {
    DecisionTiming timing{CommentId(row.Int(0)), TimeAt(row, 1)};
    timing.first_decision = OptionalTimeAt(row, 2);
    timing.first_person = OptionalTimeAt(row, 3);
    // The engine's first word was "a person decides" (review, hide pending
    // a look) or it had none: the promise is about a person.
    const std::string first = row.Text(4);
    timing.needed_person = first != "none";
    out.push_back(timing);
  }
  return out;
}

Result<int64_t> CommentStore::CountReceivedSince(SqlSession& db, OrganizationId org,
                                                 Timestamp since) {
  auto rows = db.Query(
      "SELECT COUNT(*) FROM comments c JOIN channels ch ON ch.id = c.channel_id"
      " WHERE ch.organization_id = $1 AND c.received_at >= $2",
      {org.value(), TimeValue(since)});
  if (!rows) return rows.error();
  return (*rows)[0].Int(0);
}

Result<std::optional<CommentStore::BusiestPost>> CommentStore::BusiestPostSince(SqlSession& db,
                                                                                OrganizationId org,
                                                                                Timestamp since) {
  auto rows = db.Query(
      "SELECT c.post_id, COUNT(*), MAX(c.id) FROM comments c"
      " JOIN channels ch ON ch.id = c.channel_id"
      " WHERE ch.organization_id = $1 AND c.received_at >= $2 AND c.post_id IS NOT NULL"
      " GROUP BY c.post_id ORDER BY COUNT(*) DESC, c.post_id LIMIT 1",
      {org.value(), TimeValue(since)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<BusiestPost>();
  const Row& row = (*rows)[0];
  return std::optional<BusiestPost>(
      BusiestPost{PostId(row.Int(0)), row.Int(1), CommentId(row.Int(2))});
}

Result<int64_t> CommentStore::CountAwaitingReview(SqlSession& db, OrganizationId org) {
  auto rows = db.Query(
      "SELECT COUNT(*) FROM comments c JOIN channels ch ON ch.id = c.channel_id"
      " LEFT JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE comment_id = c.id)"
      " WHERE ch.organization_id = $1 AND (c.state IN ('new', 'needs_review')"
      "      OR (c.state = 'hidden' AND d.decided_by IS NULL))",
      {org.value()});
  if (!rows) return rows.error();
  return (*rows)[0].Int(0);
}

}  // namespace civicpost::store
