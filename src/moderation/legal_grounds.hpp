#pragma once
// The statutes a moderator may cite beside the netiquette, and the
// complaint deadline of the insult offences.
//
// There is deliberately no ground for criticism or a negative opinion: an
// authority may not remove speech for what it says about the authority
// (Art. 5(1) GG). Insults (§§ 185-189 StGB) are prosecuted only on a
// complaint (§ 194), which must be filed within three months of the day the
// person entitled learnt of the act and its author (§ 77b).

#include <chrono>
#include <optional>
#include <span>
#include <string_view>

namespace civicpost::moderation {

struct LegalGround {
  std::string_view id;        // "stgb_185", stored with the decision
  std::string_view statute;   // "§ 185 StGB"
  std::string_view title_de;  // "Beleidigung"
  std::string_view title_en;  // "Insult"
  bool needs_complaint;       // prosecuted only on a complaint (§ 194 StGB)
  bool stops_capture;         // child sexual abuse material: never capture, call the police
};

std::span<const LegalGround> LegalGrounds();
// nullptr for an id that is not in the list.
const LegalGround* FindLegalGround(std::string_view id);

// The last day on which a complaint may be filed when the authority learnt
// of the comment on `knowledge` (its local date): three months later, on
// the same day of the month or the month's last day if it has none (§ 77b
// StGB with § 188(2), (3) BGB).
std::chrono::year_month_day ComplaintDeadline(std::chrono::year_month_day knowledge);

// Reminders go out 30, 14 and 7 days before the deadline: the tightest one
// reached on `today`, or nullopt before the first. Past the deadline, 0.
std::optional<int> ComplaintReminder(std::chrono::year_month_day deadline,
                                     std::chrono::year_month_day today);

}  // namespace civicpost::moderation
