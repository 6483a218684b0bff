#include "moderation/transparency_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace civicpost::moderation {
namespace {

// The nearest-rank percentile of sorted values (p in 0..100).
double Percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

WaitingTimes Waiting(std::vector<double> minutes, int undecided) {
  WaitingTimes out;
  out.undecided = undecided;
  out.comments = static_cast<int>(minutes.size());
  if (minutes.empty()) return out;
  std::sort(minutes.begin(), minutes.end());
  const size_t n = minutes.size();
  out.median_minutes = n % 2 == 1 ? minutes[n / 2] : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
  out.p95_minutes = Percentile(minutes, 95);
  return out;
}

double Minutes(Timestamp from, Timestamp to) {
  return std::chrono::duration<double, std::ratio<60>>(to - from).count();
}

}  // namespace

TransparencyReport BuildTransparencyReport(const std::string& month,
                                           const std::vector<Decision>& decisions,
                                           const std::vector<store::DecisionTiming>& timings,
                                           const std::vector<store::CommentReport>& reports) {
  TransparencyReport report;
  report.month = month;
  report.decisions = static_cast<int>(decisions.size());
  for (const Decision& d : decisions) {
    ++report.by_action[std::string(kModerationActionNames.Name(d.action))];
    ++report.by_category[d.category];
    (d.decided_by ? report.by_person : report.automatic) += 1;
    const bool measure = d.action == ModerationAction::kHide ||
                         d.action == ModerationAction::kDelete ||
                         d.action == ModerationAction::kApprove;
    if (measure && !d.needs_second) {
      if (!d.clause_id.empty()) ++report.by_clause[d.clause_id];
      if (!d.legal_ground.empty()) ++report.by_ground[d.legal_ground];
      if (d.critical) ++report.measures_on_criticism;
    }
    if (d.action == ModerationAction::kRestore) ++report.restored;
  }
  std::vector<double> to_decision;
  std::vector<double> to_person;
  int undecided = 0;
  int person_pending = 0;
  for (const store::DecisionTiming& t : timings) {
    if (t.first_decision) {
      to_decision.push_back(Minutes(t.received_at, *t.first_decision));
    } else {
      ++undecided;
    }
    if (!t.needed_person) continue;
    if (t.first_person) {
      to_person.push_back(Minutes(t.received_at, *t.first_person));
    } else {
      ++person_pending;
    }
  }
  report.to_decision = Waiting(std::move(to_decision), undecided);
  report.to_person = Waiting(std::move(to_person), person_pending);

  std::vector<double> platform_days;
  for (const store::CommentReport& r : reports) {
    const bool platform = r.kind == "platform";
    ++(platform ? report.reports.platform_notices : report.reports.criminal_reports);
    if (r.complaint) ++report.reports.with_complaint;
    if (r.outcome == "pending" || !r.outcome_on) continue;
    ++report.reports.answered;
    ++report.reports.outcomes[r.outcome];
    if (platform) {
      platform_days.push_back(static_cast<double>(
          (std::chrono::sys_days(*r.outcome_on) - std::chrono::sys_days(r.filed_on)).count()));
    }
  }
  report.reports.median_days_to_platform_answer =
      Waiting(std::move(platform_days), 0).median_minutes;  // the same median, in days
  return report;
}

std::string TransparencyCsv(const TransparencyReport& report) {
  std::string csv = "abschnitt,schluessel,wert\n";
  auto row = [&](std::string_view section, std::string_view key, const std::string& value) {
    csv += fmt::format("{},{},{}\n", section, key, value);
  };
  auto minutes = [](const std::optional<double>& m) {
    return m ? fmt::format("{:.1f}", *m) : std::string();
  };
  row("monat", "monat", report.month);
  row("gesamt", "entscheidungen", std::to_string(report.decisions));
  row("entschieden_von", "automatisch", std::to_string(report.automatic));
  row("entschieden_von", "person", std::to_string(report.by_person));
  for (const auto& [key, n] : report.by_action) row("massnahme", key, std::to_string(n));
  for (const auto& [key, n] : report.by_clause) row("regel", key, std::to_string(n));
  for (const auto& [key, n] : report.by_ground) row("rechtsgrundlage", key, std::to_string(n));
  for (const auto& [key, n] : report.by_category) row("kategorie", key, std::to_string(n));
  row("kritik", "massnahmen_gegen_kritische_kommentare",
      std::to_string(report.measures_on_criticism));
  row("ueberpruefung", "wiederhergestellt", std::to_string(report.restored));
  row("wartezeit_erste_entscheidung", "kommentare", std::to_string(report.to_decision.comments));
  row("wartezeit_erste_entscheidung", "median_minuten", minutes(report.to_decision.median_minutes));
  row("wartezeit_erste_entscheidung", "p95_minuten", minutes(report.to_decision.p95_minutes));
  row("wartezeit_erste_entscheidung", "offen", std::to_string(report.to_decision.undecided));
  row("wartezeit_person", "kommentare", std::to_string(report.to_person.comments));
  row("wartezeit_person", "median_minuten", minutes(report.to_person.median_minutes));
  row("wartezeit_person", "p95_minuten", minutes(report.to_person.p95_minutes));
  row("wartezeit_person", "offen", std::to_string(report.to_person.undecided));
  row("meldungen", "an_plattform", std::to_string(report.reports.platform_notices));
  row("meldungen", "strafanzeigen", std::to_string(report.reports.criminal_reports));
  row("meldungen", "mit_strafantrag", std::to_string(report.reports.with_complaint));
  row("meldungen", "beantwortet", std::to_string(report.reports.answered));
  row("meldungen", "median_tage_bis_antwort_plattform",
      minutes(report.reports.median_days_to_platform_answer));
  for (const auto& [key, n] : report.reports.outcomes) row("ergebnis", key, std::to_string(n));
  return csv;
}

std::optional<std::string> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int year = std::stoi(std::string(text.substr(0, 4)));
  if (month < 1 || month > 12 || year < 2000 || year > 2200) return std::nullopt;
  return std::string(text);
}

}  // namespace civicpost::moderation
