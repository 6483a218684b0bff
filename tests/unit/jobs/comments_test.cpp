// Comments in: the webhook (verification, signature over the raw bytes,
// storage before the 200) fed by the sandbox's signing, retrying and
// duplicating emitter, the polling backfill for what webhooks missed, and
// the engine's decision about each stored comment.
#include <fstream>
#include <nlohmann/json.hpp>

#include "channels/website/website_channel.hpp"
#include "concept/concept_loader.hpp"
#include "core/sha256.hpp"
#include "jobs/comment_backfill.hpp"
#include "moderation/comment_assessment.hpp"
#include "moderation/desk.hpp"
#include "moderation/evidence_export.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/moderator_examples.hpp"
#include "publishing_fixture.hpp"

namespace civicpost::jobs {
namespace {

using std::chrono::minutes;
using testing::PublishingTest;

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

TEST_F(CommentsTest, MetaVerifiesTheEndpointWithTheRightTokenOnly) {
  HttpReply ok = Send(
      {.url = Webhook() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=VERIFY"});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  HttpReply wrong = Send(
      {.url = Webhook() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=VERIFX"});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.body.find("1158201444"), std::string::npos);
}

TEST_F(CommentsTest, AnUnsignedOrAlteredDeliveryIsRefusedAndStoresNothing) {
  auto [post, media] = PublishedPost("Wochenmarkt");
  const std::string body =
      R"({"object":"instagram","entry":[{"id":"17841405822304914","time":1764061200,"changes":[{"field":"comments","value":{"from":{"id":"1","username":"x"},"media":{"id":")" +
      media + R"("},"id":"999","text":"gef\u00e4lscht"}}]}]})";
  const std::string signature = channels::instagram::SignatureHeader("SANDBOX-APP-SECRET", body);
  HttpRequest unsigned_request{.method = "POST", .url = Webhook(), .body = body};
  EXPECT_EQ(Send(unsigned_request).status, 401);
  std::string altered = body;
  altered.replace(altered.find("gef"), 3, "GEF");
  HttpRequest altered_request{.method = "POST", .url = Webhook(), .body = altered};
  altered_request.headers = {{"X-Hub-Signature-256", signature}};
  EXPECT_EQ(Send(altered_request).status, 401);
  HttpRequest other_secret{.method = "POST", .url = Webhook(), .body = body};
  other_secret.headers = {
      {"X-Hub-Signature-256", channels::instagram::SignatureHeader("another secret", body)}};
  EXPECT_EQ(Send(other_secret).status, 401);
  EXPECT_TRUE(Comments().empty());

  HttpRequest signed_request{.method = "POST", .url = Webhook(), .body = body};
  signed_request.headers = {{"X-Hub-Signature-256", signature}};
  EXPECT_EQ(Send(signed_request).status, 200);
  ASSERT_EQ(Comments().size(), 1u);
  EXPECT_EQ(Comments()[0].text, "gefälscht");  // the escaped umlaut, decoded
}

TEST_F(CommentsTest, AWebhookCommentIsStoredWithItsPostAndTheEventAsItCame) {
  auto [post, media] = PublishedPost("Stadtfest am Samstag");
  ASSERT_FALSE(graph_
                   ->AddComment({.media_id = media,
                                 .text = "Gibt es Parkplätze am Markt?",
                                 .username = "anna.muenster"})
                   .empty());
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
  const std::vector<Comment> comments = Comments();
  ASSERT_EQ(comments.size(), 1u);
  const Comment& c = comments[0];
  EXPECT_EQ(c.post_id, post);
  EXPECT_EQ(c.channel_id, instagram_);
  EXPECT_EQ(c.text, "Gibt es Parkplätze am Markt?");
  EXPECT_EQ(c.author_handle, "anna.muenster");
  EXPECT_FALSE(c.author_id.empty());
  EXPECT_EQ(c.media_remote_id, media);
  EXPECT_EQ(c.source, CommentSource::kWebhook);
  EXPECT_EQ(c.commented_at, clock_.Now());
  EXPECT_NE(c.raw_json.find("anna.muenster"), std::string::npos);
  EXPECT_EQ(c.state, CommentState::kNew);
}

TEST_F(CommentsTest, SoakDuplicatesAndRetriesEveryCommentIsStoredOnce) {
  auto [post, media] = PublishedPost("Adventsmarkt");
  refuse_every_ = 4;  // every fourth request finds the server busy
  constexpr int kComments = 1000;
  for (int i = 0; i < kComments; ++i) {
    graph_->AddComment({.media_id = media,
                        .text = "Kommentar " + std::to_string(i) + " – schön!",
                        .username = "nutzer" + std::to_string(i % 17),
                        .deliveries = i % 5 == 0 ? 2 : 1});
  }
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(60)));
  const auto stats = graph_->Webhooks();
  EXPECT_GT(stats.refused, 0);  // retries happened
  EXPECT_EQ(stats.given_up, 0);
  EXPECT_EQ(stats.sent - stats.refused, kComments + kComments / 5);  // duplicates arrived too
  const std::vector<Comment> comments = Comments();
  ASSERT_EQ(comments.size(), static_cast<size_t>(kComments));
  std::set<std::string> texts;
  for (const Comment& c : comments) {
    texts.insert(c.text);
    EXPECT_EQ(c.post_id, post);
  }
  EXPECT_EQ(texts.size(), static_cast<size_t>(kComments));
  EXPECT_TRUE(texts.contains("Kommentar 999 – schön!"));
}

TEST_F(CommentsTest, TheBackfillFindsWhatTheWebhookMissedAndNothingTwice) {
  auto [post, media] = PublishedPost("Radtour");
  for (int i = 0; i < 10; ++i) {
    graph_->AddComment({.media_id = media, .text = "live " + std::to_string(i)});
  }
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
  // Webhooks down: 120 comments (three pages of the comments edge) arrive
  // only at the platform.
  for (int i = 0; i < 120; ++i) {
    graph_->AddComment(
        {.media_id = media, .text = "verpasst " + std::to_string(i), .notify = false});
  }
  EXPECT_EQ(Comments().size(), 10u);
  CommentBackfill backfill(*db_, repos_, clock_, http_, box_, *intake_);
  auto first = backfill.Run();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->posts, 1);
  EXPECT_EQ(first->stored, 120);
  EXPECT_EQ(first->failed, 0);
  auto second = backfill.Run();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->stored, 0);
  const std::vector<Comment> comments = Comments();
  ASSERT_EQ(comments.size(), 130u);
  int polled = 0;
  for (const Comment& c : comments) {
    if (c.source == CommentSource::kPoll) {
      ++polled;
      EXPECT_EQ(c.text.rfind("verpasst ", 0), 0u);
      EXPECT_EQ(c.post_id, post);
      EXPECT_TRUE(c.commented_at);
    }
  }
  EXPECT_EQ(polled, 120);
}

TEST_F(CommentsTest, HideReplyDeleteAndSwitchingCommentsOffGoThroughTheChannel) {
  auto [post, media] = PublishedPost("Ratssitzung");
  const std::string rude = graph_->AddComment({.media_id = media, .text = "Ihr seid alle ..."});
  const std::string question =
      graph_->AddComment({.media_id = media, .text = "Wann tagt der Rat?"});
  channels::instagram::InstagramChannel instagram(http_, {.base_url = graph_server_->Base(),
                                                          .ig_user_id = "17841405822304914",
                                                          .access_token = "SANDBOX-TOKEN"});
  const auto read = [&](const std::string& comment) {
    auto reply = http_.Send({.url = graph_server_->Base() + "/v24.0/" + comment +
                                    "?fields=hidden,text&access_token=SANDBOX-TOKEN"});
    return reply ? nlohmann::json::parse(reply->body, nullptr, false) : nlohmann::json();
  };

  EXPECT_TRUE(instagram.SetHidden(rude, true).done);
  EXPECT_EQ(read(rude)["hidden"], true);
  // The platform refuses replies to hidden comments; the reason is a key.
  const channels::ActionOutcome refused = instagram.Reply(rude, "Bitte sachlich bleiben.");
  EXPECT_FALSE(refused.done);
  EXPECT_FALSE(refused.retry);
  EXPECT_EQ(refused.error_key, "graph.invalid_request");
  EXPECT_TRUE(instagram.SetHidden(rude, false).done);  // restored after a review
  EXPECT_EQ(read(rude)["hidden"], false);

  const channels::ActionOutcome answered =
      instagram.Reply(question, "Am Donnerstag um 18 Uhr im Rathaus – alle Termine im Ratsinfo.");
  ASSERT_TRUE(answered.done) << answered.message;
  EXPECT_FALSE(answered.remote_id.empty());
  EXPECT_EQ(read(answered.remote_id)["text"],
            "Am Donnerstag um 18 Uhr im Rathaus – alle Termine im Ratsinfo.");

  EXPECT_TRUE(instagram.Delete(rude).done);
  EXPECT_FALSE(read(rude).contains("text"));  // gone

  EXPECT_TRUE(instagram.SetCommentsEnabled(media, false).done);
  EXPECT_TRUE(graph_->AddComment({.media_id = media, .text = "noch einer"}).empty());
  EXPECT_TRUE(instagram.SetCommentsEnabled(media, true).done);

  Fault({.path_contains = rude.substr(0, 6), .times = 1, .http_status = 503});
  const channels::ActionOutcome busy = instagram.SetHidden(question, true);
  EXPECT_FALSE(busy.done);
  EXPECT_TRUE(busy.retry);

  channels::website::WebsiteChannel website;
  EXPECT_EQ(website.SetHidden(question, true).error_key, "publish.no_comments");
}

TEST_F(CommentsTest, APrivateReplyGoesOncePerCommentWithinSevenDays) {
  auto [post, media] = PublishedPost("Ratssitzung");
  const std::string hidden = graph_->AddComment({.media_id = media, .text = "Ihr seid alle ..."});
  const std::string late = graph_->AddComment({.media_id = media, .text = "Alles Lüge!"});
  const std::string gone = graph_->AddComment({.media_id = media, .text = "Kauft Krypto!"});
  channels::instagram::InstagramChannel instagram(http_, {.base_url = graph_server_->Base(),
                                                          .ig_user_id = "17841405822304914",
                                                          .access_token = "SANDBOX-TOKEN"});
  ASSERT_TRUE(instagram.SetHidden(hidden, true).done);
  const std::string text =
      "Ihr Kommentar wurde nach Regel N1 unserer Netiquette ausgeblendet. Widerspruch: "
      "social-media@sassenberg.de";
  const channels::ActionOutcome sent = instagram.SendPrivateReply(hidden, text);
  ASSERT_TRUE(sent.done) << sent.error_key << ": " << sent.message;
  EXPECT_FALSE(sent.remote_id.empty());
  const std::vector<sandbox::SandboxMessage> messages = graph_->PrivateReplies();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].comment_id, hidden);
  EXPECT_EQ(messages[0].text, text);
  EXPECT_EQ(messages[0].message_id, sent.remote_id);
  EXPECT_FALSE(messages[0].recipient_id.empty());
  // The test-control endpoint lists the same.
  auto listed = http_.Send({.url = graph_server_->Base() + "/_sandbox/messages"});
  ASSERT_TRUE(listed);
  const auto listed_json = nlohmann::json::parse(listed->body, nullptr, false);
  ASSERT_TRUE(listed_json.is_object()) << listed->body;
  ASSERT_EQ(listed_json["data"].size(), 1u);
  EXPECT_EQ(listed_json["data"][0]["text"], text);

  // One private reply per comment.
  const channels::ActionOutcome second = instagram.SendPrivateReply(hidden, "Nachtrag");
  EXPECT_FALSE(second.done);
  EXPECT_FALSE(second.retry);
  EXPECT_EQ(second.error_key, "graph.private_reply_sent");
  // No text, a deleted or an unknown comment: refused, not retried.
  const channels::ActionOutcome empty = instagram.SendPrivateReply(late, "");
  EXPECT_FALSE(empty.done);
  EXPECT_FALSE(empty.retry);
  EXPECT_EQ(empty.error_key, "graph.invalid_request");
  ASSERT_TRUE(instagram.Delete(gone).done);
  const channels::ActionOutcome deleted = instagram.SendPrivateReply(gone, text);
  EXPECT_FALSE(deleted.done);
  EXPECT_FALSE(deleted.retry);
  EXPECT_EQ(deleted.error_key, "graph.invalid_request");
  EXPECT_FALSE(instagram.SendPrivateReply("17800000000000000", text).done);

  // Seven days and a second after the comment: too late.
  clock_.Advance(std::chrono::hours(24 * 7) + std::chrono::seconds(1));
  const channels::ActionOutcome too_late = instagram.SendPrivateReply(late, text);
  EXPECT_FALSE(too_late.done);
  EXPECT_FALSE(too_late.retry);
  EXPECT_EQ(too_late.error_key, "graph.private_reply_too_late");
  EXPECT_EQ(graph_->PrivateReplies().size(), 1u);

  // A transient failure is worth trying again; the website has no comments.
  Fault({.path_contains = "/messages", .times = 1, .http_status = 503});
  EXPECT_TRUE(instagram.SendPrivateReply(late, text).retry);
  channels::website::WebsiteChannel website;
  EXPECT_EQ(website.SendPrivateReply(hidden, text).error_key, "publish.no_comments");
}

TEST_F(CommentsTest, AWithdrawnPostHasItsCommentsSwitchedOffAtOnce) {
  auto [post, media] = PublishedPost("Sommerfest mit Kinderbildern");
  ASSERT_FALSE(graph_->AddComment({.media_id = media, .text = "Schöne Bilder!"}).empty());
  ASSERT_TRUE(workflow_->Withdraw(editor_, post).ok());
  RunAfter(std::chrono::seconds(0));
  const Delivery delivery = InstagramDelivery(post);
  EXPECT_EQ(delivery.state, DeliveryState::kWithdrawn);
  EXPECT_TRUE(publish::CommentsSwitchedOff(delivery));
  EXPECT_FALSE(delivery.permalink.empty());  // the dashboard links to it for the manual step
  auto read = http_.Send({.url = graph_server_->Base() + "/v24.0/" + media +
                                 "?fields=is_comment_enabled&access_token=SANDBOX-TOKEN"});
  ASSERT_TRUE(read);
  EXPECT_NE(read->body.find("\"is_comment_enabled\":false"), std::string::npos) << read->body;
  EXPECT_TRUE(graph_->AddComment({.media_id = media, .text = "noch einer"}).empty());
  auto audited =
      db_->Query("SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.comments_off'");
  ASSERT_TRUE(audited);
  EXPECT_EQ((*audited)[0].Int(0), 1);
  EXPECT_EQ(RunAfter(std::chrono::hours(1)), 0);  // done once
}

std::string ReadText(const std::filesystem::path& path) {
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

TEST_F(AssessmentTest, EveryWebhookCommentGetsAnAutomaticDecisionCitingTheNetiquette) {
  LoadConcept();
  auto [post, media] = PublishedPost("Weihnachtsmarkt am Rathaus");
  for (const char* text :
       {"Wunderschön geschmückt, wir kommen am Samstag mit den Kindern!",
        "Wie beantrage ich einen Stand für den Weihnachtsmarkt?",
        "Halt die Fresse, du dummes Arschloch, verpiss dich hier",
        "Die Stadtverwaltung hat den Markt völlig verkorkst, eine Schande für Sassenberg!"}) {
    ASSERT_FALSE(graph_->AddComment({.media_id = media, .text = text}).empty());
  }
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));

  auto decided = assessment_->RunOnce();
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(*decided, 4);
  const std::vector<Comment> comments = Comments();
  ASSERT_EQ(comments.size(), 4u);

  EXPECT_EQ(comments[0].state, CommentState::kVisible);
  EXPECT_EQ(OnlyDecision(comments[0].id).action, ModerationAction::kNone);

  const Decision question = OnlyDecision(comments[1].id);
  EXPECT_EQ(comments[1].state, CommentState::kNeedsReview);
  EXPECT_EQ(question.category, "consultation");
  EXPECT_EQ(question.clause_id, "N8");
  EXPECT_EQ(question.action, ModerationAction::kEscalate);

  const Decision insult = OnlyDecision(comments[2].id);
  EXPECT_EQ(insult.category, "insult");
  EXPECT_EQ(insult.clause_id, "N1");
  EXPECT_EQ(insult.action, ModerationAction::kHide);
  EXPECT_FALSE(insult.decided_by.has_value());  // the engine, not a person
  EXPECT_GE(insult.score, 0.95);
  EXPECT_FALSE(insult.reason.empty());
  // Decided, with its evidence; hidden on the platform by the job.
  EXPECT_EQ(comments[2].state, CommentState::kNeedsReview);

  // Criticism of the town with strong words: a person decides, nobody hides it.
  const Decision criticism = OnlyDecision(comments[3].id);
  EXPECT_NE(criticism.action, ModerationAction::kHide) << criticism.reason;

  // Decided once: nothing is left, and the model is not asked again.
  EXPECT_EQ(*assessment_->RunOnce(), 0);
  EXPECT_EQ(classifier_asked_, 1);

  // The evidence came first, with what a complaint needs; its hash is in the audit log.
  auto evidence = repos_.comments.ListEvidence(*db_, comments[2].id);
  ASSERT_TRUE(evidence);
  ASSERT_EQ(evidence->size(), 1u);
  EXPECT_EQ((*evidence)[0].sha256, Sha256Hex((*evidence)[0].snapshot_json));
  const auto snapshot = nlohmann::json::parse((*evidence)[0].snapshot_json);
  EXPECT_EQ(snapshot["comment"]["text"], comments[2].text);
  EXPECT_EQ(snapshot["comment"]["remote_id"], comments[2].remote_id);
  EXPECT_EQ(snapshot["comment"]["raw_event"], nlohmann::json::parse(comments[2].raw_json));
  EXPECT_EQ(snapshot["author"]["handle"], comments[2].author_handle);
  EXPECT_EQ(snapshot["author"]["profile_url"],
            "https://www.instagram.com/" + comments[2].author_handle + "/");
  EXPECT_EQ(snapshot["post"]["caption"], "Weihnachtsmarkt am Rathaus");
  EXPECT_FALSE(snapshot["post"]["permalink"].get<std::string>().empty());
  EXPECT_EQ(snapshot["engine"]["action"], "hide");
  EXPECT_EQ(snapshot["engine"]["clause"], "N1");
  EXPECT_NE(snapshot["captured"]["local"].get<std::string>().find("(Europe/Berlin)"),
            std::string::npos);
  auto chained = db_->Query("SELECT after_json FROM audit_log WHERE action = 'evidence.add'");
  ASSERT_TRUE(chained);
  ASSERT_EQ(chained->size(), 1u);
  EXPECT_NE((*chained)[0].Text(0).find((*evidence)[0].sha256), std::string::npos);

  // The package for a complaint: the record byte for byte, a summary in HTML and PDF.
  const std::filesystem::path out = dir_ / "anzeige";
  auto exported = moderation::ExportEvidence(*db_, repos_, (*evidence)[0].id, out);
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_TRUE(exported->check.content_intact);
  EXPECT_TRUE(exported->check.chain_intact);
  ASSERT_EQ(exported->files.size(), 3u);
  const std::string stem = "evidence-" + (*evidence)[0].id.ToString();
  EXPECT_EQ(Sha256Hex(ReadText(out / (stem + ".json"))), (*evidence)[0].sha256);
  const std::string html = ReadText(out / (stem + ".html"));
  EXPECT_NE(html.find("Beweissicherung"), std::string::npos);
  EXPECT_NE(html.find("Arschloch"), std::string::npos);
  EXPECT_NE(html.find((*evidence)[0].sha256), std::string::npos);
  EXPECT_NE(html.find("Weihnachtsmarkt am Rathaus"), std::string::npos);
  EXPECT_EQ(html.find("NICHT bestätigt"), std::string::npos);
  EXPECT_EQ(ReadText(out / (stem + ".pdf")).substr(0, 5), "%PDF-");

  // The job hides it on the platform, reversibly; nothing else is touched.
  RunAfter(std::chrono::seconds(1));
  EXPECT_EQ(Comments()[2].state, CommentState::kHidden);
  EXPECT_TRUE(HiddenOnPlatform(comments[2].remote_id));
  EXPECT_FALSE(HiddenOnPlatform(comments[3].remote_id));
  // The question and the criticism wait for a person, and so does the
  // engine's hide until someone has looked at it.
  auto waiting = repos_.comments.CountAwaitingReview(*db_, org_);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(*waiting, 3);

  // The audit log has each decision, but never the citizen's words.
  auto audit = db_->Query(
      "SELECT before_json || after_json FROM audit_log WHERE action IN "
      "('decision.add', 'comment.state', 'evidence.add')");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 10u);
  for (const auto& row : *audit) {
    EXPECT_EQ(row.Text(0).find("Arschloch"), std::string::npos) << row.Text(0);
  }
}

TEST_F(AssessmentTest, AChangedEvidenceRecordIsReportedAsSuch) {
  ASSERT_NO_FATAL_FAILURE(AnInsultTheEngineHides());
  // Someone goes around the append-only trigger and softens the words.
  ASSERT_TRUE(db_->Execute("DROP TRIGGER evidence_no_update"));
  ASSERT_TRUE(db_->Execute(
      "UPDATE evidence SET snapshot_json = replace(snapshot_json, 'Arschloch', 'Mensch')"));
  auto exported = moderation::ExportEvidence(*db_, repos_, EvidenceId(1), dir_ / "anzeige");
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_FALSE(exported->check.content_intact);
  EXPECT_NE(ReadText(dir_ / "anzeige/evidence-1.html").find("NICHT bestätigt"), std::string::npos);
  auto missing = moderation::ExportEvidence(*db_, repos_, EvidenceId(99), dir_ / "anzeige");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "no evidence with id 99");
}

TEST_F(AssessmentTest, APersonWhoKeptTheCommentFirstHasTheLastWord) {
  ASSERT_NO_FATAL_FAILURE(AnInsultTheEngineHides());
  const Comment comment = Comments().at(0);
  ASSERT_EQ(OnlyDecision(comment.id).action, ModerationAction::kHide);
  // A moderator looks before the job runs and keeps it (a quote, say).
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                Decision keep;
                keep.comment_id = comment.id;
                keep.category = "none";
                keep.decided_by = editor_.id;
                keep.reason = "Zitat aus der Ratssitzung";
                if (auto added = repos_.comments.AddDecision(tx, Actor::Cli(), keep); !added) {
                  return added.error();
                }
                return repos_.comments.UpdateState(tx, Actor::Cli(), comment.id,
                                                   CommentState::kVisible);
              }).ok());
  RunAfter(std::chrono::seconds(1));
  EXPECT_EQ(Comments().at(0).state, CommentState::kVisible);
  EXPECT_FALSE(HiddenOnPlatform(comment.remote_id));
}

TEST_F(AssessmentTest, WithoutALoadedConceptAPersonDecides) {
  auto [post, media] = PublishedPost("Radtour");
  ASSERT_FALSE(graph_->AddComment({.media_id = media, .text = "Super Tour!"}).empty());
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
  ASSERT_EQ(*assessment_->RunOnce(), 1);
  const Comment comment = Comments().at(0);
  EXPECT_EQ(comment.state, CommentState::kNeedsReview);
  const Decision decision = OnlyDecision(comment.id);
  EXPECT_EQ(decision.action, ModerationAction::kEscalate);
  EXPECT_NE(decision.reason.find("Kein Nutzungskonzept"), std::string::npos);
}

TEST_F(AssessmentTest, NoCommentsNoModel) {
  EXPECT_EQ(*assessment_->RunOnce(), 0);
  EXPECT_EQ(classifier_asked_, 0);
}

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

TEST_F(DeskTest, HidingCriticismNeedsAClauseAReasonAndASecondPerson) {
  const Comment comment =
      Commented("Die Stadtverwaltung hat das Fest völlig verkorkst, eine Schande für Sassenberg!");
  ASSERT_EQ(comment.state, CommentState::kNeedsReview);
  const usage::Concept rules = Concept();
  using moderation::Measure;
  EXPECT_EQ(Refusal(desk_->Decide(first_, rules, comment.id,
                                  Measure{.action = ModerationAction::kHide, .reason = "Ton"})),
            "moderation.clause_missing");
  EXPECT_EQ(Refusal(desk_->Decide(first_, rules, comment.id,
                                  Measure{.action = ModerationAction::kHide, .clause_id = "N1"})),
            "moderation.reason_missing");
  EXPECT_EQ(Refusal(desk_->Decide(
                first_, rules, comment.id,
                Measure{.action = ModerationAction::kHide, .clause_id = "N99", .reason = "x"})),
            "moderation.clause_unknown");

  // The engine saw criticism of the authority: hiding it is only a proposal.
  auto proposed = desk_->Decide(
      first_, rules, comment.id,
      Measure{.action = ModerationAction::kHide, .clause_id = "N1", .reason = "Herabwürdigend"});
  ASSERT_TRUE(proposed) << proposed.error().message;
  EXPECT_TRUE(proposed->awaits_second_person);
  RunAfter(std::chrono::seconds(1));
  EXPECT_FALSE(HiddenOnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kNeedsReview);
  EXPECT_EQ(Refusal(desk_->Decide(second_, rules, comment.id,
                                  Measure{.action = ModerationAction::kNone})),
            "moderation.awaits_second");

  auto self = desk_->Approve(first_, comment.id, "passt");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().message, "moderation.second_person_same");
  EXPECT_FALSE(desk_->Approve(second_, comment.id, " "));
  auto approved = desk_->Approve(second_, comment.id, "Herabwürdigung der Mitarbeitenden");
  ASSERT_TRUE(approved) << approved.error().message;
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(HiddenOnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kHidden);

  // Both took part: neither may review it.
  auto review = desk_->Review(second_, comment.id, true, "Kritik ist erlaubt");
  ASSERT_FALSE(review);
  EXPECT_EQ(review.error().message, "moderation.review_same_person");
  const User third = Moderator("dritte@example.org");
  ASSERT_TRUE(desk_->Review(third, comment.id, true, "Sachkritik, keine Beleidigung"));
  RunAfter(std::chrono::seconds(1));
  EXPECT_FALSE(HiddenOnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kVisible);
}

TEST_F(DeskTest, WhatTheEngineHidAPersonRestoresAndTheAuditLogSaysWho) {
  ASSERT_NO_FATAL_FAILURE(AnInsultTheEngineHides());
  RunAfter(std::chrono::seconds(1));
  const Comment comment = Comments().at(0);
  ASSERT_TRUE(HiddenOnPlatform(comment.remote_id));
  EXPECT_EQ(*repos_.comments.CountAwaitingReview(*db_, org_), 1);  // nobody has looked yet

  auto restored = desk_->Review(first_, comment.id, true, "Zitat aus einem Liedtext");
  ASSERT_TRUE(restored) << restored.error().message;
  RunAfter(std::chrono::seconds(1));
  EXPECT_FALSE(HiddenOnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kVisible);
  EXPECT_EQ(*repos_.comments.CountAwaitingReview(*db_, org_), 0);
  auto audit = db_->Query(
      "SELECT actor, after_json FROM audit_log WHERE action = 'decision.add' ORDER BY id DESC "
      "LIMIT 1");
  ASSERT_TRUE(audit);
  EXPECT_NE((*audit)[0].Text(0).find("erste@example.org"), std::string::npos);
  EXPECT_NE((*audit)[0].Text(1).find("\"restore\""), std::string::npos);
  // Nothing left to review.
  EXPECT_EQ(desk_->Review(second_, comment.id, false, "ok").error().message,
            "moderation.nothing_to_review");
}

TEST_F(DeskTest, DeletingNeedsALegalGroundWithEvidenceOrAClauseThatAllowsIt) {
  const Comment comment = Commented("Du bist so ein Vollidiot, Peter, echt jetzt");
  const usage::Concept rules = Concept();
  using moderation::Measure;
  // An insult is hidden, not deleted, unless it may be criminal.
  EXPECT_EQ(Refusal(desk_->Decide(
                first_, rules, comment.id,
                Measure{.action = ModerationAction::kDelete, .clause_id = "N1", .reason = "x"})),
            "moderation.delete_not_allowed");
  auto deleted = desk_->Decide(first_, rules, comment.id,
                               Measure{.action = ModerationAction::kDelete,
                                       .clause_id = "N1",
                                       .legal_ground = "stgb_185",
                                       .reason = "Beleidigung eines Nutzers"});
  ASSERT_TRUE(deleted) << deleted.error().message;
  ASSERT_TRUE(deleted->evidence);  // kept before anything is deleted
  auto evidence = repos_.comments.GetEvidence(*db_, *deleted->evidence);
  ASSERT_TRUE(evidence);
  const auto snapshot = nlohmann::json::parse(evidence->snapshot_json);
  EXPECT_EQ(snapshot["comment"]["text"], comment.text);
  EXPECT_EQ(snapshot["engine"]["person"]["legal_ground"], "stgb_185");
  // The demo concept wants a second look at every deletion.
  ASSERT_TRUE(rules.moderation.second_look_for_deletion);
  EXPECT_TRUE(deleted->awaits_second_person);
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(OnPlatform(comment.remote_id));
  ASSERT_TRUE(desk_->Approve(second_, comment.id, "Beleidigung, Beweise gesichert"));
  RunAfter(std::chrono::seconds(1));
  EXPECT_FALSE(OnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kDeleted);
  // The complaint deadline is counted from the day the comment arrived.
  auto insults = repos_.comments.ListByLegalGround(*db_, org_, {"stgb_185"});
  ASSERT_TRUE(insults);
  ASSERT_EQ(insults->size(), 1u);
  EXPECT_EQ(insults->front().comment.id, comment.id);
}

TEST_F(DeskTest, SuspectedAbuseMaterialIsHiddenAndNeverCaptured) {
  const Comment comment = Commented("Schaut euch meine Bilder an, Link im Profil");
  auto outcome = desk_->Decide(
      first_, Concept(), comment.id,
      moderation::Measure{.action = ModerationAction::kNone, .legal_ground = "stgb_184b"});
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_TRUE(outcome->capture_stopped);
  EXPECT_FALSE(outcome->evidence);
  EXPECT_TRUE(repos_.comments.ListEvidence(*db_, comment.id)->empty());
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(HiddenOnPlatform(comment.remote_id));
  // Recognised later, on a comment already hidden, it is recorded all the same.
  ASSERT_NO_FATAL_FAILURE(AnInsultTheEngineHides());
  RunAfter(std::chrono::seconds(1));
  const Comment hidden = Comments().back();
  ASSERT_EQ(hidden.state, CommentState::kHidden);
  auto again = desk_->Decide(
      second_, Concept(), hidden.id,
      moderation::Measure{.action = ModerationAction::kHide, .legal_ground = "stgb_184b"});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->capture_stopped);
}

TEST_F(DeskTest, PeoplesLastWordsBecomeLabelledExamples) {
  const Comment kept = Commented("Wie beantrage ich einen Stand auf dem Stadtfest?");
  const usage::Concept rules = Concept();
  ASSERT_TRUE(desk_->Decide(first_, rules, kept.id,
                            moderation::Measure{.action = ModerationAction::kNone}));
  auto [post, media] = PublishedPost("Kirmes");
  ASSERT_FALSE(
      graph_->AddComment({.media_id = media, .text = "Du Vollidiot, halt die Klappe"}).empty());
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
  ASSERT_EQ(*assessment_->RunOnce(), 1);
  const Comment hidden = Comments().at(1);
  ASSERT_TRUE(desk_->Decide(
      first_, rules, hidden.id,
      moderation::Measure{
          .action = ModerationAction::kHide, .clause_id = "N1", .reason = "Beleidigung"}));

  auto examples = moderation::ModeratorExamples(*db_, repos_);
  ASSERT_TRUE(examples) << examples.error().message;
  ASSERT_EQ(examples->size(), 2u);
  EXPECT_FALSE((*examples)[0].abusive);
  EXPECT_TRUE((*examples)[1].abusive);
  EXPECT_EQ((*examples)[1].category, "insult");
  // The CSV reads back as training data; a review that restores flips the label.
  const std::filesystem::path file = dir_ / "examples.csv";
  std::ofstream(file) << moderation::ExamplesCsv(*examples);
  auto read = moderation::ReadLabelled(file, moderation::DataFormat::kCsv);
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].text, hidden.text);
  EXPECT_TRUE((*read)[1].abusive);
  ASSERT_TRUE(desk_->Review(second_, hidden.id, true, "doch ein Zitat"));
  EXPECT_FALSE(moderation::ModeratorExamples(*db_, repos_)->at(1).abusive);
}

TEST_F(DeskTest, AConsultationGetsAReplyThroughTheChannel) {
  const Comment comment = Commented("Wie beantrage ich einen Stand auf dem Stadtfest?");
  auto replied =
      desk_->Decide(first_, Concept(), comment.id,
                    moderation::Measure{.action = ModerationAction::kReply,
                                        .clause_id = "N8",
                                        .reply_text = "Bitte wenden Sie sich an das Ordnungsamt."});
  ASSERT_TRUE(replied) << replied.error().message;
  RunAfter(std::chrono::seconds(1));
  auto reply = http_.Send({.url = graph_server_->Base() + "/v24.0/" + comment.remote_id +
                                  "/replies?access_token=SANDBOX-TOKEN"});
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->body.find("Ordnungsamt"), std::string::npos) << reply->body;
  EXPECT_EQ(Comments().at(0).state, CommentState::kVisible);
}

// The standard notice (R23): after a hide or delete, one private reply to
// the comment's author naming the rule and where to object.
constexpr const char* kNotice =
    "Ihr Kommentar wurde nach Regel N1 unserer Netiquette ausgeblendet. Sie können bei der "
    "Stadt Sassenberg widersprechen: social-media@sassenberg.de";

TEST_F(DeskTest, AHiddenCommentsAuthorGetsOneNoticeAsAPrivateReply) {
  const Comment comment = Commented("Du bist so ein Vollidiot, Peter, echt jetzt");
  auto hidden = desk_->Decide(
      first_, Concept(), comment.id,
      moderation::Measure{
          .action = ModerationAction::kHide, .clause_id = "N1", .reason = "Beleidigung"});
  ASSERT_TRUE(hidden) << hidden.error().message;
  ASSERT_FALSE(hidden->awaits_second_person);
  RunAfter(std::chrono::seconds(1));
  ASSERT_TRUE(HiddenOnPlatform(comment.remote_id));

  auto blank = desk_->SendNotice(first_, comment.id, " \n");
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().message, "moderation.notice_missing");
  auto notice = desk_->SendNotice(first_, comment.id, kNotice);
  ASSERT_TRUE(notice) << notice.error().message;
  auto stored = repos_.notices.Get(*db_, *notice);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->comment_id, comment.id);
  EXPECT_EQ(stored->decision_id, hidden->decision);
  EXPECT_EQ(stored->sent_by, first_.id);
  EXPECT_FALSE(stored->sent_at);

  RunAfter(std::chrono::seconds(1));  // the job sends it
  const std::vector<sandbox::SandboxMessage> messages = graph_->PrivateReplies();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].comment_id, comment.remote_id);
  EXPECT_EQ(messages[0].text, kNotice);
  stored = repos_.notices.Get(*db_, *notice);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->sent_at, clock_.Now());
  EXPECT_EQ(stored->remote_id, messages[0].message_id);
  EXPECT_EQ(stored->error_key, "");

  // One notice per comment, as the platform allows.
  auto second = desk_->SendNotice(second_, comment.id, "Nachtrag");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "moderation.notice_sent");
  RunAfter(std::chrono::minutes(1));
  EXPECT_EQ(graph_->PrivateReplies().size(), 1u);

  // The notice is audited with the authority's words, never the citizen's.
  auto audit = db_->Query(
      "SELECT action, before_json || after_json FROM audit_log WHERE action LIKE 'notice.%' "
      "ORDER BY id");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].Text(0), "notice.add");
  EXPECT_EQ((*audit)[1].Text(0), "notice.sent");
  EXPECT_NE((*audit)[1].Text(1).find("social-media@sassenberg.de"), std::string::npos);
  auto everything = db_->Query("SELECT before_json || after_json || actor FROM audit_log");
  ASSERT_TRUE(everything);
  for (const auto& row : *everything) {
    EXPECT_EQ(row.Text(0).find("Vollidiot"), std::string::npos) << row.Text(0);
    EXPECT_EQ(row.Text(0).find(comment.author_handle), std::string::npos) << row.Text(0);
  }
}

TEST_F(DeskTest, NoNoticeWithoutAHideOrDeleteOrAfterSevenDays) {
  const Comment comment =
      Commented("Wunderschön geschmückt, wir kommen am Samstag mit den Kindern!");
  ASSERT_EQ(comment.state, CommentState::kVisible);
  auto visible = desk_->SendNotice(first_, comment.id, kNotice);
  ASSERT_FALSE(visible);
  EXPECT_EQ(visible.error().message, "moderation.notice_no_measure");

  ASSERT_TRUE(desk_->Decide(
      first_, Concept(), comment.id,
      moderation::Measure{
          .action = ModerationAction::kHide, .clause_id = "N1", .reason = "Test der Frist"}));
  // Counted from the comment, not from the hide.
  clock_.Advance(std::chrono::hours(24 * 7) + std::chrono::seconds(1));
  auto late = desk_->SendNotice(first_, comment.id, kNotice);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "moderation.notice_too_late");
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(graph_->PrivateReplies().empty());
  EXPECT_FALSE(*repos_.notices.FindByComment(*db_, comment.id));
}

TEST_F(DeskTest, TheNoticeJobRetriesADisruptionAndRecordsARefusal) {
  const Comment comment = Commented("Du bist so ein Vollidiot, Peter, echt jetzt");
  ASSERT_TRUE(desk_->Decide(
      first_, Concept(), comment.id,
      moderation::Measure{
          .action = ModerationAction::kHide, .clause_id = "N1", .reason = "Beleidigung"}));
  RunAfter(std::chrono::seconds(1));
  auto notice = desk_->SendNotice(first_, comment.id, kNotice);
  ASSERT_TRUE(notice) << notice.error().message;
  Fault({.path_contains = "/messages", .times = 1, .http_status = 503});
  RunAfter(std::chrono::seconds(1));
  EXPECT_FALSE(repos_.notices.Get(*db_, *notice)->sent_at);
  EXPECT_EQ(repos_.notices.Get(*db_, *notice)->error_key, "");
  // Then the platform says no for good ([U] codes, as the sandbox answers).
  Fault({.path_contains = "/messages", .times = 1, .code = 10, .subcode = 2534022});
  RunAfter(std::chrono::minutes(1));
  const store::CommentNotice refused = *repos_.notices.Get(*db_, *notice);
  EXPECT_FALSE(refused.sent_at);
  EXPECT_EQ(refused.error_key, "graph.private_reply_too_late");
  RunAfter(std::chrono::minutes(5));
  EXPECT_TRUE(graph_->PrivateReplies().empty());
}

}  // namespace
}  // namespace civicpost::jobs
