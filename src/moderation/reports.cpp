#include "moderation/reports.hpp"

#include <algorithm>
#include <array>

namespace civicpost::moderation {
namespace {

constexpr std::array<ReportRecipient, 9> kRecipients{{
    {"meta", ReportKind::kPlatform, "Meta (Meldung nach Art. 16 DSA)"},
    {"flagger_respect", ReportKind::kPlatform, "REspect! (vertrauenswürdiger Hinweisgeber)"},
    {"flagger_hateaid", ReportKind::kPlatform, "HateAid (vertrauenswürdiger Hinweisgeber)"},
    {"police_online", ReportKind::kCriminal, "Onlinewache der Polizei"},
    {"prosecutor", ReportKind::kCriminal, "Staatsanwaltschaft"},
    {"zac_nrw", ReportKind::kCriminal, "ZAC NRW (Zentral- und Ansprechstelle Cybercrime)"},
    {"hessen_gegen_hetze", ReportKind::kCriminal, "Hessen gegen Hetze"},
    {"respect", ReportKind::kCriminal, "REspect! Meldestelle"},
    {"hateaid", ReportKind::kCriminal, "HateAid"},
}};

constexpr std::array<std::string_view, 5> kPlatformOutcomes{"pending", "removed", "restricted",
                                                            "no_action", "no_answer"};
constexpr std::array<std::string_view, 6> kCriminalOutcomes{
    "pending", "investigating", "discontinued", "penalty", "acquitted", "other"};

}  // namespace

std::span<const ReportRecipient> ReportRecipients() { return kRecipients; }

const ReportRecipient* FindReportRecipient(std::string_view id) {
  for (const ReportRecipient& recipient : kRecipients) {
    if (recipient.id == id) return &recipient;
  }
  return nullptr;
}

std::span<const std::string_view> ReportOutcomes(ReportKind kind) {
  if (kind == ReportKind::kPlatform) return kPlatformOutcomes;
  return kCriminalOutcomes;
}

bool IsReportOutcome(ReportKind kind, std::string_view outcome) {
  const auto outcomes = ReportOutcomes(kind);
  return std::find(outcomes.begin(), outcomes.end(), outcome) != outcomes.end();
}

std::string_view ReportKindName(ReportKind kind) {
  return kind == ReportKind::kPlatform ? "platform" : "criminal";
}

}  // namespace civicpost::moderation
