#pragma once
// What the authority reported about a comment, and what came of it:
// notices to the platform under Art. 16 DSA (R22) and criminal reports to
// the police or a prosecutor (R21), each with its recipient, date, the
// recipient's reference (case number, ticket) and the evidence it sent.
// moderation/reports.hpp knows the recipients and outcomes; this store
// only keeps them.
//
// Audit entries carry the record (ids, keys, dates, the authority's notes),
// never the comment's text or its author.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct CommentReport {
  CommentReportId id;
  CommentId comment_id;
  std::string kind{};       // "platform" or "criminal"
  std::string recipient{};  // "meta", "police_online", ...
  Date filed_on{};
  std::string reference{};
  bool complaint = false;  // criminal: the complaint of § 77b StGB went with it
  std::optional<EvidenceId> evidence_id{};
  UserId filed_by;
  Timestamp created_at{};
  std::string outcome = "pending";
  std::string outcome_note{};
  std::optional<Date> outcome_on{};
  std::optional<UserId> outcome_by{};
};

// The answer to a report.
struct ReportOutcome {
  std::string outcome{};
  std::string note{};
  Date on{};
  std::string reference{};  // a case number given only with the answer; empty keeps the old
};

class CommentReportStore {
 public:
  CommentReportStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Stores the report (created_at is now, the outcome pending).
  Result<CommentReportId> Add(Transaction& tx, const Actor& actor, CommentReport report);
  Result<CommentReport> Get(SqlSession& db, CommentReportId id);
  // The comment's reports, oldest first.
  Result<std::vector<CommentReport>> ListByComment(SqlSession& db, CommentId comment);
  // The authority's reports still waiting for an answer, oldest first.
  Result<std::vector<CommentReport>> ListPending(SqlSession& db, OrganizationId org);
  // The authority's reports filed in a month ("2026-11").
  Result<std::vector<CommentReport>> ListFiledInMonth(SqlSession& db, OrganizationId org,
                                                      const std::string& month);
  Status SetOutcome(Transaction& tx, const Actor& actor, CommentReportId id, UserId by,
                    const ReportOutcome& outcome);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
