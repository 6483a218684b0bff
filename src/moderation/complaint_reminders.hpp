#pragma once
// Complaint deadline reminders by mail (legal requirement R20; §§ 77b, 194
// StGB). For every comment a person decided about citing a ground that is
// prosecuted only on a complaint (legal_grounds.hpp, needs_complaint), the
// deadline runs three months from the day the comment came in (the
// authority's local date). At 30, 14 and 7 days before it, each active
// moderator and admin of the authority gets one mail, in their language
// (German by default), naming the comment's number, the ground, the
// deadline, who may file and the link to the comment in the staff app;
// never the comment's words.
//
// - A step is sent once: the store claims it before the mails go out and
//   marks it sent after, across restarts and several servers.
// - A step missed (the server was down) goes out at the next run, at the
//   step that applies then: at 10 days left, the 14-day reminder, once.
// - A mail that fails is not recorded; the next run sends to the
//   recipients it did not reach, and the error is in the report and log.
// - Once the complaint is filed (store: kComplaintFiled, a criminal report
//   recorded with the complaint) no more reminders go out for the comment.
//
// `serve` runs it every hour; `civicpost reminders run [--dry-run]` on
// demand. One caller at a time per object.

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/mailer.hpp"
#include "core/organization.hpp"
#include "moderation/legal_grounds.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

// One reminder that is due: what the mail says.
struct DueReminder {
  OrganizationId organization;
  std::string authority;  // "Stadt Sassenberg"
  CommentId comment;
  const LegalGround* ground = nullptr;
  std::chrono::year_month_day received;  // the day the authority learnt of it
  std::chrono::year_month_day deadline;  // the last day to file
  int step_days = 0;                     // 30, 14 or 7
  int days_left = 0;                     // 0 on the last day
  std::string comment_url;               // ".../app/inbox/42"
};

struct ReminderText {
  std::string subject;
  std::string text;
};

// The words of a reminder (the staff app's catalogue, in web/).
class ReminderWording {
 public:
  virtual ~ReminderWording() = default;
  // The subject and text for `recipient`, in their language.
  virtual ReminderText Write(const DueReminder& due, const User& recipient) const = 0;
};

struct ReminderSettings {
  std::string from;       // the sender: "civicpost <civicpost@sassenberg.de>"
  std::string staff_url;  // where the staff app is: "https://social.sassenberg.de"
  // A claim older than this was left by a run that died; the next run takes it.
  std::chrono::minutes claim_lease{60};
};

enum class ReminderRun { kSend, kDryRun };

// A due reminder and what became of it in this run.
struct ReminderOutcome {
  DueReminder due;
  std::vector<std::string> sent_to;  // reached in this run
  std::vector<std::string> pending;  // a dry run: would get it; a real run: not reached
  std::string error;                 // why someone was not reached (the last error)
};

struct ReminderReport {
  Timestamp at;
  ReminderRun mode = ReminderRun::kSend;
  std::vector<ReminderOutcome> reminders;
};

class ComplaintReminders {
 public:
  // `mailer` may be null for dry runs only.
  ComplaintReminders(store::Database& db, store::Repositories& repos, const Clock& clock,
                     Mailer* mailer, const ReminderWording& wording, ReminderSettings settings)
      : db_(db),
        repos_(repos),
        clock_(clock),
        mailer_(mailer),
        wording_(wording),
        settings_(std::move(settings)) {}

  // Sends what is due (or, for a dry run, lists it and changes nothing).
  // `actor` is who the audit entries name. Errors are the database's;
  // mail errors are in the report.
  Result<ReminderReport> Run(const Actor& actor, ReminderRun mode = ReminderRun::kSend);

 private:
  Status RunFor(const Actor& actor, ReminderRun mode, const Organization& org,
                ReminderReport& report);
  // Claims the reminder, mails every recipient not reached yet, records it.
  Status Deliver(const Actor& actor, const std::vector<User>& staff, ReminderOutcome& outcome);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  Mailer* mailer_;
  const ReminderWording& wording_;
  ReminderSettings settings_;
};

// The report as plain text, German first: one line per reminder.
std::string FormatReminderReport(const ReminderReport& report);

}  // namespace civicpost::moderation
