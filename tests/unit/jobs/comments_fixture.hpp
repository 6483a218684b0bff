#pragma once
// The fixtures of the comment tests: a published post whose comments come
// in through the sandbox (CommentsTest), the engine deciding about them
// (AssessmentTest), and people deciding in the inbox (DeskTest).

#include <fstream>
#include <nlohmann/json.hpp>

#include "concept/concept_loader.hpp"
#include "moderation/comment_assessment.hpp"
#include "moderation/desk.hpp"
#include "publishing_fixture.hpp"

namespace civicpost::jobs::testing {

using std::chrono::minutes;

class CommentsTest : public PublishingTest {
 protected:
  // A published post and its media id on the platform.
  std::pair<PostId, std::string> PublishedPost(const std::string& caption) {
    const PostId post = Scheduled(PostKind::kFeedImage, caption, {Image("p.jpg", 1200, 1000)});
    RunAfter(minutes(1));
    return {post, InstagramDelivery(post).remote_id};
  }
  HttpReply Send(HttpRequest request) {
    auto reply = http_.Send(request);
    EXPECT_TRUE(reply) << reply.error().message;
    return reply ? *reply : HttpReply{};
  }
  std::string Webhook() { return site_server_->Base() + "/webhooks/instagram"; }
  std::vector<Comment> Comments() {
    std::vector<Comment> out;
    auto rows = db_->Query("SELECT id FROM comments ORDER BY id");
    EXPECT_TRUE(rows);
    for (const auto& row : *rows) out.push_back(*repos_.comments.Get(*db_, CommentId(row.Int(0))));
    return out;
  }
};

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class AssessmentTest : public CommentsTest {
 protected:
  void SetUp() override {
    CommentsTest::SetUp();
    auto model =
        moderation::Classifier::Load(std::filesystem::path(CIVICPOST_SOURCE_DIR) / "models");
    ASSERT_TRUE(model) << model.error().message;
    classifier_.emplace(*std::move(model));
    assessment_ = std::make_unique<moderation::CommentAssessment>(
        *db_, repos_, clock_, [this]() -> Result<const moderation::Classifier*> {
          ++classifier_asked_;
          return &*classifier_;
        });
  }
  void LoadConcept() {
    const std::string text =
        ReadText(std::filesystem::path(CIVICPOST_SOURCE_DIR) / "examples/sassenberg/concept.toml");
    auto version = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.organizations.RecordConcept(tx, Actor::Cli(), org_, "concept.toml", text);
    });
    ASSERT_TRUE(version) << version.error().message;
  }
  // One insult under a published post, decided: evidence, decision, job.
  void AnInsultTheEngineHides() {
    LoadConcept();
    auto [post, media] = PublishedPost("Stadtfest");
    ASSERT_FALSE(
        graph_->AddComment({.media_id = media, .text = "Halt die Fresse, du dummes Arschloch"})
            .empty());
    ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
    ASSERT_EQ(*assessment_->RunOnce(), 1);
  }
  Decision OnlyDecision(CommentId id) {
    auto decisions = repos_.comments.ListDecisions(*db_, id);
    EXPECT_TRUE(decisions);
    EXPECT_EQ(decisions->size(), 1u);
    return decisions->empty() ? Decision{} : decisions->front();
  }

  bool HiddenOnPlatform(const std::string& remote_id) {
    auto reply = http_.Send({.url = graph_server_->Base() + "/v24.0/" + remote_id +
                                    "?fields=hidden&access_token=SANDBOX-TOKEN"});
    EXPECT_TRUE(reply);
    const auto json = reply ? nlohmann::json::parse(reply->body, nullptr, false) : nlohmann::json();
    return json.is_object() && json.value("hidden", false);
  }

  std::optional<moderation::Classifier> classifier_;
  int classifier_asked_ = 0;
  std::unique_ptr<moderation::CommentAssessment> assessment_;
};

// People decide in the inbox (moderation::Desk): every measure with a clause
// or legal ground and a reason, criticism only with a second person,
// deletion only where the law or the concept allows it, reviews by someone
// else, and the platform reached through the job.
class DeskTest : public AssessmentTest {
 protected:
  void SetUp() override {
    AssessmentTest::SetUp();
    desk_ = std::make_unique<moderation::Desk>(*db_, repos_, clock_);
    first_ = Moderator("erste@example.org");
    second_ = Moderator("zweite@example.org");
  }
  User Moderator(const std::string& email) {
    User user{{}, org_, email, email, "hash", {Role::kModerator}, false, {}, "de"};
    auto id = store::InTransaction(
        *db_, [&](store::Transaction& tx) { return repos_.users.Create(tx, Actor::Cli(), user); });
    EXPECT_TRUE(id);
    if (id) user.id = *id;
    return user;
  }
  // One comment under a published post, decided by the engine.
  Comment Commented(const std::string& text) {
    LoadConcept();
    auto [post, media] = PublishedPost("Stadtfest");
    EXPECT_FALSE(graph_->AddComment({.media_id = media, .text = text}).empty());
    EXPECT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
    EXPECT_EQ(*assessment_->RunOnce(), 1);
    return Comments().at(0);
  }
  usage::Concept Concept() {
    auto loaded = usage::LoadConceptFile(std::filesystem::path(CIVICPOST_SOURCE_DIR) /
                                         "examples/sassenberg/concept.toml");
    EXPECT_TRUE(loaded.concept_value);
    return *loaded.concept_value;
  }
  std::string Refusal(const Result<moderation::DeskOutcome>& result) {
    return result ? "accepted" : result.error().message;
  }
  bool OnPlatform(const std::string& remote_id) {
    auto reply = http_.Send({.url = graph_server_->Base() + "/v24.0/" + remote_id +
                                    "?fields=id&access_token=SANDBOX-TOKEN"});
    return reply && reply->status == 200;
  }

  std::unique_ptr<moderation::Desk> desk_;
  User first_;
  User second_;
};

}  // namespace civicpost::jobs::testing
