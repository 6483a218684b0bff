#pragma once
// Feedback on the public site's accessibility (EU 2016/2102 Art. 7, § 10b
// BGG NRW): what citizens sent through the form on the accessibility
// statement, the date staff must answer by, and who marked it answered.
//
// The message and the sender's name and address stay in this table: the
// audit entries ("site_feedback.receive", ".answer") carry ids, dates and
// who acted, never the citizen's words or address, and never the staff's
// note (it may quote them).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct SiteFeedback {
  SiteFeedbackId id;
  OrganizationId organization;
  Timestamp received_at;
  std::string sender_name;   // may be empty
  std::string sender_email;  // may be empty: no answer possible by mail
  std::string page;          // the page it concerns; may be empty
  std::string message;
  std::chrono::year_month_day due_on;  // the last day to answer
  std::optional<Timestamp> notified_at{};
  std::optional<Timestamp> answered_at{};
  std::optional<UserId> answered_by{};
  std::string answer_note{};
  // The retention run erased message, sender and note (the row keeps its dates).
  std::optional<Timestamp> redacted_at{};
};

// The open messages of an authority, for the dashboard.
struct OpenFeedback {
  int64_t count = 0;
  std::optional<std::chrono::year_month_day> next_due;  // the earliest deadline
};

class SiteFeedbackStore {
 public:
  SiteFeedbackStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Stores `feedback` (id, notified and answered fields are ignored).
  Result<SiteFeedbackId> Create(Transaction& tx, const Actor& actor, const SiteFeedback& feedback);
  Result<std::optional<SiteFeedback>> Get(SqlSession& db, SiteFeedbackId id);
  // Open ones first, by deadline; then the answered ones, newest answer first.
  Result<std::vector<SiteFeedback>> List(SqlSession& db, OrganizationId org, int limit = 200);
  Result<OpenFeedback> Open(SqlSession& db, OrganizationId org);
  // Messages no mail has announced yet, oldest first.
  Result<std::vector<SiteFeedback>> Unnotified(SqlSession& db);
  // The staff were told; not audited (the mail names no citizen).
  Status MarkNotified(Transaction& tx, SiteFeedbackId id);
  // kNotFound for an unknown id, kConflict when it is answered already.
  Status MarkAnswered(Transaction& tx, const Actor& actor, SiteFeedbackId id, UserId by,
                      const std::string& note);

  // Messages answered (or, unanswered, received) before `cutoff` whose words
  // are still stored, oldest first.
  Result<std::vector<SiteFeedbackId>> Expired(SqlSession& db, OrganizationId org, Timestamp cutoff,
                                              int limit);
  // Erases message, sender and note; the audit entry names the rule only.
  Status Redact(Transaction& tx, const Actor& actor, SiteFeedbackId id, const std::string& rule,
                int concept_version);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
