// The publisher end to end in one process: the workflow schedules, the
// worker runs the publishing job, the Instagram channel speaks to the Graph
// API sandbox over loopback with the real libcurl client, and the sandbox
// fetches the signed renditions from civicpost's own public site, as the
// platform would (publishing_fixture.hpp).
#include "jobs/token_care.hpp"
#include "publishing_fixture.hpp"

namespace civicpost::jobs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::PublishingTest;

TEST_F(PublishingTest, AScheduledPostGoesOutAtItsTimeOnEveryChannel) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Herbst an der Hessel #SassenbergErleben",
                                {Image("hessel.jpg", 2000, 1500)});
  EXPECT_EQ(RunAfter(std::chrono::seconds(0)), 0);  // not yet due
  EXPECT_TRUE(graph_->PublishedCaptions().empty());

  EXPECT_EQ(RunAfter(minutes(1)), 2);
  EXPECT_EQ(graph_->PublishedCaptions(),
            std::vector<std::string>{"Herbst an der Hessel #SassenbergErleben"});
  const Post published = PostOf(post);
  EXPECT_EQ(published.state, PostState::kPublished);
  ASSERT_TRUE(published.published_at);
  for (const Delivery& d : Deliveries(post)) {
    EXPECT_EQ(d.state, DeliveryState::kPublished) << d.channel_id.ToString();
    EXPECT_FALSE(d.remote_id.empty());
    EXPECT_TRUE(d.error_key.empty());
  }
  EXPECT_EQ(InstagramDelivery(post).permalink.rfind("https://www.instagram.com/p/", 0), 0u);
  // Nothing is left to run, and running again publishes nothing twice.
  EXPECT_EQ(RunAfter(hours(1)), 0);
  for (const auto& [container, count] : graph_->PublishCounts()) EXPECT_LE(count, 1);
}

TEST_F(PublishingTest, CarouselsStoriesAndReelsUseTheirOwnContainers) {
  const MediaId first = Image("markt.jpg", 1600, 1600);
  const MediaId second = Image("kirche.jpg", 1080, 1350);
  const PostId carousel =
      Scheduled(PostKind::kCarousel, "Adventsmarkt in drei Bildern", {first, second});
  const PostId story = Scheduled(PostKind::kStory, "", {Image("story.jpg", 1080, 1920)});
  media::testing::WriteTestVideo(dir_ / "reel.mp4", 360, 640, 30, 4, "libx264", true);
  media::MediaLibrary library(*db_, repos_, dir_, {});
  auto video = library.Import(org_, Actor::Cli(), dir_ / "reel.mp4", "reel.mp4");
  ASSERT_TRUE(video) << video.error().message;
  const PostId reel = Scheduled(PostKind::kReel, "Die Hessel von oben", {video->media.id});
  EXPECT_EQ(RunAfter(minutes(1)), 6);
  EXPECT_EQ(PostOf(carousel).state, PostState::kPublished);
  EXPECT_EQ(PostOf(story).state, PostState::kPublished);
  EXPECT_EQ(PostOf(reel).state, PostState::kPublished) << InstagramDelivery(reel).last_error;
  EXPECT_EQ(graph_->PublishedCaptions(),
            (std::vector<std::string>{"Adventsmarkt in drei Bildern", "", "Die Hessel von oben"}));
  // Two item containers and their carousel, the story's and the reel's
  // were made; the carousel, the story and the reel were published.
  int published_containers = 0;
  for (const auto& [container, count] : graph_->PublishCounts()) published_containers += count;
  EXPECT_EQ(published_containers, 3);
  EXPECT_EQ(graph_->PublishCounts().size(), 5u);
}

TEST_F(PublishingTest, AServerErrorIsRetriedLaterAndPublishesOnce) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Radtour", {Image("rad.jpg", 1200, 1000)});
  Fault({.path_contains = "media_publish", .times = 1, .http_status = 500});
  RunAfter(minutes(1));
  EXPECT_EQ(PostOf(post).state, PostState::kScheduled);
  const Delivery waiting = InstagramDelivery(post);
  EXPECT_EQ(waiting.state, DeliveryState::kPublishing);
  EXPECT_EQ(waiting.error_key, "graph.server_error");
  EXPECT_TRUE(graph_->PublishedCaptions().empty());

  RunAfter(minutes(11));  // the backoff is at most ten minutes
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
  EXPECT_EQ(graph_->PublishedCaptions(), std::vector<std::string>{"Radtour"});
}

TEST_F(PublishingTest, AnAnswerLostInTransitIsNotPublishedAgain) {
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Mühlenfest", {Image("muehle.jpg", 1200, 1000)});
  // The platform publishes, but its answer comes after the client gave up.
  Fault({.path_contains = "media_publish", .times = 1, .code = 0, .latency_ms = 2500});
  RunAfter(minutes(1));
  EXPECT_EQ(InstagramDelivery(post).state, DeliveryState::kPublishing);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the sandbox finishes
  ASSERT_EQ(graph_->PublishedCaptions().size(), 1u);

  RunAfter(minutes(11));
  const Delivery delivery = InstagramDelivery(post);
  EXPECT_EQ(delivery.state, DeliveryState::kPublished);
  EXPECT_FALSE(delivery.remote_id.empty());
  EXPECT_FALSE(delivery.permalink.empty());
  EXPECT_EQ(graph_->PublishedCaptions().size(), 1u);
  for (const auto& [container, count] : graph_->PublishCounts()) EXPECT_LE(count, 1);
}

TEST_F(PublishingTest, AWithdrawnPostWhoseAnswerWasLostIsFoundAndTakenDown) {
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Kinderfest im Park", {Image("kinder.jpg", 1200, 1000)});
  Fault({.path_contains = "media_publish", .times = 1, .code = 0, .latency_ms = 2500});
  RunAfter(minutes(1));
  ASSERT_EQ(InstagramDelivery(post).state, DeliveryState::kPublishing);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the sandbox finishes
  ASSERT_EQ(graph_->PublishedCaptions().size(), 1u);

  // A parent withdraws consent before civicpost learnt that it went out.
  ASSERT_TRUE(workflow_->Withdraw(editor_, post).ok());
  RunAfter(minutes(1));
  const Delivery delivery = InstagramDelivery(post);
  EXPECT_EQ(delivery.state, DeliveryState::kWithdrawn);
  EXPECT_FALSE(delivery.remote_id.empty());
  EXPECT_FALSE(delivery.permalink.empty());  // the dashboard's manual step links to it
  EXPECT_TRUE(publish::CommentsSwitchedOff(delivery));
  auto read = http_.Send({.url = graph_server_->Base() + "/v24.0/" + delivery.remote_id +
                                 "?fields=caption,is_comment_enabled&access_token=SANDBOX-TOKEN"});
  ASSERT_TRUE(read);
  EXPECT_NE(read->body.find("Kinderfest im Park"), std::string::npos) << read->body;
  EXPECT_NE(read->body.find("\"is_comment_enabled\":false"), std::string::npos) << read->body;
  EXPECT_EQ(graph_->PublishedCaptions().size(), 1u);  // and never published again
}

TEST_F(PublishingTest, AWithdrawnPostWhosePublishingDidNotGoOutNeedsNoTakedown) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Nie raus", {Image("n.jpg", 1200, 1000)});
  // The call fails without an answer and without the platform publishing.
  Fault({.path_contains = "media_publish", .times = 1, .http_status = 502});
  RunAfter(minutes(1));
  ASSERT_EQ(InstagramDelivery(post).state, DeliveryState::kPublishing);
  ASSERT_TRUE(workflow_->Withdraw(editor_, post).ok());
  // The container is FINISHED, not published: asked again until it expires.
  RunAfter(minutes(1));
  EXPECT_TRUE(InstagramDelivery(post).remote_id.empty());
  RunAfter(hours(25));
  EXPECT_TRUE(InstagramDelivery(post).remote_id.empty());
  EXPECT_TRUE(graph_->PublishedCaptions().empty());
  EXPECT_EQ(RunAfter(hours(2)), 0);  // settled: no job left
}

TEST_F(PublishingTest, ARateLimitWaitsForTheSignalledTime) {
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Stadtbücherei", {Image("buch.jpg", 1200, 1000)});
  Fault({.path_contains = "/media",
         .times = 1,
         .code = 4,
         .subcode = 0,
         .message = "Application request limit reached",
         .regain_minutes = 7});
  RunAfter(minutes(1));
  EXPECT_EQ(InstagramDelivery(post).error_key, "graph.rate_limited");
  EXPECT_EQ(RunAfter(minutes(6)), 0);  // calling earlier would extend the block
  EXPECT_EQ(RunAfter(minutes(1)), 1);
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

class OnePostADayTest : public PublishingTest {
 protected:
  sandbox::SandboxOptions Options() override { return {.quota_total = 1}; }
};

TEST_F(OnePostADayTest, TheQuotaIsNeverExceededThePostWaits) {
  const PostId first = Scheduled(PostKind::kFeedImage, "Erster", {Image("a.jpg", 1200, 1000)});
  const PostId second = Scheduled(PostKind::kFeedImage, "Zweiter", {Image("b.jpg", 1200, 1000)});
  RunAfter(minutes(1));
  EXPECT_EQ(PostOf(first).state, PostState::kPublished);
  EXPECT_EQ(PostOf(second).state, PostState::kScheduled);
  EXPECT_EQ(InstagramDelivery(second).error_key, "graph.quota_exhausted");
  EXPECT_EQ(graph_->PublishedCaptions().size(), 1u);
  RunAfter(hours(12));
  EXPECT_EQ(graph_->PublishedCaptions().size(), 1u);
  RunAfter(hours(13));  // the rolling 24 hours have passed
  EXPECT_EQ(PostOf(second).state, PostState::kPublished);
}

TEST_F(PublishingTest, AnExhaustedQuotaQueuesThePostUntilItFrees) {
  SandboxAdmin({{"quota_exhausted", true}});
  const PostId post = Scheduled(PostKind::kFeedImage, "Voll", {Image("v.jpg", 1200, 1000)});
  RunAfter(minutes(1));
  EXPECT_EQ(InstagramDelivery(post).error_key, "graph.quota_exhausted");
  EXPECT_EQ(PostOf(post).state, PostState::kScheduled);
  EXPECT_TRUE(graph_->PublishedCaptions().empty());
  RunAfter(hours(25));
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

TEST_F(PublishingTest, TokensRevokedAtThePlatformAskForAReconnect) {
  SandboxAdmin({{"revoke_tokens", true}});
  const PostId post = Scheduled(PostKind::kFeedImage, "Weg", {Image("w.jpg", 1200, 1000)});
  RunAfter(minutes(1));
  EXPECT_EQ(repos_.channels.Get(*db_, instagram_)->status, ChannelStatus::kNeedsReconnect);
  EXPECT_EQ(PostOf(post).state, PostState::kScheduled);
}

TEST_F(PublishingTest, EveryRateLimitCodeWaitsAndNeverCallsEarly) {
  // Spec 7.3: 4, 17, 32, 613 and 80002 with the time the usage header signals.
  for (int code : {4, 17, 32, 613, 80002}) {
    const PostId post = Scheduled(PostKind::kFeedImage, "Limit " + std::to_string(code),
                                  {Image("r" + std::to_string(code) + ".jpg", 1200, 1000)});
    Fault({.path_contains = "/media",
           .times = 1,
           .code = code,
           .subcode = 0,
           .message = "Rate limited",
           .regain_minutes = 3});
    RunAfter(minutes(1));
    EXPECT_EQ(InstagramDelivery(post).error_key, "graph.rate_limited") << code;
    EXPECT_EQ(RunAfter(minutes(2)), 0) << code;
    RunAfter(minutes(1));
    EXPECT_EQ(PostOf(post).state, PostState::kPublished) << code;
  }
}

TEST_F(PublishingTest, ARevokedTokenAsksForAReconnectAndResumesAfterIt) {
  Connect("widerrufen");
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Schützenfest", {Image("fest.jpg", 1200, 1000)});
  RunAfter(minutes(1));
  const Channel channel = *repos_.channels.Get(*db_, instagram_);
  EXPECT_EQ(channel.status, ChannelStatus::kNeedsReconnect);
  EXPECT_EQ(channel.status_reason, "graph.token_invalid");
  EXPECT_EQ(PostOf(post).state, PostState::kScheduled);  // waiting, not lost
  Connect("SANDBOX-TOKEN");
  RunAfter(minutes(16));
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

TEST_F(PublishingTest, ARefusedImageFailsTheDeliveryWithASentenceKey) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Panorama", {Image("pano.jpg", 1200, 1000)});
  Fault({.path_contains = "/media",
         .times = 1,
         .code = 36003,
         .subcode = 2207009,
         .message = "The submitted image with aspect ratio 3.0 cannot be published."});
  RunAfter(minutes(1));
  const Delivery failed = InstagramDelivery(post);
  EXPECT_EQ(failed.state, DeliveryState::kFailed);
  EXPECT_EQ(failed.error_key, "graph.aspect_ratio");
  EXPECT_NE(failed.last_error.find("aspect ratio"), std::string::npos);
  EXPECT_EQ(PostOf(post).state, PostState::kFailed);
  EXPECT_EQ(RunAfter(hours(1)), 0);  // nothing retried
}

TEST_F(PublishingTest, AContainerThePlatformCannotProcessFailsWithItsReason) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Kaputt", {Image("k.jpg", 1200, 1000)});
  SandboxAdmin({{"container_error", "Error: Media upload has failed with error code 2207026"}});
  RunAfter(minutes(1));
  const Delivery failed = InstagramDelivery(post);
  EXPECT_EQ(failed.state, DeliveryState::kFailed);
  EXPECT_EQ(failed.error_key, "graph.media_processing_failed");
  EXPECT_NE(failed.last_error.find("2207026"), std::string::npos);
  EXPECT_EQ(PostOf(post).state, PostState::kFailed);
  EXPECT_TRUE(graph_->PublishedCaptions().empty());
}

TEST_F(PublishingTest, AnEditedPostStartsOverWithItsNewText) {
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Marktag am Dienstag", {Image("m.jpg", 1200, 1000)});
  // The container is made, then the platform asks to wait.
  Fault({.path_contains = "media_publish",
         .times = 1,
         .code = 4,
         .subcode = 0,
         .message = "Rate limited",
         .regain_minutes = 30});
  RunAfter(minutes(1));
  ASSERT_EQ(InstagramDelivery(post).state, DeliveryState::kPublishing);
  // The editor fixes the day: the delivery starts over, the job finds the
  // post back in review and stops.
  publish::PostDraft fixed;
  fixed.topic = "tourismus";
  fixed.caption = "Marktag am Mittwoch";
  fixed.media = PostOf(post).media;
  fixed.channel_keys = {"instagram", "website"};
  ASSERT_TRUE(workflow_->Edit(editor_, post, fixed).ok());
  EXPECT_EQ(InstagramDelivery(post).state, DeliveryState::kPending);
  EXPECT_EQ(InstagramDelivery(post).progress_json, "{}");
  RunAfter(minutes(31));
  EXPECT_TRUE(graph_->PublishedCaptions().empty());
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.posts.UpdateState(tx, Actor::Cli(), post, PostState::kApproved);
              }).ok());
  ASSERT_TRUE(workflow_->Schedule(editor_, post, clock_.Now() + minutes(1)).ok());
  RunAfter(minutes(1));
  EXPECT_EQ(graph_->PublishedCaptions(), std::vector<std::string>{"Marktag am Mittwoch"});
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

TEST_F(PublishingTest, APostWhosePublishingMayHaveGoneOutCannotBeEditedThen) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Unterwegs", {Image("u.jpg", 1200, 1000)});
  Fault({.path_contains = "media_publish", .times = 1, .code = 0, .latency_ms = 2500});
  RunAfter(minutes(1));  // the answer is lost: whether it went out is unknown
  publish::PostDraft changed;
  changed.topic = "tourismus";
  changed.caption = "Unterwegs, geändert";
  changed.media = PostOf(post).media;
  changed.channel_keys = {"instagram", "website"};
  EXPECT_EQ(workflow_->Edit(editor_, post, changed).message(), "workflow.publishing_now");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  RunAfter(minutes(11));  // it had gone out: recorded, not published again
  EXPECT_EQ(graph_->PublishedCaptions(), std::vector<std::string>{"Unterwegs"});
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

TEST_F(PublishingTest, AWithdrawnOrUnscheduledPostIsNotPublished) {
  const PostId withdrawn =
      Scheduled(PostKind::kFeedImage, "Zurückgezogen", {Image("w.jpg", 1200, 1000)});
  const PostId moved = Scheduled(PostKind::kFeedImage, "Verschoben", {Image("v.jpg", 1200, 1000)});
  ASSERT_TRUE(workflow_->Withdraw(editor_, withdrawn).ok());
  ASSERT_TRUE(workflow_->Schedule(editor_, moved, clock_.Now() + hours(2)).ok());
  RunAfter(minutes(1));
  EXPECT_TRUE(graph_->PublishedCaptions().empty());
  RunAfter(hours(2));
  EXPECT_EQ(graph_->PublishedCaptions(), std::vector<std::string>{"Verschoben"});
  EXPECT_EQ(PostOf(withdrawn).state, PostState::kWithdrawn);
}

// Token care: the same fixture, the sandbox's refresh_access_token.
class TokenCareTest : public PublishingTest {
 protected:
  void Expiring(std::chrono::hours left, std::chrono::hours since_refresh) {
    auto connection = *repos_.channels.GetConnection(*db_, instagram_);
    connection.token_expires_at = clock_.Now() + left;
    connection.token_refreshed_at = clock_.Now() - since_refresh;
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return repos_.channels.SaveConnection(tx, Actor::Cli(), instagram_, connection);
                }).ok());
  }
  TokenCareReport Care() {
    TokenCare care(*db_, repos_, clock_, http_, box_);
    auto report = care.Run();
    EXPECT_TRUE(report) << report.error().message;
    return report ? *report : TokenCareReport{};
  }
  ChannelConnection Connection() { return *repos_.channels.GetConnection(*db_, instagram_); }
  Channel InstagramChannel() { return *repos_.channels.Get(*db_, instagram_); }
};

TEST_F(TokenCareTest, ATokenIsRenewedDaysBeforeItExpiresAndPublishingGoesOn) {
  Expiring(hours(24 * 5), hours(24 * 55));
  const std::string before = Connection().token_sealed;
  EXPECT_EQ(Care().refreshed, 1);
  const ChannelConnection after = Connection();
  EXPECT_NE(after.token_sealed, before);
  auto token = box_.Open(after.token_sealed);
  ASSERT_TRUE(token);
  EXPECT_NE(*token, "SANDBOX-TOKEN");
  EXPECT_EQ(*after.token_expires_at, clock_.Now() + std::chrono::seconds(5184000));
  EXPECT_EQ(*after.token_refreshed_at, clock_.Now());
  // The audit log says a connection changed, never the token.
  auto entries =
      (*db_).Query("SELECT after_json FROM audit_log WHERE action = 'channel.connection'");
  ASSERT_TRUE(entries);
  for (const auto& row : *entries) {
    EXPECT_EQ(row.Text(0).find(*token), std::string::npos);
    EXPECT_EQ(row.Text(0).find(after.token_sealed), std::string::npos);
  }
  const PostId post =
      Scheduled(PostKind::kFeedImage, "Nach der Erneuerung", {Image("n.jpg", 1200, 1000)});
  RunAfter(minutes(1));
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
}

TEST_F(TokenCareTest, ATokenNotYetDueOrTooYoungIsLeftAlone) {
  Expiring(hours(24 * 30), hours(24 * 30));
  EXPECT_EQ(Care().refreshed, 0);
  Expiring(hours(24 * 5), hours(3));  // the platform refuses tokens under a day old
  EXPECT_EQ(Care().refreshed, 0);
  EXPECT_EQ(graph_->Refreshes(), 0);
}

TEST_F(TokenCareTest, AFailedRefreshKeepsTheTokenThatStillWorks) {
  Expiring(hours(24 * 5), hours(24 * 55));
  const std::string before = Connection().token_sealed;
  Fault({.path_contains = "refresh_access_token", .times = 1, .http_status = 503});
  const TokenCareReport report = Care();
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(Connection().token_sealed, before);
  EXPECT_EQ(InstagramChannel().status, ChannelStatus::kActive);
  EXPECT_EQ(Care().refreshed, 1);  // the next round
}

TEST_F(TokenCareTest, ARefusedOrRunOutTokenAsksForAReconnect) {
  Expiring(hours(24 * 5), hours(24 * 55));
  const std::string before = Connection().token_sealed;
  graph_->RevokeTokens();
  EXPECT_EQ(Care().needs_reconnect, 1);
  EXPECT_EQ(InstagramChannel().status, ChannelStatus::kNeedsReconnect);
  EXPECT_EQ(InstagramChannel().status_reason, "graph.token_invalid");
  EXPECT_EQ(Connection().token_sealed, before);  // kept for the record; a reconnect replaces it

  Connect("SANDBOX-TOKEN");
  Expiring(hours(-1), hours(24 * 61));
  EXPECT_EQ(Care().needs_reconnect, 1);
  EXPECT_EQ(InstagramChannel().status_reason, "graph.token_expired");
  EXPECT_EQ(graph_->Refreshes(), 0);
}

}  // namespace
}  // namespace civicpost::jobs

namespace civicpost::jobs {
namespace {

// The website is a channel like Instagram: its copy goes out on schedule,
// even while the platform makes the post wait, and leaves with a withdrawal.
TEST_F(PublishingTest, TheWebsiteCopyGoesOutOnScheduleWhileThePlatformWaits) {
  const PostId post = Scheduled(PostKind::kFeedImage, "Lesesommer in der Stadtbücherei",
                                {Image("lesen.jpg", 1200, 1000)});
  auto page = [&] {
    web::Request request;
    request.method = "GET";
    EXPECT_TRUE(
        web::ParseRequestTarget("/sassenberg/beitraege/" + post.ToString() + "/", &request).ok());
    return site_router_.Dispatch(std::move(request)).response;
  };
  EXPECT_EQ(page().status, 404);  // scheduled is not public
  Fault({.path_contains = "/media",
         .times = 1,
         .code = 4,
         .subcode = 0,
         .message = "Application request limit reached",
         .regain_minutes = 30});
  RunAfter(minutes(1));
  EXPECT_EQ(InstagramDelivery(post).error_key, "graph.rate_limited");
  int website_out = 0;
  for (const Delivery& d : Deliveries(post)) {
    if (d.channel_id == instagram_) continue;
    EXPECT_EQ(d.state, DeliveryState::kPublished);
    EXPECT_EQ(d.permalink, site_server_->Base() + "/sassenberg/beitraege/" + post.ToString() + "/");
    ++website_out;
  }
  EXPECT_EQ(website_out, 1);
  web::Response shown = page();
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("Lesesommer in der Stadtbücherei"), std::string::npos);
  EXPECT_EQ(shown.body.find("auf Instagram ansehen"), std::string::npos);  // not there yet

  RunAfter(minutes(30));
  EXPECT_EQ(PostOf(post).state, PostState::kPublished);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_NE(page().body.find("auf Instagram ansehen"), std::string::npos);

  ASSERT_TRUE(workflow_->Withdraw(editor_, post).ok());
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(page().status, 404);
}

}  // namespace
}  // namespace civicpost::jobs
