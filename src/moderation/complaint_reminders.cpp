#include "moderation/complaint_reminders.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "concept/authority_zone.hpp"
#include "concept/concept_loader.hpp"
#include "core/time_format.hpp"

namespace civicpost::moderation {
namespace {

// Deadlines run three months (at most 92 days); comments older than this
// have none left to remind of.
constexpr std::chrono::days kLongestDeadline{100};

std::vector<std::string> ComplaintGrounds() {
  std::vector<std::string> grounds;
  for (const LegalGround& ground : LegalGrounds()) {
    if (ground.needs_complaint) grounds.emplace_back(ground.id);
  }
  return grounds;
}

// The authority's time zone (office hours), Europe/Berlin without a
// readable concept: a deadline runs whether or not the concept loads.
Result<TimeZone> ZoneOf(store::Database& db, store::Repositories& repos, const Organization& org) {
  auto stored = repos.organizations.LatestConcept(db, org.id);
  if (!stored) return stored.error();
  usage::OfficeHours hours;
  if (*stored) {
    usage::ConceptLoad load = usage::ParseConcept((*stored)->toml_text, (*stored)->source_name);
    if (load.ok()) hours = load.concept_value->office_hours;
  }
  return usage::AuthorityZone(hours);
}

// Active moderators and admins: who answers for the authority's comments.
std::vector<User> StaffToRemind(const std::vector<User>& users) {
  std::vector<User> staff;
  for (const User& user : users) {
    if (!user.disabled && (user.Has(Role::kModerator) || user.Has(Role::kAdmin))) {
      staff.push_back(user);
    }
  }
  return staff;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "civicpost <civicpost@sassenberg.de>" -> "sassenberg.de".
std::string DomainOf(const std::string& from) {
  std::string domain = from.substr(from.rfind('@') + 1);
  while (!domain.empty() && (domain.back() == '>' || domain.back() == ' ')) domain.pop_back();
  return domain.empty() ? "civicpost.invalid" : domain;
}

}  // namespace

Result<ReminderReport> ComplaintReminders::Run(const Actor& actor, ReminderRun mode) {
  if (mode == ReminderRun::kSend && mailer_ == nullptr) {
    return InvalidArgument("no mail server is configured ([mail] in civicpost.toml)");
  }
  ReminderReport report;
  report.at = clock_.Now();
  report.mode = mode;
  auto organizations = repos_.organizations.List(db_);
  if (!organizations) return organizations.error();
  for (const Organization& org : *organizations) {
    if (Status s = RunFor(actor, mode, org, report); !s.ok()) {
      return Error{s.error().code, org.slug + ": " + s.message()};
    }
  }
  return report;
}

Status ComplaintReminders::RunFor(const Actor& actor, ReminderRun mode, const Organization& org,
                                  ReminderReport& report) {
  auto zone = ZoneOf(db_, repos_, org);
  if (!zone) return zone.error();
  const Timestamp now = clock_.Now();
  const auto today = zone->ToLocal(now).date();
  auto cases =
      repos_.complaint_reminders.OpenCases(db_, org.id, ComplaintGrounds(), now - kLongestDeadline);
  if (!cases) return cases.error();
  if (cases->empty()) return Status::Ok();
  auto users = repos_.users.ListByOrganization(db_, org.id);
  if (!users) return users.error();
  const std::vector<User> staff = StaffToRemind(*users);

  for (const store::ComplaintCase& c : *cases) {
    const LegalGround* ground = FindLegalGround(c.legal_ground);
    if (ground == nullptr) continue;
    const auto received = zone->ToLocal(c.received_at).date();
    const auto deadline = ComplaintDeadline(received);
    const std::optional<int> step = ComplaintReminder(deadline, today);
    if (!step || *step == 0) continue;  // not yet, or too late
    auto record = repos_.complaint_reminders.Find(db_, c.comment, *step);
    if (!record) return record.error();
    if (*record && (*record)->sent_at) continue;

    ReminderOutcome outcome;
    outcome.due = {
        org.id,
        org.name,
        c.comment,
        ground,
        received,
        deadline,
        *step,
        static_cast<int>((std::chrono::sys_days(deadline) - std::chrono::sys_days(today)).count()),
        settings_.staff_url + "/app/inbox/" + c.comment.ToString()};
    if (mode == ReminderRun::kDryRun) {
      for (const User& user : staff) {
        if (!*record || !Contains((*record)->recipients, user.email)) {
          outcome.pending.push_back(user.email);
        }
      }
    } else if (staff.empty()) {
      outcome.error = "no active moderator or admin to remind";
      spdlog::warn("complaint reminder for comment {} ({}): {}", c.comment.ToString(), org.slug,
                   outcome.error);
    } else if (Status s = Deliver(actor, staff, outcome); !s.ok()) {
      return s;
    }
    report.reminders.push_back(std::move(outcome));
  }
  return Status::Ok();
}

Status ComplaintReminders::Deliver(const Actor& actor, const std::vector<User>& staff,
                                   ReminderOutcome& outcome) {
  const DueReminder& due = outcome.due;
  store::ComplaintReminderStore& store = repos_.complaint_reminders;
  const Timestamp stale_before = clock_.Now() - settings_.claim_lease;
  auto claim = store::InTransaction(db_, [&](store::Transaction& tx) {
    return store.Claim(tx, due.comment, due.step_days, due.deadline, stale_before);
  });
  if (!claim) return claim.error();
  if (!*claim) return Status::Ok();  // another run sends it, or did

  std::vector<std::string> reached = (*claim)->recipients;
  for (const User& user : staff) {
    if (Contains(reached, user.email)) continue;
    const ReminderText words = wording_.Write(due, user);
    MailMessage message;
    message.from = settings_.from;
    message.to = {user.email};
    message.subject = words.subject;
    message.text = words.text;
    // The same id for a retry, so a mail program can tell a second copy.
    message.message_id = fmt::format("complaint-reminder.{}.{}.{}@{}", due.comment.value(),
                                     due.step_days, user.id.value(), DomainOf(settings_.from));
    message.date = clock_.Now();
    if (Status sent = mailer_->Send(message); !sent.ok()) {
      outcome.pending.push_back(user.email);
      outcome.error = sent.message();
      spdlog::error("complaint reminder ({} days) for comment {} to {}: {}", due.step_days,
                    due.comment.ToString(), user.email, sent.message());
      continue;
    }
    reached.push_back(user.email);
    outcome.sent_to.push_back(user.email);
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) {
    return outcome.pending.empty() ? store.MarkSent(tx, actor, due.comment, due.step_days, reached)
                                   : store.Release(tx, due.comment, due.step_days, reached);
  });
}

std::string FormatReminderReport(const ReminderReport& report) {
  const bool dry = report.mode == ReminderRun::kDryRun;
  std::string out =
      dry ? fmt::format(
                "Fristerinnerungen, Probelauf am {}: nichts wurde gesendet / "
                "deadline reminders, dry run: nothing was sent\n",
                FormatIsoUtc(report.at))
          : fmt::format("Fristerinnerungen am {} / deadline reminders\n", FormatIsoUtc(report.at));
  const auto join = [](const std::vector<std::string>& list) {
    return fmt::format("{}", fmt::join(list, ", "));
  };
  for (const ReminderOutcome& r : report.reminders) {
    out += fmt::format("{}: Kommentar Nr. {} ({}), Frist {} ({} Tage / days), Stufe {} Tage:",
                       r.due.authority, r.due.comment.value(), r.due.ground->statute,
                       FormatIsoDate(r.due.deadline), r.due.days_left, r.due.step_days);
    if (dry) {
      out += " an / to " + (r.pending.empty() ? std::string("-") : join(r.pending));
    } else {
      if (!r.sent_to.empty()) out += " gesendet an / sent to " + join(r.sent_to);
      if (!r.pending.empty()) out += " NICHT erreicht / NOT reached " + join(r.pending);
      if (!r.error.empty()) out += " (" + r.error + ")";
      if (r.sent_to.empty() && r.pending.empty() && r.error.empty()) {
        out += " von einem anderen Lauf gesendet / sent by another run";
      }
    }
    out += "\n";
  }
  if (report.reminders.empty()) {
    out += "Keine Erinnerung fällig / no reminder due\n";
  }
  return out;
}

}  // namespace civicpost::moderation
