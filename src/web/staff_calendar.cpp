// The dashboard (what needs me now) and the editorial calendar.
#include <algorithm>
#include <cstdio>

#include "documents/review_status.hpp"
#include "publish/calendar.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kListWeeksBack = 2;
constexpr int kListWeeksAhead = 8;

std::string IsoDate(year_month_day d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buffer;
}

std::optional<year_month_day> ParseIsoDate(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  year_month_day date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::vector<publish::CalendarEntry> EntriesOf(
    const std::vector<Post>& posts, const std::map<int64_t, std::vector<std::string>>& keys) {
  std::vector<publish::CalendarEntry> out;
  for (const Post& post : posts) {
    if (post.state != PostState::kScheduled && post.state != PostState::kPublished) continue;
    const std::optional<Timestamp> at = post.published_at ? post.published_at : post.scheduled_at;
    if (!at) continue;
    auto found = keys.find(post.id.value());
    out.push_back({post.id, post.kind, post.state, *at,
                   found == keys.end() ? std::vector<std::string>{} : found->second});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

}  // namespace

// The channels of each post, as keys.
static std::map<int64_t, std::vector<std::string>> ChannelKeys(store::Database& db,
                                                               store::Repositories& repos,
                                                               const std::vector<Post>& posts,
                                                               OrganizationId org) {
  std::map<int64_t, std::vector<std::string>> out;
  auto channels = repos.channels.ListByOrganization(db, org);
  if (!channels) return out;
  for (const Post& post : posts) {
    auto ids = repos.posts.ListChannels(db, post.id);
    if (!ids) continue;
    for (const Channel& channel : *channels) {
      if (std::find(ids->begin(), ids->end(), channel.id) != ids->end()) {
        out[post.id.value()].push_back(channel.key);
      }
    }
  }
  return out;
}

// One line per channel with a cadence target: "Instagram: 1 von 2 Beiträgen – offen".
static TemplateList CadenceLines(const std::vector<publish::CalendarEntry>& entries,
                                 const usage::Concept& usage_concept, const TimeZone& zone,
                                 year_month_day monday, year_month_day today,
                                 const Catalogue& catalogue, const std::string& lang,
                                 const std::string& only_channel = "") {
  TemplateList lines;
  for (const usage::Channel& channel : usage_concept.channels) {
    if (channel.scope.posts_per_week <= 0) continue;
    if (!only_channel.empty() && channel.id != only_channel) continue;
    auto weeks =
        publish::Cadence(entries, channel.id, channel.scope.posts_per_week, zone, monday, 1, today);
    if (weeks.empty()) continue;
    const publish::WeekCadence& week = weeks.front();
    const char* status = week.status == publish::CadenceStatus::kMet      ? "met"
                         : week.status == publish::CadenceStatus::kMissed ? "missed"
                                                                          : "open";
    TemplateData line;
    line.set(
        "text",
        catalogue.Format(
            lang, "cadence.line",
            {{"channel", catalogue.Text(lang, "platform." + std::string(kChannelPlatformNames.Name(
                                                                channel.platform))) +
                             ": " + channel.name},
             {"count", std::to_string(week.feed_posts)},
             {"target", std::to_string(week.target)},
             {"status", catalogue.Text(lang, "cadence." + std::string(status))}}));
    line.set("status", status);
    lines.push_back(line);
  }
  return lines;
}

Response StaffApp::Dashboard(const Request& request, const StaffContext& ctx) {
  auto posts = repos_.posts.ListByOrganization(db_, ctx.org.id);
  if (!posts) return Failure(ctx, posts.error());
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  const year_month_day today = zone.ToLocal(clock_.Now()).date();
  TemplateData data;
  data.set("greeting",
           catalogue_.Format(ctx.lang, "dashboard.greeting", {{"name", ctx.user.display_name}}));

  TemplateList awaiting;
  TemplateList returned;
  TemplateList to_schedule;
  TemplateList failed;
  for (const Post& post : *posts) {
    TemplateData summary = PostSummary(post, ctx.usage_concept(), zone, catalogue_, ctx.lang);
    if (post.state == PostState::kInReview && ctx.user.Has(Role::kApprover)) {
      auto record = workflow_.Load(post.id);
      if (record && !publish::Workflow::IsAuthor(*record, ctx.user.id)) awaiting.push_back(summary);
    }
    if (post.state == PostState::kDraft && !post.review_note.empty() &&
        ctx.user.Has(Role::kEditor)) {
      returned.push_back(summary);
    }
    if (post.state == PostState::kApproved && ctx.user.Has(Role::kEditor)) {
      to_schedule.push_back(summary);
    }
  }
  // A delivery that failed on one channel, with the platform's reason.
  auto failed_deliveries = repos_.posts.ListFailedDeliveries(db_, ctx.org.id);
  auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (failed_deliveries && channels) {
    for (const Delivery& delivery : *failed_deliveries) {
      auto post = std::find_if(posts->begin(), posts->end(),
                               [&](const Post& p) { return p.id == delivery.post_id; });
      if (post == posts->end()) continue;
      TemplateData summary = PostSummary(*post, ctx.usage_concept(), zone, catalogue_, ctx.lang);
      for (const Channel& channel : *channels) {
        if (channel.id != delivery.channel_id) continue;
        summary.set("channel", ChannelLabel(channel, catalogue_, ctx.lang));
      }
      const std::string reason =
          delivery.error_key.empty() ? delivery.last_error : T(ctx, delivery.error_key);
      if (!reason.empty()) summary.set("error", reason);
      failed.push_back(summary);
    }
  }
  // Channels whose token is gone: their posts wait for a person.
  TemplateList reconnect;
  if (channels) {
    for (const Channel& channel : *channels) {
      if (channel.status != ChannelStatus::kNeedsReconnect) continue;
      TemplateData row;
      row.set("channel", ChannelLabel(channel, catalogue_, ctx.lang));
      if (!channel.status_reason.empty()) row.set("reason", T(ctx, channel.status_reason));
      reconnect.push_back(row);
    }
  }
  data.set("reconnect", reconnect);
  data.set("has_reconnect", !reconnect.empty());
  data.set("awaiting", awaiting);
  data.set("has_awaiting", !awaiting.empty());
  data.set("show_awaiting", ctx.user.Has(Role::kApprover));
  data.set("returned", returned);
  data.set("has_returned", !returned.empty());
  data.set("to_schedule", to_schedule);
  data.set("has_to_schedule", !to_schedule.empty());
  data.set("show_editor", ctx.user.Has(Role::kEditor));
  data.set("failed", failed);
  data.set("has_failed", !failed.empty());

  // Posts that must come down because a consent ended: everyone sees them,
  // until the channels have carried the takedown out.
  TemplateList takedowns;
  auto open_takedowns = repos_.media_rights.ListOpenTakedowns(db_, ctx.org.id);
  if (!open_takedowns) return Failure(ctx, open_takedowns.error());
  for (const Takedown& takedown : *open_takedowns) {
    auto post = std::find_if(posts->begin(), posts->end(),
                             [&](const Post& p) { return p.id == takedown.post_id; });
    if (post == posts->end()) continue;
    TemplateData summary = PostSummary(*post, ctx.usage_concept(), zone, catalogue_, ctx.lang);
    summary.set("reason",
                T(ctx, "takedown." + std::string(kTakedownReasonNames.Name(takedown.reason))));
    summary.set("since", DateTimeText(zone.ToLocal(takedown.requested_at), catalogue_, ctx.lang));
    summary.set("takedown_id", std::to_string(takedown.id));
    // The copies on the platforms, to archive or delete by hand.
    TemplateList copies;
    auto deliveries = repos_.posts.ListDeliveries(db_, takedown.post_id);
    if (deliveries && channels) {
      for (const Delivery& delivery : *deliveries) {
        // Out on the platform: with its link, or (media not identified) without.
        if (delivery.permalink.empty() && delivery.remote_id.empty()) continue;
        for (const Channel& channel : *channels) {
          if (channel.id != delivery.channel_id || channel.platform == ChannelPlatform::kWebsite) {
            continue;
          }
          TemplateData copy;
          copy.set("channel", ChannelLabel(channel, catalogue_, ctx.lang));
          if (!delivery.permalink.empty()) copy.set("permalink", delivery.permalink);
          copy.set("comments_off", publish::CommentsSwitchedOff(delivery));
          copies.push_back(copy);
        }
      }
    }
    summary.set("copies", copies);
    takedowns.push_back(summary);
  }
  data.set("takedowns", takedowns);
  data.set("has_takedowns", !takedowns.empty());
  data.set("can_confirm_takedowns", ctx.user.Has(Role::kEditor));
  if (auto done = request.query_params.find("done");
      done != request.query_params.end() && done->second == "takedown") {
    data.set("done", T(ctx, "dashboard.takedown_confirmed"));
  }

  if (ctx.user.Has(Role::kModerator)) AddModeration(ctx, today, &data);
  if (ctx.user.Has(Role::kModerator) || ctx.user.Has(Role::kAdmin) || ctx.user.Has(Role::kDpo)) {
    AddFeedback(ctx, today, &data);
  }
  AddBioLink(ctx, &data);

  const documents::DpiaReview review = documents::DpiaReviewStatus(ctx.usage_concept().dpia, today);
  static constexpr const char* kReviewNames[] = {"never_reviewed", "current", "due_soon", "overdue",
                                                 "triggered"};
  TemplateData dpia;
  dpia.set("text",
           catalogue_.Format(ctx.lang,
                             "dpia." + std::string(kReviewNames[static_cast<int>(review.state)]),
                             {{"days", std::to_string(std::abs(review.days_left))},
                              {"next", review.next ? DateText(*review.next, catalogue_, ctx.lang)
                                                   : std::string("–")}}));
  dpia.set("attention", review.state != documents::ReviewState::kCurrent);
  data.set("dpia", dpia);

  const auto keys = ChannelKeys(db_, repos_, *posts, ctx.org.id);
  data.set("cadence", CadenceLines(EntriesOf(*posts, keys), ctx.usage_concept(), zone,
                                   publish::MondayOf(today), today, catalogue_, ctx.lang));
  return Render(ctx, "staff_dashboard", data, T(ctx, "dashboard.title"));
}

Response StaffApp::Calendar(const Request& request, const StaffContext& ctx) {
  auto posts = repos_.posts.ListByOrganization(db_, ctx.org.id);
  if (!posts) return Failure(ctx, posts.error());
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  const year_month_day today = zone.ToLocal(clock_.Now()).date();
  std::string view = "month";
  if (auto v = request.query_params.find("view"); v != request.query_params.end()) {
    if (v->second == "week" || v->second == "list") view = v->second;
  }
  year_month_day focus = today;
  if (auto d = request.query_params.find("date"); d != request.query_params.end()) {
    if (auto parsed = ParseIsoDate(d->second)) focus = *parsed;
  }
  // One channel's calendar, or all of them.
  std::string channel_filter;
  if (auto c = request.query_params.find("channel"); c != request.query_params.end()) {
    if (ctx.usage_concept().FindChannel(c->second) != nullptr) channel_filter = c->second;
  }
  const auto keys = ChannelKeys(db_, repos_, *posts, ctx.org.id);
  std::vector<publish::CalendarEntry> entries = EntriesOf(*posts, keys);
  if (!channel_filter.empty()) {
    std::erase_if(entries, [&](const publish::CalendarEntry& e) {
      return std::find(e.channel_keys.begin(), e.channel_keys.end(), channel_filter) ==
             e.channel_keys.end();
    });
  }
  std::map<int64_t, const Post*> by_id;
  for (const Post& post : *posts) by_id[post.id.value()] = &post;

  auto day_entries = [&](year_month_day day) {
    TemplateList list;
    for (const publish::CalendarEntry& entry : entries) {
      const LocalTime local = zone.ToLocal(entry.at);
      if (local.date() != day) continue;
      TemplateData item = PostSummary(*by_id.at(entry.post_id.value()), ctx.usage_concept(), zone,
                                      catalogue_, ctx.lang);
      char time[8];
      std::snprintf(time, sizeof time, "%02d:%02d", local.hour, local.minute);
      item.set("time", std::string(time));
      std::string channels;
      for (const std::string& key : entry.channel_keys)
        channels += (channels.empty() ? "" : ", ") + key;
      item.set("channels", channels);
      list.push_back(item);
    }
    return list;
  };
  auto week_data = [&](year_month_day monday, std::optional<std::chrono::month> month) {
    TemplateData week;
    TemplateList day_list;
    for (int i = 0; i < 7; ++i) {
      const year_month_day day{sys_days(monday) + days(i)};
      TemplateData cell;
      cell.set("date", DateText(day, catalogue_, ctx.lang));
      cell.set("day_number", std::to_string(static_cast<unsigned>(day.day())));
      cell.set("weekday", T(ctx, "weekday." + std::to_string(i + 1)));
      cell.set("outside", month && day.month() != *month);
      cell.set("today", day == today);
      TemplateList items = day_entries(day);
      cell.set("has_posts", !items.empty());
      cell.set("posts", items);
      day_list.push_back(cell);
    }
    week.set("days", day_list);
    week.set("label", catalogue_.Format(ctx.lang, "calendar.week_of",
                                        {{"date", DateText(monday, catalogue_, ctx.lang)}}));
    week.set("cadence", CadenceLines(entries, ctx.usage_concept(), zone, monday, today, catalogue_,
                                     ctx.lang, channel_filter));
    return week;
  };

  TemplateData data;
  TemplateList weeks;
  std::string heading;
  year_month_day previous = focus;
  year_month_day next = focus;
  if (view == "month") {
    const std::chrono::year_month month{focus.year(), focus.month()};
    for (const auto& row : publish::MonthWeeks(month))
      weeks.push_back(week_data(row[0], focus.month()));
    heading = T(ctx, "month." + std::to_string(static_cast<unsigned>(focus.month()))) + " " +
              std::to_string(static_cast<int>(focus.year()));
    previous = (month - std::chrono::months(1)) / std::chrono::day(1);
    next = (month + std::chrono::months(1)) / std::chrono::day(1);
  } else if (view == "week") {
    const year_month_day monday = publish::MondayOf(focus);
    weeks.push_back(week_data(monday, std::nullopt));
    heading = catalogue_.Format(ctx.lang, "calendar.week_of",
                                {{"date", DateText(monday, catalogue_, ctx.lang)}});
    previous = year_month_day{sys_days(monday) - days(7)};
    next = year_month_day{sys_days(monday) + days(7)};
  } else {
    const year_month_day first =
        year_month_day{sys_days(publish::MondayOf(focus)) - days(7 * kListWeeksBack)};
    for (int w = 0; w < kListWeeksBack + kListWeeksAhead; ++w) {
      TemplateData week = week_data(year_month_day{sys_days(first) + days(7 * w)}, std::nullopt);
      weeks.push_back(week);
    }
    heading = T(ctx, "calendar.list_heading");
    previous = year_month_day{sys_days(focus) - days(7 * kListWeeksAhead)};
    next = year_month_day{sys_days(focus) + days(7 * kListWeeksAhead)};
  }
  data.set("weeks", weeks);
  data.set("heading", heading);
  data.set("is_month", view == "month");
  data.set("is_week", view == "week");
  data.set("is_list", view == "list");
  const std::string channel_param = channel_filter.empty() ? "" : "&channel=" + channel_filter;
  data.set("previous_url",
           "/app/calendar?view=" + view + "&date=" + IsoDate(previous) + channel_param);
  data.set("next_url", "/app/calendar?view=" + view + "&date=" + IsoDate(next) + channel_param);
  data.set("today_url", "/app/calendar?view=" + view + channel_param);
  data.set("date", IsoDate(focus));
  data.set("view", view);
  data.set("channel_param", channel_param);
  TemplateList channel_options;
  for (const usage::Channel& channel : ctx.usage_concept().channels) {
    TemplateData option;
    option.set("value", channel.id);
    option.set("label",
               T(ctx, "platform." + std::string(kChannelPlatformNames.Name(channel.platform))) +
                   ": " + channel.name);
    option.set("selected", channel.id == channel_filter);
    channel_options.push_back(option);
  }
  data.set("channel_options", channel_options);
  TemplateList weekday_names;
  for (int i = 1; i <= 7; ++i) weekday_names.push_back(T(ctx, "weekday." + std::to_string(i)));
  data.set("weekday_names", weekday_names);
  return Render(ctx, "staff_calendar", data, T(ctx, "calendar.title") + " – " + heading);
}

}  // namespace civicpost::web
