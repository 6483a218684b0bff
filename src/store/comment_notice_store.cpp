#include "store/comment_notice_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

constexpr std::string_view kNoticeColumns =
    "id, comment_id, decision_id, text, sent_by, created_at, sent_at, remote_id, error_key";

CommentNotice NoticeFromRow(const Row& row) {
  CommentNotice n;
  n.id = CommentNoticeId(row.Int(0));
  n.comment_id = CommentId(row.Int(1));
  if (auto decision = row.OptionalInt(2)) n.decision_id = DecisionId(*decision);
  n.text = row.Text(3);
  n.sent_by = UserId(row.Int(4));
  n.created_at = TimeAt(row, 5);
  n.sent_at = OptionalTimeAt(row, 6);
  n.remote_id = row.Text(7);
  n.error_key = row.Text(8);
  return n;
}

// Ids, the authority's text and the platform's answer; nothing of the
// comment it answers.
std::string NoticeJson(const CommentNotice& n) {
  json j{{"id", n.id.value()},
         {"comment_id", n.comment_id.value()},
         {"decision_id", n.decision_id ? json(n.decision_id->value()) : json(nullptr)},
         {"text", n.text},
         {"sent_by", n.sent_by.value()},
         {"created_at", FormatIsoUtc(n.created_at)},
         {"sent_at", n.sent_at ? json(FormatIsoUtc(*n.sent_at)) : json(nullptr)},
         {"remote_id", n.remote_id},
         {"error_key", n.error_key}};
  return j.dump();
}

}  // namespace

Result<CommentNoticeId> CommentNoticeStore::Add(Transaction& tx, const Actor& actor,
                                                CommentNotice notice) {
  auto existing = FindByComment(tx, notice.comment_id);
  if (!existing) return existing.error();
  if (*existing) {
    return Conflict("comment " + notice.comment_id.ToString() + " has a notice already");
  }
  notice.created_at = clock_.Now();
  notice.sent_at.reset();
  notice.remote_id.clear();
  notice.error_key.clear();
  auto id = ReturnedId(
      tx.Query("INSERT INTO comment_notices (comment_id, decision_id, text, sent_by, created_at) "
               "VALUES ($1, $2, $3, $4, $5) RETURNING id",
               {notice.comment_id.value(),
                notice.decision_id ? SqlValue(notice.decision_id->value()) : SqlValue(),
                notice.text, notice.sent_by.value(), TimeValue(notice.created_at)}));
  if (!id) return id.error();
  notice.id = CommentNoticeId(*id);
  Status s = audit_.Append(
      tx, actor, {"notice.add", "comment_notice", notice.id.ToString(), "", NoticeJson(notice)});
  if (!s.ok()) return s.error();
  return notice.id;
}

Result<CommentNotice> CommentNoticeStore::Get(SqlSession& db, CommentNoticeId id) {
  auto rows =
      db.Query("SELECT " + std::string(kNoticeColumns) + " FROM comment_notices WHERE id = $1",
               {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no notice with id " + id.ToString());
  return NoticeFromRow((*rows)[0]);
}

Result<std::optional<CommentNotice>> CommentNoticeStore::FindByComment(SqlSession& db,
                                                                       CommentId comment) {
  auto rows = db.Query(
      "SELECT " + std::string(kNoticeColumns) + " FROM comment_notices WHERE comment_id = $1",
      {comment.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<CommentNotice>();
  return std::optional<CommentNotice>(NoticeFromRow((*rows)[0]));
}

Status CommentNoticeStore::MarkSent(Transaction& tx, const Actor& actor, CommentNoticeId id,
                                    const std::string& remote_id) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  CommentNotice after = *before;
  after.sent_at = clock_.Now();
  after.remote_id = remote_id;
  after.error_key.clear();
  auto changed = tx.Execute(
      "UPDATE comment_notices SET sent_at = $1, remote_id = $2, error_key = '' WHERE id = $3",
      {TimeValue(after.sent_at), remote_id, id.value()});
  if (!changed) return changed.error();
  return audit_.Append(
      tx, actor,
      {"notice.sent", "comment_notice", id.ToString(), NoticeJson(*before), NoticeJson(after)});
}

Status CommentNoticeStore::MarkFailed(Transaction& tx, const Actor& actor, CommentNoticeId id,
                                      const std::string& error_key) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  CommentNotice after = *before;
  after.error_key = error_key;
  auto changed = tx.Execute("UPDATE comment_notices SET error_key = $1 WHERE id = $2",
                            {error_key, id.value()});
  if (!changed) return changed.error();
  return audit_.Append(
      tx, actor,
      {"notice.failed", "comment_notice", id.ToString(), NoticeJson(*before), NoticeJson(after)});
}

}  // namespace civicpost::store
