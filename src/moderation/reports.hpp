#pragma once
// Where an authority reports a comment, and what can come of it.
//
// - A notice to the platform (Art. 16 DSA, R22): to Meta directly, or
//   through a trusted flagger (Art. 22 DSA) whose notices the platform must
//   handle first.
// - A criminal report (R21, § 158 StPO): to the police's online station,
//   the public prosecutor, or a reporting office that passes it on. For the
//   insult offences it carries the complaint (Strafantrag) that §§ 77b,
//   194 StGB require within three months.
//
// A report is recorded with the evidence it sent; a criminal report also
// keeps the comment's records beyond retention (a legal hold) until someone
// releases it.

#include <span>
#include <string_view>

namespace civicpost::moderation {

enum class ReportKind { kPlatform, kCriminal };

struct ReportRecipient {
  std::string_view id;  // stored: "meta", "police_online", ...
  ReportKind kind;
  std::string_view name;  // a proper name, the same in every language
};

std::span<const ReportRecipient> ReportRecipients();
// nullptr for an id that is not in the list.
const ReportRecipient* FindReportRecipient(std::string_view id);

// What the recipient answered; "pending" until someone records it. The
// staff app names them through the catalogue ("report_outcome.<id>").
std::span<const std::string_view> ReportOutcomes(ReportKind kind);
bool IsReportOutcome(ReportKind kind, std::string_view outcome);

std::string_view ReportKindName(ReportKind kind);  // "platform", "criminal"

}  // namespace civicpost::moderation
