#include "store/comment_report_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

constexpr std::string_view kReportColumns =
    "r.id, r.comment_id, r.kind, r.recipient, r.filed_on, r.reference, r.complaint, "
    "r.evidence_id, r.filed_by, r.created_at, r.outcome, r.outcome_note, r.outcome_on, "
    "r.outcome_by";

// Reports of one authority: through the comment's channel.
constexpr std::string_view kOfOrganization =
    " FROM comment_reports r JOIN comments c ON c.id = r.comment_id "
    "JOIN channels ch ON ch.id = c.channel_id WHERE ch.organization_id = $1";

CommentReport ReportFromRow(const Row& row) {
  CommentReport r;
  r.id = CommentReportId(row.Int(0));
  r.comment_id = CommentId(row.Int(1));
  r.kind = row.Text(2);
  r.recipient = row.Text(3);
  r.filed_on = ParseIsoDate(row.Text(4)).value_or(Date{});
  r.reference = row.Text(5);
  r.complaint = row.Int(6) != 0;
  if (auto evidence = row.OptionalInt(7)) r.evidence_id = EvidenceId(*evidence);
  r.filed_by = UserId(row.Int(8));
  r.created_at = TimeAt(row, 9);
  r.outcome = row.Text(10);
  r.outcome_note = row.Text(11);
  if (!row.IsNull(12)) r.outcome_on = ParseIsoDate(row.Text(12));
  if (auto by = row.OptionalInt(13)) r.outcome_by = UserId(*by);
  return r;
}

std::string ReportJson(const CommentReport& r) {
  json j{{"id", r.id.value()},
         {"comment_id", r.comment_id.value()},
         {"kind", r.kind},
         {"recipient", r.recipient},
         {"filed_on", FormatIsoDate(r.filed_on)},
         {"reference", r.reference},
         {"complaint", r.complaint},
         {"evidence_id", r.evidence_id ? json(r.evidence_id->value()) : json(nullptr)},
         {"filed_by", r.filed_by.value()},
         {"outcome", r.outcome},
         {"outcome_note", r.outcome_note},
         {"outcome_on", r.outcome_on ? json(FormatIsoDate(*r.outcome_on)) : json(nullptr)},
         {"outcome_by", r.outcome_by ? json(r.outcome_by->value()) : json(nullptr)}};
  return j.dump();
}

Result<std::vector<CommentReport>> Reports(Result<Rows> rows) {
  if (!rows) return rows.error();
  std::vector<CommentReport> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) out.push_back(ReportFromRow(row));
  return out;
}

}  // namespace

Result<CommentReportId> CommentReportStore::Add(Transaction& tx, const Actor& actor,
                                                CommentReport report) {
  report.created_at = clock_.Now();
  report.outcome = "pending";
  report.outcome_note.clear();
  report.outcome_on.reset();
  report.outcome_by.reset();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO comment_reports (comment_id, kind, recipient, filed_on, reference, complaint, "
      "evidence_id, filed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id",
      {report.comment_id.value(), report.kind, report.recipient, FormatIsoDate(report.filed_on),
       report.reference, int64_t{report.complaint ? 1 : 0},
       report.evidence_id ? SqlValue(report.evidence_id->value()) : SqlValue(),
       report.filed_by.value(), TimeValue(report.created_at)}));
  if (!id) return id.error();
  report.id = CommentReportId(*id);
  Status s = audit_.Append(
      tx, actor, {"report.add", "comment_report", report.id.ToString(), "", ReportJson(report)});
  if (!s.ok()) return s.error();
  return report.id;
}

Result<CommentReport> CommentReportStore::Get(SqlSession& db, CommentReportId id) {
  auto reports = Reports(
      db.Query("SELECT " + std::string(kReportColumns) + " FROM comment_reports r WHERE r.id = $1",
               {id.value()}));
  if (!reports) return reports.error();
  if (reports->empty()) return NotFound("no report with id " + id.ToString());
  return (*reports)[0];
}

Result<std::vector<CommentReport>> CommentReportStore::ListByComment(SqlSession& db,
                                                                     CommentId comment) {
  return Reports(db.Query("SELECT " + std::string(kReportColumns) +
                              " FROM comment_reports r WHERE r.comment_id = $1 ORDER BY r.id",
                          {comment.value()}));
}

Result<std::vector<CommentReport>> CommentReportStore::ListPending(SqlSession& db,
                                                                   OrganizationId org) {
  return Reports(db.Query("SELECT " + std::string(kReportColumns) + std::string(kOfOrganization) +
                              " AND r.outcome = 'pending' ORDER BY r.filed_on, r.id",
                          {org.value()}));
}

Result<std::vector<CommentReport>> CommentReportStore::ListFiledInMonth(SqlSession& db,
                                                                        OrganizationId org,
                                                                        const std::string& month) {
  return Reports(db.Query("SELECT " + std::string(kReportColumns) + std::string(kOfOrganization) +
                              " AND substr(r.filed_on, 1, 7) = $2 ORDER BY r.filed_on, r.id",
                          {org.value(), month}));
}

Status CommentReportStore::SetOutcome(Transaction& tx, const Actor& actor, CommentReportId id,
                                      UserId by, const ReportOutcome& outcome) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  CommentReport after = *before;
  after.outcome = outcome.outcome;
  after.outcome_note = outcome.note;
  after.outcome_on = outcome.on;
  after.outcome_by = by;
  if (!outcome.reference.empty()) after.reference = outcome.reference;
  auto changed = tx.Execute(
      "UPDATE comment_reports SET outcome = $1, outcome_note = $2, outcome_on = $3, "
      "outcome_by = $4, reference = $5 WHERE id = $6",
      {after.outcome, after.outcome_note, FormatIsoDate(outcome.on), by.value(), after.reference,
       id.value()});
  if (!changed) return changed.error();
  return audit_.Append(
      tx, actor,
      {"report.outcome", "comment_report", id.ToString(), ReportJson(*before), ReportJson(after)});
}

}  // namespace civicpost::store
