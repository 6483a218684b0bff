#include "store/site_feedback_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "id, organization_id, received_at, sender_name, sender_email, page, message, due_on,"
    " notified_at, answered_at, answered_by, answer_note, redacted_at";

SiteFeedback FeedbackFromRow(const Row& row) {
  SiteFeedback f;
  f.id = SiteFeedbackId(row.Int(0));
  f.organization = OrganizationId(row.Int(1));
  f.received_at = TimeAt(row, 2);
  f.sender_name = row.Text(3);
  f.sender_email = row.Text(4);
  f.page = row.Text(5);
  f.message = row.Text(6);
  f.due_on = ParseIsoDate(row.Text(7)).value_or(std::chrono::year_month_day{});
  f.notified_at = OptionalTimeAt(row, 8);
  f.answered_at = OptionalTimeAt(row, 9);
  if (auto by = row.OptionalInt(10)) f.answered_by = UserId(*by);
  f.answer_note = row.Text(11);
  f.redacted_at = OptionalTimeAt(row, 12);
  return f;
}

Result<std::vector<SiteFeedback>> FeedbackRows(Result<Rows> rows) {
  if (!rows) return rows.error();
  std::vector<SiteFeedback> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) out.push_back(FeedbackFromRow(row));
  return out;
}

}  // namespace

Result<SiteFeedbackId> SiteFeedbackStore::Create(Transaction& tx, const Actor& actor,
                                                 const SiteFeedback& feedback) {
  auto id = ReturnedId(tx.Query(
      "INSERT INTO site_feedback (organization_id, received_at, sender_name, sender_email, page,"
      " message, due_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {feedback.organization.value(), TimeValue(feedback.received_at), feedback.sender_name,
       feedback.sender_email, feedback.page, feedback.message, FormatIsoDate(feedback.due_on)}));
  if (!id) return id.error();
  // Ids and dates only: the words and the address are the citizen's.
  const json after{{"organization_id", feedback.organization.value()},
                   {"received_at", FormatIsoUtc(feedback.received_at)},
                   {"due_on", FormatIsoDate(feedback.due_on)}};
  if (Status s = audit_.Append(
          tx, actor,
          {"site_feedback.receive", "site_feedback", std::to_string(*id), "", after.dump()});
      !s.ok()) {
    return s.error();
  }
  return SiteFeedbackId(*id);
}

Result<std::optional<SiteFeedback>> SiteFeedbackStore::Get(SqlSession& db, SiteFeedbackId id) {
  auto rows = db.Query("SELECT " + std::string(kColumns) + " FROM site_feedback WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<SiteFeedback>();
  return std::optional<SiteFeedback>(FeedbackFromRow((*rows)[0]));
}

Result<std::vector<SiteFeedback>> SiteFeedbackStore::List(SqlSession& db, OrganizationId org,
                                                          int limit) {
  return FeedbackRows(db.Query("SELECT " + std::string(kColumns) +
                                   " FROM site_feedback WHERE organization_id = $1"
                                   " ORDER BY answered_at IS NOT NULL, due_on,"
                                   " answered_at DESC, id LIMIT $2",
                               {org.value(), int64_t{limit}}));
}

Result<OpenFeedback> SiteFeedbackStore::Open(SqlSession& db, OrganizationId org) {
  auto rows = db.Query(
      "SELECT COUNT(*), MIN(due_on) FROM site_feedback"
      " WHERE organization_id = $1 AND answered_at IS NULL",
      {org.value()});
  if (!rows) return rows.error();
  OpenFeedback open;
  if (rows->empty()) return open;
  open.count = (*rows)[0].Int(0);
  if (!(*rows)[0].IsNull(1)) open.next_due = ParseIsoDate((*rows)[0].Text(1));
  return open;
}

Result<std::vector<SiteFeedback>> SiteFeedbackStore::Unnotified(SqlSession& db) {
  return FeedbackRows(db.Query("SELECT " + std::string(kColumns) +
                               " FROM site_feedback WHERE notified_at IS NULL ORDER BY id"));
}

Status SiteFeedbackStore::MarkNotified(Transaction& tx, SiteFeedbackId id) {
  auto changed = tx.Execute("UPDATE site_feedback SET notified_at = $1 WHERE id = $2",
                            {TimeValue(clock_.Now()), id.value()});
  if (!changed) return changed.error();
  return Status::Ok();
}

Status SiteFeedbackStore::MarkAnswered(Transaction& tx, const Actor& actor, SiteFeedbackId id,
                                       UserId by, const std::string& note) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  if (!*before) return NotFound("no feedback " + id.ToString());
  if ((*before)->answered_at) return Conflict("feedback " + id.ToString() + " is answered");
  const Timestamp now = clock_.Now();
  auto changed = tx.Execute(
      "UPDATE site_feedback SET answered_at = $1, answered_by = $2, answer_note = $3"
      " WHERE id = $4 AND answered_at IS NULL",
      {TimeValue(now), by.value(), note, id.value()});
  if (!changed) return changed.error();
  const json after{{"answered_at", FormatIsoUtc(now)},
                   {"answered_by", by.value()},
                   {"due_on", FormatIsoDate((*before)->due_on)}};
  return audit_.Append(tx, actor,
                       {"site_feedback.answer", "site_feedback", id.ToString(), "", after.dump()});
}

Result<std::vector<SiteFeedbackId>> SiteFeedbackStore::Expired(SqlSession& db, OrganizationId org,
                                                               Timestamp cutoff, int limit) {
  // Answered ones count from the answer; unanswered ones from their arrival,
  // so a message nobody answered does not stay for ever.
  auto rows = db.Query(
      "SELECT id FROM site_feedback WHERE organization_id = $1 AND redacted_at IS NULL"
      " AND COALESCE(answered_at, received_at) < $2 ORDER BY id LIMIT $3",
      {org.value(), TimeValue(cutoff), int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<SiteFeedbackId> out;
  for (const Row& row : *rows) out.push_back(SiteFeedbackId(row.Int(0)));
  return out;
}

Status SiteFeedbackStore::Redact(Transaction& tx, const Actor& actor, SiteFeedbackId id,
                                 const std::string& rule, int concept_version) {
  auto changed = tx.Execute(
      "UPDATE site_feedback SET sender_name = '', sender_email = '', page = '', message = '',"
      " answer_note = '', redacted_at = $1 WHERE id = $2 AND redacted_at IS NULL",
      {TimeValue(clock_.Now()), id.value()});
  if (!changed) return changed.error();
  const json after{{"rule", rule}, {"concept_version", concept_version}};
  return audit_.Append(tx, actor,
                       {"site_feedback.redact", "site_feedback", id.ToString(), "", after.dump()});
}

}  // namespace civicpost::store
