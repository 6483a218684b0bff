#include "web/staff_format.hpp"

#include <cstdio>

#include "concept/authority_zone.hpp"

namespace civicpost::web {
namespace {

constexpr size_t kTitleLength = 80;

// Cuts at a character boundary, never inside a UTF-8 sequence.
std::string Shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace

std::string ChannelLabel(const Channel& channel, const Catalogue& catalogue,
                         const std::string& lang) {
  return catalogue.Text(lang,
                        "platform." + std::string(kChannelPlatformNames.Name(channel.platform))) +
         ": " + channel.name;
}

std::string DateText(std::chrono::year_month_day date, const Catalogue& catalogue,
                     const std::string& lang) {
  return catalogue.Format(
      lang, "format.date",
      {{"day", std::to_string(static_cast<unsigned>(date.day()))},
       {"month",
        catalogue.Text(lang, "month." + std::to_string(static_cast<unsigned>(date.month())))},
       {"year", std::to_string(static_cast<int>(date.year()))}});
}

std::string DateTimeText(const LocalTime& t, const Catalogue& catalogue, const std::string& lang) {
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", t.hour, t.minute);
  return catalogue.Format(
      lang, "format.date_time",
      {{"weekday", catalogue.Text(lang, "weekday." + std::to_string(t.weekday))},
       {"date", DateText(t.date(), catalogue, lang)},
       {"time", time}});
}

TimeZone ZoneOf(const usage::Concept& usage_concept) {
  return usage::AuthorityZone(usage_concept.office_hours);
}

std::optional<Timestamp> ParseLocalInput(std::string_view text, const TimeZone& zone) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int hour = 0;
  int minute = 0;
  char tail = 0;
  const std::string copy(text);
  // What <input type="datetime-local"> sends, or what people type where a
  // browser shows a plain text field: "01.12.2026 10:30".
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &tail) != 5 &&
      std::sscanf(copy.c_str(), "%2u.%2u.%4d %2d:%2d%c", &day, &month, &year, &hour, &minute,
                  &tail) != 5) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  return zone.FromLocal(year, month, day, hour, minute);
}

std::string LocalInputValue(Timestamp t, const TimeZone& zone) {
  const LocalTime local = zone.ToLocal(t);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d", local.year, local.month,
                local.day, local.hour, local.minute);
  return buffer;
}

TemplateData PostSummary(const Post& post, const usage::Concept& usage_concept,
                         const TimeZone& zone, const Catalogue& catalogue,
                         const std::string& lang) {
  TemplateData data;
  data.set("id", post.id.ToString());
  data.set("url", "/app/posts/" + post.id.ToString());
  const std::string first_line = post.caption.substr(0, post.caption.find('\n'));
  data.set("title", first_line.empty() ? catalogue.Text(lang, "posts.untitled")
                                       : Shorten(first_line, kTitleLength));
  const std::string kind(kPostKindNames.Name(post.kind));
  data.set("kind", catalogue.Text(lang, "kind." + kind));
  const usage::Topic* topic = usage_concept.FindTopic(post.topic);
  data.set("topic", topic ? topic->name : post.topic);
  const std::string state(kPostStateNames.Name(post.state));
  data.set("state", catalogue.Text(lang, "state." + state));
  data.set("state_name", state);
  if (post.published_at) {
    data.set("when",
             catalogue.Format(
                 lang, "posts.published_on",
                 {{"date", DateTimeText(zone.ToLocal(*post.published_at), catalogue, lang)}}));
  } else if (post.scheduled_at) {
    data.set("when",
             catalogue.Format(
                 lang, "posts.planned_for",
                 {{"date", DateTimeText(zone.ToLocal(*post.scheduled_at), catalogue, lang)}}));
  }
  return data;
}

TemplateData ChangeData(const publish::FieldChange& change, const Catalogue& catalogue,
                        const std::string& lang) {
  TemplateData data;
  data.set("field", catalogue.Text(lang, "field." + change.field));
  data.set("before", change.before);
  data.set("after", change.after);
  TemplateList segments;
  for (const publish::TextSegment& segment : change.segments) {
    TemplateData s;
    s.set("text", segment.text);
    s.set("added", segment.kind == publish::SegmentKind::kAdded);
    s.set("removed", segment.kind == publish::SegmentKind::kRemoved);
    s.set("same", segment.kind == publish::SegmentKind::kSame);
    segments.push_back(s);
  }
  data.set("segments", segments);
  data.set("has_segments", !change.segments.empty());
  return data;
}

std::string ActorName(const std::string& actor, const std::vector<User>& users) {
  if (!actor.starts_with("user:")) return actor;
  const size_t space = actor.find(' ');
  const std::string id =
      actor.substr(5, space == std::string::npos ? std::string::npos : space - 5);
  for (const User& user : users) {
    if (user.id.ToString() == id) return user.display_name;
  }
  return space == std::string::npos ? actor : actor.substr(space + 1);
}

}  // namespace civicpost::web
