// The workflow over a real SQLite store: roles, four eyes, versions and
// withdrawal, below the web layer.
#include "publish/workflow.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "concept/concept_loader.hpp"
#include "core/time_format.hpp"
#include "media/video_probe.hpp"
#include "publish/consent_ledger.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace civicpost::publish {
namespace {

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-workflow-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::SqliteDatabase::Open(dir_ / "civicpost.db", store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, clock_));
    workflow_ = std::make_unique<Workflow>(*db_, repos_, clock_);
    usage::ConceptLoad load = usage::LoadConceptFile(std::string(CIVICPOST_SOURCE_DIR) +
                                                     "/examples/sassenberg/concept.toml");
    ASSERT_TRUE(load.ok());
    concept_ = *load.concept_value;
    org_ = MakeOrganization("sassenberg");
    other_org_ = MakeOrganization("nachbarstadt");
    editor_ = MakeUser(org_, "redaktion", {Role::kEditor, Role::kApprover});
    approver_ = MakeUser(org_, "freigabe", {Role::kApprover});
    stranger_ = MakeUser(other_org_, "fremd", {Role::kEditor, Role::kApprover});
    auto media = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.media.Create(
          tx, Actor::Cli(),
          {{}, org_, "ab12", "image/jpeg", 1000, 1080, 1350, "hessel.jpg", "media/ab12.jpg", {}});
    });
    ASSERT_TRUE(media);
    media_ = *media;
    ASSERT_TRUE(PutRights({.media_id = media_, .source = MediaSource::kOwn}).ok());
  }

  Status PutRights(MediaRights rights) {
    return store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.media_rights.PutRights(tx, Actor::Cli(), rights);
    });
  }
  void TearDown() override {
    workflow_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  OrganizationId MakeOrganization(const std::string& slug) {
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<OrganizationId> {
      auto org = repos_.organizations.Create(tx, Actor::Cli(),
                                             {{}, slug, slug, "https://example.org", {}});
      if (!org) return org;
      for (const char* key : {"instagram", "website"}) {
        Channel channel;
        channel.organization_id = *org;
        channel.key = key;
        channel.platform = std::string(key) == "instagram" ? ChannelPlatform::kInstagram
                                                           : ChannelPlatform::kWebsite;
        channel.name = slug;
        auto created = repos_.channels.Create(tx, Actor::Cli(), channel);
        if (!created) return created.error();
      }
      return org;
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }

  User MakeUser(OrganizationId org, const std::string& name, std::set<Role> roles) {
    User user{{}, org, name + "@example.org", name, "hash", std::move(roles), false, {}, "de"};
    auto id = store::InTransaction(
        *db_, [&](store::Transaction& tx) { return repos_.users.Create(tx, Actor::Cli(), user); });
    EXPECT_TRUE(id);
    user.id = *id;
    user.email = name + "@example.org";
    return user;
  }

  PostDraft GoodDraft() {
    PostDraft draft;
    draft.kind = PostKind::kFeedImage;
    draft.topic = "tourismus";
    draft.caption = "Herbst an der Hessel #SassenbergErleben";
    draft.media = {{media_, "Weg am Fluss im Herbstlaub"}};
    draft.channel_keys = {"instagram", "website"};
    return draft;
  }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  store::Repositories repos_{clock_};
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteDatabase> db_;
  usage::Concept concept_;
  OrganizationId org_;
  OrganizationId other_org_;
  User editor_;
  User approver_;
  User stranger_;
  MediaId media_;
  std::unique_ptr<Workflow> workflow_;
};

TEST_F(WorkflowTest, OnlyEditorsWriteDrafts) {
  auto refused = workflow_->CreateDraft(approver_, GoodDraft());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().message, "workflow.not_editor");
}

// The concept promises that nothing is only on a platform.
TEST_F(WorkflowTest, EveryPostGoesToTheAuthoritysWebsiteToo) {
  PostDraft draft = GoodDraft();
  draft.channel_keys = {"instagram"};
  auto id = workflow_->CreateDraft(editor_, draft);
  ASSERT_TRUE(id) << id.error().message;
  auto record = workflow_->Load(*id);
  ASSERT_TRUE(record);
  EXPECT_THAT(record->channel_keys, ::testing::UnorderedElementsAre("instagram", "website"));
  draft.channel_keys = {};
  ASSERT_TRUE(workflow_->Edit(editor_, *id, draft).ok());
  EXPECT_THAT(workflow_->Load(*id)->channel_keys, ::testing::ElementsAre("website"));
}

TEST_F(WorkflowTest, FourEyesAndChecksGuardApproval) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  ASSERT_TRUE(id) << id.error().message;
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());
  EXPECT_TRUE(problems.empty());
  Status own = workflow_->Approve(editor_, *id, concept_, &problems);
  EXPECT_EQ(own.error().code, ErrorCode::kConflict);
  EXPECT_EQ(own.message(), "workflow.four_eyes");
  ASSERT_TRUE(workflow_->Approve(approver_, *id, concept_, &problems).ok());
  auto record = workflow_->Load(*id);
  EXPECT_EQ(record->post.state, PostState::kApproved);
  EXPECT_EQ(record->post.approved_by, approver_.id);
  EXPECT_EQ(record->channel_keys, (std::vector<std::string>{"instagram", "website"}));
}

TEST_F(WorkflowTest, AnEditorWhoChangedThePostCannotApproveItEither) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  User second_editor = MakeUser(org_, "zweite", {Role::kEditor, Role::kApprover});
  PostDraft changed = GoodDraft();
  changed.caption += " #Münsterland";
  ASSERT_TRUE(workflow_->Edit(second_editor, *id, changed).ok());
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());
  EXPECT_EQ(workflow_->Approve(second_editor, *id, concept_, &problems).message(),
            "workflow.four_eyes");
}

TEST_F(WorkflowTest, SubmissionListsEveryFailedCheck) {
  PostDraft draft = GoodDraft();
  draft.media[0].alt_text = "";
  draft.topic = "sport";
  auto id = workflow_->CreateDraft(editor_, draft);
  ASSERT_TRUE(id);
  std::vector<Problem> problems;
  Status refused = workflow_->Submit(editor_, *id, concept_, &problems);
  EXPECT_EQ(refused.message(), "workflow.checks_failed");
  std::vector<std::string> codes;
  for (const Problem& p : problems) codes.push_back(p.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "alt_text_missing"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "topic_unknown"), codes.end());
  EXPECT_EQ(workflow_->Load(*id)->post.state, PostState::kDraft);
}

TEST_F(WorkflowTest, EditingAScheduledPostNeedsANewApprovalAndKeepsVersions) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());
  ASSERT_TRUE(workflow_->Approve(approver_, *id, concept_, &problems).ok());
  const Timestamp next_week = clock_.Now() + std::chrono::hours(24 * 7);
  EXPECT_EQ(workflow_->Schedule(editor_, *id, clock_.Now() - std::chrono::hours(1)).message(),
            "workflow.schedule_in_past");
  ASSERT_TRUE(workflow_->Schedule(editor_, *id, next_week).ok());
  PostDraft changed = GoodDraft();
  changed.caption = "Winter an der Hessel #SassenbergErleben";
  changed.scheduled_at = next_week;
  ASSERT_TRUE(workflow_->Edit(editor_, *id, changed).ok());
  auto record = workflow_->Load(*id);
  EXPECT_EQ(record->post.state, PostState::kInReview);
  EXPECT_FALSE(record->post.approved_by);
  ASSERT_EQ(record->versions.size(), 2u);
  auto first = ParseSnapshotJson(record->versions[0].snapshot_json);
  auto second = ParseSnapshotJson(record->versions[1].snapshot_json);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->first.caption, "Herbst an der Hessel #SassenbergErleben");
  EXPECT_EQ(second->first.caption, "Winter an der Hessel #SassenbergErleben");
  EXPECT_EQ(second->second, (std::vector<std::string>{"instagram", "website"}));
}

TEST_F(WorkflowTest, WithdrawingMarksPublishedDeliveriesForTakedown) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  auto channels = repos_.channels.ListByOrganization(*db_, org_);
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
    Delivery delivery;
    delivery.post_id = *id;
    delivery.channel_id = channels->front().id;
    delivery.state = DeliveryState::kPublished;
    return repos_.posts.CreateDelivery(tx, Actor::System(), delivery);
  }));
  ASSERT_TRUE(workflow_->Withdraw(approver_, *id).ok());
  EXPECT_EQ(workflow_->Load(*id)->post.state, PostState::kWithdrawn);
  auto deliveries = repos_.posts.ListDeliveries(*db_, *id);
  EXPECT_EQ(deliveries->front().state, DeliveryState::kWithdrawn);
  EXPECT_EQ(workflow_->Edit(editor_, *id, GoodDraft()).message(), "workflow.not_editable");
}

TEST_F(WorkflowTest, AnotherAuthoritysPostDoesNotExistForYou) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  std::vector<Problem> problems;
  EXPECT_EQ(workflow_->Submit(stranger_, *id, concept_, &problems).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(workflow_->Withdraw(stranger_, *id).error().code, ErrorCode::kNotFound);
}

TEST_F(WorkflowTest, EveryStepIsInTheAuditLog) {
  auto id = workflow_->CreateDraft(editor_, GoodDraft());
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());
  store::AuditFilter filter;
  filter.target_type = "post";
  filter.target_id = id->ToString();
  auto entries = repos_.audit.Find(*db_, filter);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "post.state");
  EXPECT_EQ((*entries)[0].actor, "user:" + editor_.id.ToString() + " redaktion@example.org");
  EXPECT_EQ((*entries)[1].action, "post.create");
}

// --- rights and the consent ledger ------------------------------------------

class RightsWorkflowTest : public WorkflowTest {
 protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    auto media = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.media.Create(
          tx, Actor::Cli(),
          {{}, org_, "cd34", "image/jpeg", 1000, 1080, 1350, "kinderfest.jpg", "m/cd34.jpg", {}});
    });
    ASSERT_TRUE(media);
    people_media_ = *media;
    ledger_ = std::make_unique<ConsentLedger>(*db_, repos_, clock_);
  }

  PostDraft PeopleDraft() {
    PostDraft draft = GoodDraft();
    draft.media = {{people_media_, "Kinder beim Sackhüpfen auf dem Stadtfest"}};
    return draft;
  }

  int64_t AddPerson(MediaPerson person) {
    person.media_id = people_media_;
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.media_rights.AddPerson(tx, Actor::Cli(), person);
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }

  MediaPerson Consent(const std::string& name) {
    MediaPerson p;
    p.name = name;
    p.channels = {"instagram", "website"};
    p.given_on = Date{std::chrono::year{2026}, std::chrono::June, std::chrono::day{1}};
    p.form_location = "Ordner Stadtfest 2026";
    return p;
  }

  // Draft, review, approval by the second person; returns the post.
  PostId Approved(const PostDraft& draft) {
    auto id = workflow_->CreateDraft(editor_, draft);
    std::vector<Problem> problems;
    EXPECT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());
    EXPECT_TRUE(workflow_->Approve(approver_, *id, concept_, &problems).ok())
        << (problems.empty() ? "" : problems.front().code);
    return *id;
  }

  void SetState(PostId id, PostState state) {
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                  auto post = repos_.posts.Get(tx, id);
                  if (!post) return post.error();
                  post->state = state;
                  return repos_.posts.Update(tx, Actor::System(), *post);
                }).ok());
  }

  MediaId people_media_;
  std::unique_ptr<ConsentLedger> ledger_;
};

TEST_F(RightsWorkflowTest, ApprovalWaitsUntilEveryMediasRightsAreCleared) {
  auto id = workflow_->CreateDraft(editor_, PeopleDraft());
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok());

  EXPECT_EQ(workflow_->Approve(approver_, *id, concept_, &problems).message(),
            "workflow.checks_failed");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "rights_" + people_media_.ToString());
  EXPECT_EQ(problems[0].code, "rights_missing");
  EXPECT_EQ(problems[0].args.front(),
            (std::pair<std::string, std::string>{"file", "kinderfest.jpg"}));

  ASSERT_TRUE(
      PutRights(
          {.media_id = people_media_, .source = MediaSource::kOwn, .people_recognisable = true})
          .ok());
  MediaPerson child = Consent("Lena, 9");
  child.minor = true;
  child.age = 9;
  child.guardians_custodial = 2;
  child.guardians_consented = 1;
  child.channels = {"website"};
  AddPerson(child);
  EXPECT_FALSE(workflow_->Approve(approver_, *id, concept_, &problems).ok());
  std::vector<std::string> codes;
  for (const Problem& p : problems) codes.push_back(p.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"rights_consent_scope", "rights_minor_guardians"}));
  EXPECT_EQ(workflow_->Load(*id)->post.state, PostState::kInReview);
}

TEST_F(RightsWorkflowTest, AWithdrawnConsentTakesPublishedPostsDownAndStopsPlannedOnes) {
  ASSERT_TRUE(
      PutRights(
          {.media_id = people_media_, .source = MediaSource::kOwn, .people_recognisable = true})
          .ok());
  const int64_t anna = AddPerson(Consent("Anna K."));
  const PostId published = Approved(PeopleDraft());
  SetState(published, PostState::kPublished);
  const PostId scheduled = Approved(PeopleDraft());
  ASSERT_TRUE(workflow_->Schedule(editor_, scheduled, clock_.Now() + std::chrono::hours(48)).ok());
  const PostId unrelated = Approved(GoodDraft());
  SetState(unrelated, PostState::kPublished);

  EXPECT_EQ(ledger_->Withdraw(approver_, anna).error().code, ErrorCode::kPermissionDenied);
  auto outcome = ledger_->Withdraw(editor_, anna);
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->taken_down, std::vector<PostId>{published});
  EXPECT_EQ(outcome->stopped, std::vector<PostId>{scheduled});

  auto open = repos_.media_rights.ListOpenTakedowns(*db_, org_);
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().post_id, published);
  EXPECT_EQ(open->front().reason, TakedownReason::kConsentWithdrawn);
  EXPECT_EQ(workflow_->Load(scheduled)->post.state, PostState::kInReview);

  // The planned post cannot be approved again while the consent is gone.
  std::vector<Problem> problems;
  EXPECT_FALSE(workflow_->Approve(approver_, scheduled, concept_, &problems).ok());
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].code, "rights_consent_withdrawn");

  EXPECT_EQ(ledger_->Withdraw(editor_, anna).error().code, ErrorCode::kConflict);
  EXPECT_EQ(ledger_->Withdraw(stranger_, anna).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.media_rights.MarkTakedownDone(tx, Actor::System(), open->front().id);
              }).ok());
  EXPECT_TRUE(repos_.media_rights.ListOpenTakedowns(*db_, org_)->empty());

  store::AuditFilter filter;
  filter.action_prefix = "media.consent.withdraw";
  auto audited = repos_.audit.Find(*db_, filter);
  ASSERT_TRUE(audited);
  EXPECT_EQ(audited->size(), 1u);
}

TEST_F(RightsWorkflowTest, AnExpiredConsentIsFoundOnceAndMarksItsPosts) {
  ASSERT_TRUE(
      PutRights(
          {.media_id = people_media_, .source = MediaSource::kOwn, .people_recognisable = true})
          .ok());
  MediaPerson until_year_end = Consent("Bernd L.");
  until_year_end.expires_on =
      Date{std::chrono::year{2026}, std::chrono::December, std::chrono::day{31}};
  AddPerson(until_year_end);
  const PostId published = Approved(PeopleDraft());
  SetState(published, PostState::kPublished);

  auto early = ledger_->ExpireDue();
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->taken_down.empty());

  clock_.Advance(std::chrono::hours(24 * 37));  // 2027-01-01
  auto due = ledger_->ExpireDue();
  ASSERT_TRUE(due) << due.error().message;
  EXPECT_EQ(due->taken_down, std::vector<PostId>{published});
  auto again = ledger_->ExpireDue();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->taken_down.empty());
  auto open = repos_.media_rights.ListOpenTakedowns(*db_, org_);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().reason, TakedownReason::kConsentExpired);
}

TEST_F(RightsWorkflowTest, ACreativeCommonsCreditIsAppendedAndCountsTowardsTheLimit) {
  ASSERT_TRUE(PutRights({.media_id = people_media_,
                         .source = MediaSource::kCreativeCommons,
                         .author = "Wiki Nutzer",
                         .licence = "CC BY 4.0",
                         .licence_url = "https://creativecommons.org/licenses/by/4.0/",
                         .source_url = "https://commons.example/fest",
                         .title = "Kinderfest"})
                  .ok());
  PostDraft draft = PeopleDraft();
  auto id = workflow_->CreateDraft(editor_, draft);
  ASSERT_TRUE(id);
  auto record = workflow_->Load(*id);
  auto caption = workflow_->PublishedCaption(*record);
  ASSERT_TRUE(caption);
  EXPECT_EQ(*caption, draft.caption +
                          "\n\n„Kinderfest“ – Wiki Nutzer – CC BY 4.0 "
                          "(https://creativecommons.org/licenses/by/4.0/) – "
                          "https://commons.example/fest");
  // A caption that fits alone but not with its credit is too long.
  draft.caption = std::string(2150, 'a');
  ASSERT_TRUE(workflow_->Edit(editor_, *id, draft).ok());
  auto checks = workflow_->Check(*workflow_->Load(*id), concept_);
  ASSERT_TRUE(checks);
  ASSERT_EQ(checks->size(), 1u);
  EXPECT_EQ((*checks)[0].code, "caption_too_long");
}

TEST_F(RightsWorkflowTest, AReelWhoseVideoBreaksThePlatformsLimitsIsNotApproved) {
  media::VideoInfo video;
  video.container = "mov,mp4,m4a,3gp,3g2,mj2";
  video.video_codec = "mpeg4";
  video.width = 1080;
  video.height = 1920;
  video.fps = 30;
  video.duration_s = 1.5;
  video.moov_first = true;
  auto clip = store::InTransaction(*db_, [&](store::Transaction& tx) {
    Media m{{},           org_, "ef56", "video/mp4", 4000000, 1080, 1920, "schlossfest.mp4",
            "m/ef56.mp4", {}};
    m.metadata_json = media::MetadataJsonFor(video);
    return repos_.media.Create(tx, Actor::Cli(), m);
  });
  ASSERT_TRUE(clip);
  ASSERT_TRUE(PutRights({.media_id = *clip, .source = MediaSource::kOwn}).ok());
  PostDraft draft = GoodDraft();
  draft.kind = PostKind::kReel;
  draft.media = {{*clip, "Fackelzug am Schloss"}};
  draft.channel_keys = {"instagram"};
  auto id = workflow_->CreateDraft(editor_, draft);
  ASSERT_TRUE(id);
  std::vector<Problem> problems;
  ASSERT_TRUE(workflow_->Submit(editor_, *id, concept_, &problems).ok())
      << (problems.empty() ? "" : problems.front().code);
  EXPECT_FALSE(workflow_->Approve(approver_, *id, concept_, &problems).ok());
  std::vector<std::string> codes;
  for (const Problem& p : problems) codes.push_back(p.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"video_codec", "video_duration"}));

  // An image is no reel at all.
  draft.media = {{media_, "Weg am Fluss"}};
  auto image_reel = workflow_->CreateDraft(editor_, draft);
  ASSERT_TRUE(workflow_->Submit(editor_, *image_reel, concept_, &problems).ok());
  EXPECT_FALSE(workflow_->Approve(approver_, *image_reel, concept_, &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "reel_needs_video");
}

}  // namespace
}  // namespace civicpost::publish
