#pragma once
// The publishing fixture: a real SQLite store, the workflow, civicpost's
// public site and the Graph API sandbox each on a loopback server, the
// publishing job with the Instagram channel over libcurl, and a manual
// clock shared by all. Faults are injected into the sandbox.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "channels/instagram/instagram_channel.hpp"
#include "core/time_format.hpp"
#include "jobs/comment_action_job.hpp"
#include "jobs/comment_notice_job.hpp"
#include "jobs/comment_switch_job.hpp"
#include "jobs/publish_job.hpp"
#include "jobs/takedown_job.hpp"
#include "jobs/token_care.hpp"
#include "media/library.hpp"
#include "moderation/comment_assessment.hpp"
#include "moderation/group_commit.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/loopback_server.hpp"
#include "sys/curl_http_client.hpp"
#include "test_images.hpp"
#include "web/http_server.hpp"
#include "web/metrics.hpp"
#include "web/public_site.hpp"
#include "web/templates.hpp"
#include "web/webhook_routes.hpp"

namespace civicpost::jobs::testing {

using std::chrono::hours;
using std::chrono::minutes;

using civicpost::testing::LoopbackServer;

class PublishingTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(Options()); }
  virtual sandbox::SandboxOptions Options() { return {}; }

  void Start(sandbox::SandboxOptions options) {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-publishing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::SqliteDatabase::Open(dir_ / "civicpost.db", store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, clock_));
    workflow_ = std::make_unique<publish::Workflow>(*db_, repos_, clock_);
    MakeAuthority();

    auto signer = media::UrlSigner::FromKey(std::string(32, 'k'));
    site_ = std::make_unique<web::PublicSite>(*db_, repos_, templates_, dir_, clock_, *signer);
    site_->Register(site_router_);
    // The webhook as the server runs it (deliveries are deferred routes),
    // behind a door the soak test can make refuse deliveries (every n-th
    // request answers 500), as a busy server would.
    intake_ = std::make_unique<moderation::CommentIntake>(*db_, repos_, clock_);
    group_commit_ = std::make_unique<moderation::GroupCommit>(*intake_);
    const web::WebhookSettings webhook{.verify_token = "VERIFY",
                                       .app_secret = "SANDBOX-APP-SECRET"};
    web::RegisterInstagramWebhookVerification(site_router_, webhook);
    web::DeferredRoute delivery = web::InstagramWebhookDelivery(*group_commit_, webhook);
    web::DeferredRoute door{"POST", delivery.path,
                            [this, delivery](web::Request request, web::Reply reply) {
                              const int every = refuse_every_.load();
                              if (every > 0 && ++webhook_requests_ % every == 0) {
                                return reply(web::Response::Text(500, "busy\n"));
                              }
                              delivery.handler(std::move(request), std::move(reply));
                            }};
    site_server_ =
        std::make_unique<LoopbackServer>(site_router_, 4, std::vector<web::DeferredRoute>{door});
    options.webhook_url = site_server_->Base() + "/webhooks/instagram";
    options.webhook_retry_base = std::chrono::milliseconds(5);
    graph_ = std::make_unique<sandbox::GraphSandbox>(options, fetcher_, clock_);
    graph_->Register(graph_router_);
    graph_server_ = std::make_unique<LoopbackServer>(graph_router_);
    Connect("SANDBOX-TOKEN");

    PublishSettings settings;
    settings.public_base_url = site_server_->Base();
    settings.data_dir = dir_;
    settings.signer = *signer;
    auto factory =
        [this](const Channel& channel,
               const ChannelConnection& connection) -> Result<std::unique_ptr<channels::Channel>> {
      if (channel.platform != ChannelPlatform::kInstagram) {
        return DefaultChannels(http_, &box_)(channel, connection);
      }
      auto token = box_.Open(connection.token_sealed);
      if (!token) return token.error();
      channels::instagram::GraphConfig config{.base_url = connection.api_base_url,
                                              .ig_user_id = connection.account_id,
                                              .access_token = *token,
                                              .timeout = std::chrono::milliseconds(1500)};
      channels::instagram::InstagramOptions instant;
      instant.sleep = [](std::chrono::milliseconds) {};
      return std::unique_ptr<channels::Channel>(
          new channels::instagram::InstagramChannel(http_, config, instant));
    };
    publisher_ = std::make_unique<PublishJob>(*db_, repos_, clock_, factory, settings);
    worker_ = std::make_unique<Worker>(*db_, repos_, clock_, WorkerOptions{.identity = "test"});
    worker_->Handle(std::string(publish::kPublishJobKind), publisher_->Handler());
    takedown_ = std::make_unique<TakedownJob>(*db_, repos_, clock_, factory);
    worker_->Handle(std::string(publish::kTakedownJobKind), takedown_->Handler());
    comment_action_ = std::make_unique<CommentActionJob>(*db_, repos_, clock_, factory);
    worker_->Handle(std::string(moderation::kCommentActionJobKind), comment_action_->Handler());
    comment_notice_ = std::make_unique<CommentNoticeJob>(*db_, repos_, clock_, factory);
    worker_->Handle(std::string(moderation::kCommentNoticeJobKind), comment_notice_->Handler());
    comment_switch_ = std::make_unique<CommentSwitchJob>(*db_, repos_, clock_, factory);
    worker_->Handle(std::string(moderation::kCommentSwitchJobKind), comment_switch_->Handler());
  }

  void TearDown() override {
    worker_.reset();
    publisher_.reset();
    takedown_.reset();
    graph_server_.reset();
    graph_.reset();  // its webhook thread first
    site_server_.reset();
    group_commit_.reset();
    workflow_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  void MakeAuthority() {
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<OrganizationId> {
      auto org = repos_.organizations.Create(
          tx, Actor::Cli(),
          {{}, "sassenberg", "Stadt Sassenberg", "https://www.sassenberg.de", {}});
      if (!org) return org;
      for (auto platform : {ChannelPlatform::kInstagram, ChannelPlatform::kWebsite}) {
        Channel channel;
        channel.organization_id = *org;
        channel.key = std::string(kChannelPlatformNames.Name(platform));
        channel.platform = platform;
        channel.name = channel.key;
        auto created = repos_.channels.Create(tx, Actor::Cli(), channel);
        if (!created) return created.error();
        if (platform == ChannelPlatform::kInstagram) instagram_ = *created;
      }
      return org;
    });
    ASSERT_TRUE(id) << id.error().message;
    org_ = *id;
    editor_ = User{{}, org_, "redaktion@example.org", "Redaktion", "hash", {Role::kEditor}, false,
                   {}, "de"};
    auto user = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.users.Create(tx, Actor::Cli(), editor_);
    });
    ASSERT_TRUE(user);
    editor_.id = *user;
  }

  void Connect(const std::string& token) {
    ChannelConnection connection{.account_id = "17841405822304914",
                                 .api_base_url = graph_server_->Base(),
                                 .token_sealed = box_.Seal(token)};
    ASSERT_TRUE(
        store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
          if (Status s = repos_.channels.SaveConnection(tx, Actor::Cli(), instagram_, connection);
              !s.ok()) {
            return s;
          }
          return repos_.channels.UpdateStatus(tx, Actor::Cli(), instagram_, ChannelStatus::kActive);
        }).ok());
  }

  MediaId Image(const std::string& name, int width, int height) {
    const auto file = dir_ / name;
    media::testing::WriteTwoToneJpeg(file, width, height);
    media::MediaLibrary library(*db_, repos_, dir_, {});
    auto imported = library.Import(org_, Actor::Cli(), file, name);
    EXPECT_TRUE(imported) << imported.error().message;
    const MediaId id = imported->media.id;
    EXPECT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return repos_.media_rights.PutRights(
                      tx, Actor::Cli(), {.media_id = id, .source = MediaSource::kOwn});
                }).ok());
    return id;
  }

  // Written, approved (the concept's checks are the workflow's tests) and
  // scheduled a minute from now.
  PostId Scheduled(PostKind kind, const std::string& caption, std::vector<MediaId> media) {
    publish::PostDraft draft;
    draft.kind = kind;
    draft.topic = "tourismus";
    draft.caption = caption;
    for (MediaId id : media) draft.media.push_back({id, "Blick über die Hessel"});
    draft.channel_keys = {"instagram", "website"};
    auto id = workflow_->CreateDraft(editor_, draft);
    EXPECT_TRUE(id) << id.error().message;
    EXPECT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return repos_.posts.UpdateState(tx, Actor::Cli(), *id, PostState::kApproved);
                }).ok());
    EXPECT_TRUE(workflow_->Schedule(editor_, *id, clock_.Now() + minutes(1)).ok());
    return *id;
  }

  // Lets `duration` pass and runs what is due.
  int RunAfter(std::chrono::seconds duration) {
    clock_.Advance(duration);
    auto ran = worker_->RunDue();
    EXPECT_TRUE(ran) << ran.error().message;
    return ran ? *ran : -1;
  }

  Post PostOf(PostId id) { return *repos_.posts.Get(*db_, id); }
  std::vector<Delivery> Deliveries(PostId id) {
    auto deliveries = repos_.posts.ListDeliveries(*db_, id);
    EXPECT_TRUE(deliveries);
    return deliveries ? std::move(*deliveries) : std::vector<Delivery>{};
  }
  Delivery InstagramDelivery(PostId id) {
    for (const Delivery& d : Deliveries(id)) {
      if (d.channel_id == instagram_) return d;
    }
    ADD_FAILURE() << "no Instagram delivery";
    return {};
  }

  // Faults go through the sandbox's admin endpoint, as a person trying
  // things with `civicpost sandbox` would send them.
  void Fault(const sandbox::Fault& fault) {
    nlohmann::json body{{"path_contains", fault.path_contains},
                        {"times", fault.times},
                        {"http_status", fault.http_status},
                        {"code", fault.code},
                        {"subcode", fault.subcode},
                        {"message", fault.message},
                        {"latency_ms", fault.latency_ms}};
    if (fault.regain_minutes >= 0) body["estimated_time_to_regain_access"] = fault.regain_minutes;
    SandboxAdmin(body);
  }
  // {"container_error": ...}, {"quota_exhausted": true}, {"revoke_tokens": true}.
  void SandboxAdmin(const nlohmann::json& body) {
    auto reply = fetcher_.Send({.method = "POST",
                                .url = graph_server_->Base() + "/_sandbox/faults",
                                .headers = {{"Content-Type", "application/json"}},
                                .body = body.dump()});
    ASSERT_TRUE(reply && reply->status == 200) << body.dump();
  }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  store::Repositories repos_{clock_};
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteDatabase> db_;
  std::unique_ptr<publish::Workflow> workflow_;
  OrganizationId org_;
  ChannelId instagram_;
  User editor_;
  SecretBox box_ = *SecretBox::FromKey(std::string(32, 's'));
  sys::CurlHttpClient http_;
  sys::CurlHttpClient fetcher_;
  web::Templates templates_;
  web::Router site_router_;
  web::Router graph_router_;
  std::unique_ptr<web::PublicSite> site_;
  std::unique_ptr<moderation::CommentIntake> intake_;
  std::unique_ptr<moderation::GroupCommit> group_commit_;
  std::atomic<int> refuse_every_{0};
  std::atomic<int> webhook_requests_{0};
  std::unique_ptr<LoopbackServer> site_server_;
  std::unique_ptr<sandbox::GraphSandbox> graph_;
  std::unique_ptr<LoopbackServer> graph_server_;
  std::unique_ptr<PublishJob> publisher_;
  std::unique_ptr<TakedownJob> takedown_;
  std::unique_ptr<CommentActionJob> comment_action_;
  std::unique_ptr<CommentNoticeJob> comment_notice_;
  std::unique_ptr<CommentSwitchJob> comment_switch_;
  std::unique_ptr<Worker> worker_;
};

}  // namespace civicpost::jobs::testing
