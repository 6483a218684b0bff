#pragma once
// The complaint deadline reminders sent by mail (legal requirement R20):
// which comments still wait for a complaint, and which reminder went out
// to whom. One row per comment and step (30, 14, 7 days): a run claims
// the row before it sends, so two servers never send the same reminder,
// and marks it sent once every recipient has it.
//
// The audit entry ("comment.complaint_reminder") names the comment, the
// step, the deadline and the staff addresses; never the comment's words.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

// A comment a person decided about citing a ground that needs a complaint.
struct ComplaintCase {
  CommentId comment;
  Timestamp received_at;     // the day the authority learnt of it
  std::string legal_ground;  // of the first such decision, "stgb_185"
};

struct ComplaintReminderRecord {
  CommentId comment;
  int step_days = 0;                      // 30, 14 or 7
  std::string deadline;                   // "2027-02-25"
  std::optional<Timestamp> claimed_at{};  // a run is sending it (or died doing so)
  std::optional<Timestamp> sent_at{};     // every recipient has it
  std::vector<std::string> recipients{};  // the addresses it reached so far
};

class ComplaintReminderStore {
 public:
  ComplaintReminderStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // The authority's comments received since `since` whose first decision by
  // a person citing one of `grounds` exists, and for which no complaint is
  // filed yet (kComplaintFiled in the .cpp: a criminal report recorded with
  // the complaint); oldest decision first.
  Result<std::vector<ComplaintCase>> OpenCases(SqlSession& db, OrganizationId org,
                                               const std::vector<std::string>& grounds,
                                               Timestamp since);
  // Whether the complaint is filed for the comment, by the same rule
  // OpenCases applies (a report recorded with the complaint).
  Result<bool> ComplaintFiled(SqlSession& db, CommentId comment);
  Result<std::optional<ComplaintReminderRecord>> Find(SqlSession& db, CommentId comment,
                                                      int step_days);
  // Makes the (comment, step) reminder this run's to send: a new row, or one
  // not sent whose claim is missing or older than `stale_before`. Returns the
  // row (with the recipients reached before), or nullopt when it is sent
  // already or another run is sending it.
  Result<std::optional<ComplaintReminderRecord>> Claim(Transaction& tx, CommentId comment,
                                                       int step_days,
                                                       std::chrono::year_month_day deadline,
                                                       Timestamp stale_before);
  // Some recipients were not reached: keeps those that were and gives up
  // the claim, so the next run sends to the others.
  Status Release(Transaction& tx, CommentId comment, int step_days,
                 const std::vector<std::string>& reached);
  // Every recipient was reached: sent_at is now; audited.
  Status MarkSent(Transaction& tx, const Actor& actor, CommentId comment, int step_days,
                  const std::vector<std::string>& reached);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
