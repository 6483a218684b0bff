#include "publish/calendar.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace civicpost::publish {
namespace {

using namespace std::chrono;

year_month_day Day(int y, unsigned m, unsigned d) { return year(y) / month(m) / day(d); }

CalendarEntry Entry(const char* at, PostKind kind = PostKind::kFeedImage,
                    PostState state = PostState::kScheduled) {
  return {PostId(1), kind, state, *ParseIsoUtc(at), {"instagram", "website"}};
}

TEST(CalendarTest, WeeksStartOnMonday) {
  EXPECT_EQ(MondayOf(Day(2026, 11, 25)), Day(2026, 11, 23));  // a Wednesday
  EXPECT_EQ(MondayOf(Day(2026, 11, 23)), Day(2026, 11, 23));
  EXPECT_EQ(MondayOf(Day(2026, 11, 29)), Day(2026, 11, 23));  // a Sunday
}

TEST(CalendarTest, AugustTwentyTwentySixNeedsSixRows) {
  const auto weeks = MonthWeeks(year(2026) / month(8));
  ASSERT_EQ(weeks.size(), 6u);
  EXPECT_EQ(weeks.front()[0], Day(2026, 7, 27));
  EXPECT_EQ(weeks.back()[6], Day(2026, 9, 6));
  EXPECT_EQ(MonthWeeks(year(2027) / month(2)).size(), 4u);  // starts on a Monday, 28 days
}

TEST(CalendarTest, CadenceCountsFeedPostsInLocalTime) {
  auto zone = TimeZone::Find("Europe/Berlin");
  ASSERT_TRUE(zone);
  const std::vector<CalendarEntry> entries = {
      Entry("2026-11-24T09:00:00Z"),
      // Sunday 23:30 UTC is already Monday in Berlin: next week.
      Entry("2026-11-29T23:30:00Z"),
      // Stories come on top of the concept's posts per week.
      Entry("2026-11-25T09:00:00Z", PostKind::kStory),
      // Drafts are not on the calendar.
      Entry("2026-11-26T09:00:00Z", PostKind::kFeedImage, PostState::kDraft),
  };
  const auto weeks =
      Cadence(entries, "instagram", 2, *zone, Day(2026, 11, 16), 3, Day(2026, 11, 25));
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].feed_posts, 0);
  EXPECT_EQ(weeks[0].status, CadenceStatus::kMissed);
  EXPECT_EQ(weeks[1].feed_posts, 1);
  EXPECT_EQ(weeks[1].status, CadenceStatus::kOpen);
  EXPECT_EQ(weeks[2].feed_posts, 1);
  EXPECT_EQ(weeks[2].monday, Day(2026, 11, 30));
  EXPECT_EQ(
      Cadence(entries, "mastodon", 2, *zone, Day(2026, 11, 23), 1, Day(2026, 11, 25))[0].feed_posts,
      0);
}

TEST(CalendarTest, AWeekWithEnoughPostsIsMetEvenBeforeItEnds) {
  auto zone = TimeZone::Find("Europe/Berlin");
  const std::vector<CalendarEntry> entries = {
      Entry("2026-11-23T09:00:00Z"),
      Entry("2026-11-27T09:00:00Z", PostKind::kCarousel, PostState::kPublished)};
  const auto weeks = Cadence(entries, "website", 2, *zone, Day(2026, 11, 23), 1, Day(2026, 11, 24));
  EXPECT_EQ(weeks[0].status, CadenceStatus::kMet);
}

}  // namespace
}  // namespace civicpost::publish
