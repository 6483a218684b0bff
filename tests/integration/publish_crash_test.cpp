// The publisher killed with SIGKILL at random points, a hundred times over:
// `civicpost work --once` (the real binary) publishes scheduled posts to the
// Graph API sandbox running in this test, fetching the renditions from a
// public site this test serves from the same data directory. After every
// kill a new worker takes over. At the end every post is published exactly
// once and none is lost.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <map>
#include <random>
#include <thread>

#include "child_process.hpp"
#include "media/library.hpp"
#include "media/test_images.hpp"
#include "publish/workflow.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/loopback_server.hpp"
#include "sys/curl_http_client.hpp"
#include "sys/key_file.hpp"
#include "sys/system_clock.hpp"
#include "test_dirs.hpp"
#include "web/http_server.hpp"
#include "web/metrics.hpp"
#include "web/public_site.hpp"
#include "web/templates.hpp"

namespace civicpost::testing {
namespace {

using namespace std::chrono_literals;

const int kKilledRuns = std::getenv("CRASH_RUNS") ? std::atoi(std::getenv("CRASH_RUNS")) : 100;

TEST(PublishCrash, EveryPostIsPublishedExactlyOnceThoughTheWorkerIsKilledAtRandom) {
  TempDir dir;
  const std::filesystem::path data = dir.path() / "data";
  std::filesystem::create_directories(data);
  sys::SystemClock clock;
  auto opened =
      store::SqliteDatabase::Open(data / "civicpost.db", store::OpenMode::kCreateIfMissing);
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<store::SqliteDatabase> db = std::move(*opened);
  ASSERT_TRUE(store::Migrate(*db, clock));
  store::Repositories repos(clock);
  publish::Workflow workflow(*db, repos, clock);

  // The authority, its Instagram channel connected to the sandbox, an editor.
  web::Router graph_router;
  sys::CurlHttpClient fetcher;
  // More posts than a day's quota: the quota's own test is in unit/jobs.
  sandbox::GraphSandbox graph({.quota_total = 100'000}, fetcher, clock);
  // A few milliseconds per call, so kills land inside calls too.
  graph.InjectFault({.path_contains = "/", .times = 1'000'000, .code = 0, .latency_ms = 3});
  graph.Register(graph_router);
  LoopbackServer graph_server(graph_router);

  auto secrets = sys::LoadKeyFile(dir.path() / "data-secrets.key", data, true);
  ASSERT_TRUE(secrets) << secrets.error().message;
  OrganizationId org;
  ChannelId instagram;
  User editor{{}, {},  "redaktion@example.org", "Redaktion", "hash", {Role::kEditor}, false,
              {}, "de"};
  ASSERT_TRUE(store::InTransaction(*db, [&](store::Transaction& tx) -> Status {
                auto created = repos.organizations.Create(
                    tx, Actor::Cli(), {{}, "sassenberg", "Stadt Sassenberg", "", {}});
                if (!created) return created.error();
                org = *created;
                Channel channel;
                channel.organization_id = org;
                channel.key = "instagram";
                channel.platform = ChannelPlatform::kInstagram;
                channel.name = "Instagram";
                auto channel_id = repos.channels.Create(tx, Actor::Cli(), channel);
                if (!channel_id) return channel_id.error();
                instagram = *channel_id;
                ChannelConnection connection{.account_id = "17841405822304914",
                                             .api_base_url = graph_server.Base(),
                                             .token_sealed = secrets->Seal("SANDBOX-TOKEN")};
                if (Status s =
                        repos.channels.SaveConnection(tx, Actor::Cli(), instagram, connection);
                    !s.ok()) {
                  return s;
                }
                editor.organization_id = org;
                auto user = repos.users.Create(tx, Actor::Cli(), editor);
                if (!user) return user.error();
                editor.id = *user;
                return Status::Ok();
              }).ok());
  media::testing::WriteTwoToneJpeg(dir.path() / "hessel.jpg", 1600, 1200);
  media::MediaLibrary library(*db, repos, data, {});
  auto image = library.Import(org, Actor::Cli(), dir.path() / "hessel.jpg", "hessel.jpg");
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_TRUE(store::InTransaction(*db, [&](store::Transaction& tx) {
                return repos.media_rights.PutRights(
                    tx, Actor::Cli(), {.media_id = image->media.id, .source = MediaSource::kOwn});
              }).ok());

  // The public site the sandbox fetches the renditions from, with the
  // worker's own link-signing key.
  auto key =
      sys::LoadKeyBytes(data / "secrets" / "url-signing.key", media::UrlSigner::kKeyBytes, true);
  ASSERT_TRUE(key) << key.error().message;
  web::Templates templates;
  web::Router site_router;
  web::PublicSite site(*db, repos, templates, data, clock, *media::UrlSigner::FromKey(*key));
  site.Register(site_router);
  LoopbackServer site_server(site_router);
  ASSERT_EQ(::setenv("CIVICPOST_PUBLIC_URL", site_server.Base().c_str(), 1), 0);

  std::vector<PostId> posts;
  std::map<std::string, PostId> by_caption;
  const auto schedule_more = [&](int count) {
    for (int i = 0; i < count; ++i) {
      const std::string caption = "Beitrag " + std::to_string(posts.size() + 1) + " #Sassenberg";
      publish::PostDraft draft;
      draft.topic = "tourismus";
      draft.caption = caption;
      draft.media = {{image->media.id, "Die Hessel"}};
      draft.channel_keys = {"instagram"};
      auto id = workflow.CreateDraft(editor, draft);
      ASSERT_TRUE(id) << id.error().message;
      ASSERT_TRUE(store::InTransaction(*db, [&](store::Transaction& tx) {
                    return repos.posts.UpdateState(tx, Actor::Cli(), *id, PostState::kApproved);
                  }).ok());
      ASSERT_TRUE(workflow.Schedule(editor, *id, clock.Now() + 1s).ok());
      posts.push_back(*id);
      by_caption[caption] = *id;
    }
  };
  const auto open_deliveries = [&] {
    auto rows =
        db->Query("SELECT COUNT(*) FROM deliveries WHERE state IN ('pending', 'publishing')");
    return rows && !rows->empty() ? (*rows)[0].Int(0) : -1;
  };

  std::mt19937 random(20261125);
  std::uniform_int_distribution<int> kill_after_ms(0, 150);
  const std::vector<std::string> work = {
      Binary(), "work", "--once", "--data-dir", data.string(), "--lease-seconds", "600"};
  int killed = 0;
  int finished = 0;
  schedule_more(20);
  std::this_thread::sleep_for(1100ms);  // the posts' time has come
  while (killed < kKilledRuns) {
    // More work before it runs out; due a second later, while the workers
    // go on with the rest.
    if (open_deliveries() < 10) schedule_more(10);
    ChildProcess worker(work);
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    worker.Signal(SIGKILL);
    const int code = worker.Wait();
    if (code == 128 + SIGKILL) {
      ++killed;
    } else {
      ASSERT_EQ(code, 0) << worker.err();
      ++finished;
    }
  }
  // The last worker runs to the end, once the last posts' time has come.
  std::this_thread::sleep_for(1100ms);
  RunResult last = RunToEnd(work);
  ASSERT_EQ(last.exit_code, 0) << last.err;
  if (open_deliveries() != 0) {
    auto rows = db->Query(
        "SELECT d.id, d.state, d.error_key, d.last_error, d.progress_json, j.state, j.run_at, "
        "j.attempts, j.last_error FROM deliveries d LEFT JOIN jobs j ON j.payload_json = "
        "'{\"delivery_id\":' || d.id || '}' WHERE d.state IN ('pending', 'publishing')");
    ASSERT_TRUE(rows);
    for (const auto& row : *rows) {
      ADD_FAILURE() << "delivery " << row.Int(0) << " " << row.Text(1) << " " << row.Text(2) << " "
                    << row.Text(3) << " " << row.Text(4) << " job " << row.Text(5) << " "
                    << row.Text(6) << " attempts " << row.Int(7) << " " << row.Text(8);
    }
    FAIL() << last.out << last.err;
  }

  // Every post exactly once on the platform, and recorded as published.
  std::map<std::string, int> times;
  for (const std::string& caption : graph.PublishedCaptions()) ++times[caption];
  for (const auto& [caption, id] : by_caption) {
    EXPECT_EQ(times[caption], 1) << caption;
    auto deliveries = repos.posts.ListDeliveries(*db, id);
    ASSERT_TRUE(deliveries);
    ASSERT_EQ(deliveries->size(), 1u);
    EXPECT_EQ(deliveries->front().state, DeliveryState::kPublished) << caption;
    EXPECT_FALSE(deliveries->front().remote_id.empty()) << caption;
    EXPECT_EQ(repos.posts.Get(*db, id)->state, PostState::kPublished) << caption;
  }
  EXPECT_EQ(graph.PublishedCaptions().size(), by_caption.size());
  int containers_published_twice = 0;
  for (const auto& [container, count] : graph.PublishCounts()) {
    if (count > 1) ++containers_published_twice;
  }
  EXPECT_EQ(containers_published_twice, 0);
  const size_t orphaned = graph.PublishCounts().size() - by_caption.size();
  std::cout << posts.size() << " posts, " << killed << " workers killed, " << finished
            << " finished early, " << orphaned << " containers left unpublished by a kill\n";
  RecordProperty("posts", static_cast<int>(posts.size()));
  RecordProperty("killed", killed);
}

}  // namespace
}  // namespace civicpost::testing
