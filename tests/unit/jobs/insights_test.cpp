// Insights polled from the sandbox into time series: a post's lifetime
// totals grow reading by reading, the account's reach is one value a day,
// and polling twice in an hour stores nothing twice.
#include "jobs/insights_poll.hpp"
#include "publishing_fixture.hpp"

namespace civicpost::jobs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::PublishingTest;

std::vector<int64_t> Values(const std::vector<InsightReading>& readings) {
  std::vector<int64_t> out;
  for (const InsightReading& r : readings) out.push_back(r.value);
  return out;
}

TEST_F(PublishingTest, InsightsBecomeTimeSeriesForReports) {
  const PostId feed =
      Scheduled(PostKind::kFeedImage, "Laternenumzug", {Image("l.jpg", 1200, 1000)});
  const PostId story = Scheduled(PostKind::kStory, "", {Image("s.jpg", 1080, 1920)});
  RunAfter(minutes(1));
  const std::string media = InstagramDelivery(feed).remote_id;
  for (int i = 0; i < 3; ++i)
    graph_->AddComment({.media_id = media, .text = "Toll!", .notify = false});

  InsightsPoll poll(*db_, repos_, clock_, http_, box_);
  clock_.Advance(hours(2));
  auto first = poll.Run();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->posts, 2);
  EXPECT_EQ(first->failed, 0);
  EXPECT_EQ(first->readings, 7 + 3 + 2);  // feed metrics, story metrics, two days of reach
  auto again = poll.Run();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->readings, 0);  // the same hour

  clock_.Advance(hours(5));
  graph_->AddComment({.media_id = media, .text = "Wann ist der nächste?", .notify = false});
  auto later = poll.Run();
  ASSERT_TRUE(later);
  EXPECT_GT(later->readings, 0);

  auto views = repos_.insights.SeriesForPost(*db_, feed, "views");
  ASSERT_TRUE(views);
  ASSERT_EQ(views->size(), 2u);
  EXPECT_LT((*views)[0].value, (*views)[1].value);
  EXPECT_EQ(Values(*repos_.insights.SeriesForPost(*db_, feed, "comments")),
            (std::vector<int64_t>{3, 4}));
  EXPECT_TRUE(repos_.insights.SeriesForPost(*db_, story, "likes")->empty());  // stories have none
  EXPECT_EQ(repos_.insights.SeriesForPost(*db_, story, "reach")->size(), 2u);
  auto reach = repos_.insights.SeriesForAccount(*db_, instagram_, "reach");
  ASSERT_TRUE(reach);
  EXPECT_GE(reach->size(), 2u);
  for (const InsightReading& day : *reach) EXPECT_EQ(day.measured_at, *day.period_end);
}

}  // namespace
}  // namespace civicpost::jobs
