#include "publish/calendar.hpp"

#include <algorithm>

namespace civicpost::publish {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

bool CountsForCadence(const CalendarEntry& entry, std::string_view channel_key) {
  const bool feed = entry.kind == PostKind::kFeedImage || entry.kind == PostKind::kCarousel;
  const bool planned = entry.state == PostState::kScheduled || entry.state == PostState::kPublished;
  return feed && planned &&
         std::find(entry.channel_keys.begin(), entry.channel_keys.end(), channel_key) !=
             entry.channel_keys.end();
}

}  // namespace

year_month_day MondayOf(year_month_day day) {
  const sys_days date(day);
  const std::chrono::weekday weekday(date);
  // iso_encoding: Monday 1 .. Sunday 7.
  return year_month_day{date - days(weekday.iso_encoding() - 1)};
}

std::vector<std::array<year_month_day, 7>> MonthWeeks(std::chrono::year_month month) {
  std::vector<std::array<year_month_day, 7>> weeks;
  const sys_days first(month / std::chrono::day(1));
  const sys_days last(month / std::chrono::last);
  for (sys_days monday(MondayOf(year_month_day{first})); monday <= last; monday += days(7)) {
    std::array<year_month_day, 7> week;
    for (int i = 0; i < 7; ++i) week[static_cast<size_t>(i)] = year_month_day{monday + days(i)};
    weeks.push_back(week);
  }
  return weeks;
}

std::vector<WeekCadence> Cadence(const std::vector<CalendarEntry>& entries,
                                 std::string_view channel_key, int target_per_week,
                                 const TimeZone& zone, year_month_day first_monday, int weeks,
                                 year_month_day today) {
  std::vector<WeekCadence> out;
  for (int w = 0; w < weeks; ++w) {
    WeekCadence week;
    week.monday = year_month_day{sys_days(first_monday) + days(7 * w)};
    week.target = target_per_week;
    const sys_days start(week.monday);
    const sys_days end = start + days(7);
    for (const CalendarEntry& entry : entries) {
      if (!CountsForCadence(entry, channel_key)) continue;
      const sys_days local(zone.ToLocal(entry.at).date());
      if (local >= start && local < end) ++week.feed_posts;
    }
    if (week.feed_posts >= week.target) {
      week.status = CadenceStatus::kMet;
    } else {
      week.status = sys_days(today) >= end ? CadenceStatus::kMissed : CadenceStatus::kOpen;
    }
    out.push_back(week);
  }
  return out;
}

}  // namespace civicpost::publish
