#include "app/demo_posts.hpp"

#include <toml++/toml.h>

namespace civicpost::app {
namespace {

using std::chrono::hours;

// `hour` o'clock local time, `days_from_now` days after today in `zone`.
Timestamp AtLocalHour(const TimeZone& zone, Timestamp now, int64_t days_from_now, int64_t hour) {
  using namespace std::chrono;
  const year_month_day date{sys_days(zone.ToLocal(now).date()) + days(days_from_now)};
  return zone.FromLocal(static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                        static_cast<unsigned>(date.day()), static_cast<int>(hour), 0);
}

Error Problem(size_t index, const std::string& what) {
  return InvalidArgument("demo-posts.toml: posts[" + std::to_string(index) + "]: " + what);
}

}  // namespace

Result<std::vector<DemoPost>> ParseDemoPosts(std::string_view toml_text, Timestamp now,
                                             const TimeZone& zone) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view("demo-posts.toml"));
  } catch (const toml::parse_error& e) {
    return InvalidArgument("demo-posts.toml:" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
  const toml::array* posts = root["posts"].as_array();
  if (!posts) return InvalidArgument("demo-posts.toml: no [[posts]]");
  std::vector<DemoPost> out;
  for (size_t i = 0; i < posts->size(); ++i) {
    const toml::table* t = (*posts)[i].as_table();
    if (!t) return Problem(i, "is not a table");
    DemoPost demo;
    Post& p = demo.post;
    auto kind = kPostKindNames.Parse((*t)["kind"].value_or(std::string()));
    auto state = kPostStateNames.Parse((*t)["state"].value_or(std::string()));
    if (!kind) return Problem(i, "kind is missing or unknown");
    if (!state) return Problem(i, "state is missing or unknown");
    p.kind = *kind;
    p.state = *state;
    p.topic = (*t)["topic"].value_or(std::string());
    p.caption = (*t)["caption"].value_or(std::string());
    if (p.topic.empty() || p.caption.empty()) return Problem(i, "topic and caption are required");
    while (!p.caption.empty() && (p.caption.back() == '\n' || p.caption.back() == ' ')) {
      p.caption.pop_back();
    }
    const Timestamp when = AtLocalHour(zone, now, (*t)["days_from_now"].value_or(int64_t{0}),
                                       (*t)["hour"].value_or(int64_t{10}));
    if (p.state == PostState::kPublished) p.published_at = when;
    if (p.state == PostState::kScheduled) p.scheduled_at = when;
    if (const toml::table* e = (*t)["event"].as_table()) {
      PostEvent event;
      event.title = (*e)["title"].value_or(std::string());
      event.place = (*e)["place"].value_or(std::string());
      event.starts_at = AtLocalHour(zone, now, (*e)["starts_in_days"].value_or(int64_t{0}),
                                    (*e)["start_hour"].value_or(int64_t{10}));
      event.ends_at = event.starts_at + hours((*e)["duration_hours"].value_or(int64_t{2}));
      if (event.title.empty()) return Problem(i, "event.title is required");
      p.event = std::move(event);
    }
    if (const toml::array* channels = (*t)["channels"].as_array()) {
      for (const auto& c : *channels) demo.channels.push_back(c.value_or(std::string()));
    }
    if (const toml::array* media = (*t)["media"].as_array()) {
      for (const auto& m : *media) {
        const toml::table* mt = m.as_table();
        if (!mt) return Problem(i, "media entries must be tables");
        DemoMedia dm{(*mt)["file"].value_or(std::string()), (*mt)["alt"].value_or(std::string())};
        if (dm.file.empty() || dm.alt.empty()) return Problem(i, "media needs file and alt");
        demo.media.push_back(std::move(dm));
      }
    }
    out.push_back(std::move(demo));
  }
  return out;
}

}  // namespace civicpost::app
