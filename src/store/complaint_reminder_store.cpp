#include "store/complaint_reminder_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

// Whether the complaint (Strafantrag, § 77b StGB) is filed for comment `c`,
// so its deadline needs no more reminders: a criminal report recorded with
// the complaint (0012, comment_reports). A legal hold alone is not enough:
// a criminal report without the complaint places one too, and an insult
// is prosecuted only on the complaint. The one place to change what
// counts as filed.
constexpr std::string_view kComplaintFiled =
    "EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.complaint = 1)";

constexpr std::string_view kReminderColumns =
    "comment_id, step_days, deadline, claimed_at, sent_at, recipients";

std::vector<std::string> AddressesOf(const std::string& text) {
  std::vector<std::string> out;
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const json& address : parsed) {
    if (address.is_string()) out.push_back(address.get<std::string>());
  }
  return out;
}

ComplaintReminderRecord ReminderFromRow(const Row& row) {
  ComplaintReminderRecord r;
  r.comment = CommentId(row.Int(0));
  r.step_days = static_cast<int>(row.Int(1));
  r.deadline = row.Text(2);
  r.claimed_at = OptionalTimeAt(row, 3);
  r.sent_at = OptionalTimeAt(row, 4);
  r.recipients = AddressesOf(row.Text(5));
  return r;
}

}  // namespace

Result<std::vector<ComplaintCase>> ComplaintReminderStore::OpenCases(
    SqlSession& db, OrganizationId org, const std::vector<std::string>& grounds, Timestamp since) {
  std::vector<ComplaintCase> out;
  if (grounds.empty()) return out;
  SqlParams params{org.value(), TimeValue(since)};
  std::string placeholders;
  for (const std::string& ground : grounds) {
    params.emplace_back(ground);
    placeholders += (placeholders.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  auto rows = db.Query(
      "SELECT c.id, c.received_at, d.legal_ground"
      " FROM decisions d JOIN comments c ON c.id = d.comment_id"
      " JOIN channels ch ON ch.id = c.channel_id"
      " WHERE ch.organization_id = $1 AND c.received_at >= $2"
      " AND d.id = (SELECT MIN(id) FROM decisions WHERE comment_id = c.id"
      "   AND decided_by IS NOT NULL AND legal_ground IN (" +
          placeholders + "))" + " AND NOT " + std::string(kComplaintFiled) + " ORDER BY d.id",
      params);
  if (!rows) return rows.error();
  for (const Row& row : *rows) {
    out.push_back({CommentId(row.Int(0)), TimeAt(row, 1), row.Text(2)});
  }
  return out;
}

Result<bool> ComplaintReminderStore::ComplaintFiled(SqlSession& db, CommentId comment) {
  auto rows =
      db.Query("SELECT " + std::string(kComplaintFiled) + " FROM comments c WHERE c.id = $1",
               {comment.value()});
  if (!rows) return rows.error();
  return !rows->empty() && (*rows)[0].Int(0) != 0;
}

Result<std::optional<ComplaintReminderRecord>> ComplaintReminderStore::Find(SqlSession& db,
                                                                            CommentId comment,
                                                                            int step_days) {
  auto rows = db.Query("SELECT " + std::string(kReminderColumns) +
                           " FROM complaint_reminders WHERE comment_id = $1 AND step_days = $2",
                       {comment.value(), int64_t{step_days}});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<ComplaintReminderRecord>();
  return std::optional<ComplaintReminderRecord>(ReminderFromRow((*rows)[0]));
}

Result<std::optional<ComplaintReminderRecord>> ComplaintReminderStore::Claim(
    Transaction& tx, CommentId comment, int step_days, std::chrono::year_month_day deadline,
    Timestamp stale_before) {
  // The unique (comment_id, step_days) makes the insert and the takeover
  // one atomic step in either engine: of two runs only one changes the row.
  auto changed = tx.Execute(
      "INSERT INTO complaint_reminders (comment_id, step_days, deadline, claimed_at)"
      " VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (comment_id, step_days) DO UPDATE SET claimed_at = excluded.claimed_at"
      " WHERE complaint_reminders.sent_at IS NULL AND (complaint_reminders.claimed_at IS NULL"
      "   OR complaint_reminders.claimed_at < $5)",
      {comment.value(), int64_t{step_days}, FormatIsoDate(deadline), TimeValue(clock_.Now()),
       TimeValue(stale_before)});
  if (!changed) return changed.error();
  if (*changed == 0) return std::optional<ComplaintReminderRecord>();
  return Find(tx, comment, step_days);
}

Status ComplaintReminderStore::Release(Transaction& tx, CommentId comment, int step_days,
                                       const std::vector<std::string>& reached) {
  auto changed = tx.Execute(
      "UPDATE complaint_reminders SET claimed_at = NULL, recipients = $1"
      " WHERE comment_id = $2 AND step_days = $3 AND sent_at IS NULL",
      {json(reached).dump(), comment.value(), int64_t{step_days}});
  if (!changed) return changed.error();
  return Status::Ok();
}

Status ComplaintReminderStore::MarkSent(Transaction& tx, const Actor& actor, CommentId comment,
                                        int step_days, const std::vector<std::string>& reached) {
  auto before = Find(tx, comment, step_days);
  if (!before) return before.error();
  if (!*before) {
    return NotFound("no reminder " + std::to_string(step_days) + " for comment " +
                    comment.ToString());
  }
  const Timestamp now = clock_.Now();
  auto changed = tx.Execute(
      "UPDATE complaint_reminders SET sent_at = $1, recipients = $2"
      " WHERE comment_id = $3 AND step_days = $4",
      {TimeValue(now), json(reached).dump(), comment.value(), int64_t{step_days}});
  if (!changed) return changed.error();
  const json after{{"comment_id", comment.value()},
                   {"step_days", step_days},
                   {"deadline", (*before)->deadline},
                   {"sent_at", FormatIsoUtc(now)},
                   {"recipients", reached}};
  return audit_.Append(
      tx, actor, {"comment.complaint_reminder", "comment", comment.ToString(), "", after.dump()});
}

}  // namespace civicpost::store
