#pragma once
// How the staff pages show posts, times and changes: shared by the post,
// calendar and dashboard pages.

#include <optional>
#include <string>
#include <vector>

#include "concept/concept.hpp"
#include "core/organization.hpp"
#include "core/post.hpp"
#include "core/time_zone.hpp"
#include "publish/post_diff.hpp"
#include "web/i18n.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

// The authority's time zone (office hours), Europe/Berlin if it names none.
TimeZone ZoneOf(const usage::Concept& usage_concept);
// "1. Dezember 2026" / "1 December 2026" in the person's language.
// "Instagram: Stadt Sassenberg": the platform in words and the account's name.
std::string ChannelLabel(const Channel& channel, const Catalogue& catalogue,
                         const std::string& lang);

std::string DateText(std::chrono::year_month_day date, const Catalogue& catalogue,
                     const std::string& lang);
// "Dienstag, 1. Dezember 2026, 10:30 Uhr" / "Tuesday, 1 December 2026, 10:30".
std::string DateTimeText(const LocalTime& t, const Catalogue& catalogue, const std::string& lang);
// "2026-12-01T10:30" as an <input type="datetime-local"> sends it, read in `zone`.
std::optional<Timestamp> ParseLocalInput(std::string_view text, const TimeZone& zone);
std::string LocalInputValue(Timestamp t, const TimeZone& zone);
// id, url, title (the caption's first line, shortened), kind, topic, state
// (label and name) and the date it is planned for or was published.
TemplateData PostSummary(const Post& post, const usage::Concept& usage_concept,
                         const TimeZone& zone, const Catalogue& catalogue, const std::string& lang);
// field label, before/after text and, for the caption, the word diff.
TemplateData ChangeData(const publish::FieldChange& change, const Catalogue& catalogue,
                        const std::string& lang);
// "user:3 a@b" -> that person's display name; "system", "cli" as they are.
std::string ActorName(const std::string& actor, const std::vector<User>& users);

}  // namespace civicpost::web
