#pragma once
// The editorial calendar's arithmetic: ISO weeks in the authority's time zone,
// the weeks that cover a month, and the concept's cadence ("about two posts a
// week") per channel and week.

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.hpp"
#include "core/time_zone.hpp"

namespace civicpost::publish {

// A post placed on the calendar at the time it was or will be published.
struct CalendarEntry {
  PostId post_id;
  PostKind kind = PostKind::kFeedImage;
  PostState state = PostState::kScheduled;
  Timestamp at;
  std::vector<std::string> channel_keys;
};

// kOpen: the week is not over yet and the target not reached yet.
enum class CadenceStatus { kMet, kMissed, kOpen };

struct WeekCadence {
  std::chrono::year_month_day monday;
  int feed_posts = 0;
  int target = 0;
  CadenceStatus status = CadenceStatus::kOpen;
};

std::chrono::year_month_day MondayOf(std::chrono::year_month_day day);

// The Monday-to-Sunday weeks that cover `month` (4 to 6 rows).
std::vector<std::array<std::chrono::year_month_day, 7>> MonthWeeks(std::chrono::year_month month);

// The cadence of one channel for `weeks` weeks from `first_monday`. Counts
// feed posts (feed image, carousel) that are scheduled or published for the
// channel; stories and reels come on top of the concept's posts per week.
std::vector<WeekCadence> Cadence(const std::vector<CalendarEntry>& entries,
                                 std::string_view channel_key, int target_per_week,
                                 const TimeZone& zone, std::chrono::year_month_day first_monday,
                                 int weeks, std::chrono::year_month_day today);

}  // namespace civicpost::publish
