// Comments in: the webhook (verification, signature over the raw bytes,
// storage before the 200) fed by the sandbox's signing, retrying and
// duplicating emitter, the polling backfill for what webhooks missed, and
// the engine's decision about each stored comment.
#include <fstream>
#include <nlohmann/json.hpp>

#include "channels/website/website_channel.hpp"
#include "comments_fixture.hpp"
#include "concept/concept_loader.hpp"
#include "core/sha256.hpp"
#include "jobs/comment_backfill.hpp"
#include "moderation/comment_assessment.hpp"
#include "moderation/desk.hpp"
#include "moderation/evidence_export.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/moderator_examples.hpp"

namespace civicpost::jobs {
namespace {

using std::chrono::minutes;
using testing::AssessmentTest;
using testing::CommentsTest;
using testing::ReadText;

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

TEST_F(AssessmentTest, OneCommentThatCannotBeWrittenCostsTheOthersNothing) {
  LoadConcept();
  auto [post, media] = PublishedPost("Stadtfest");
  for (const char* text :
       {"Super Fest, danke!", "Halt die Fresse, du dummes Arschloch", "Schöne Bilder vom Umzug"}) {
    ASSERT_FALSE(graph_->AddComment({.media_id = media, .text = text}).empty());
  }
  ASSERT_TRUE(graph_->WaitForWebhooks(std::chrono::seconds(10)));
  const CommentId insult = Comments().at(1).id;
  // The insult's decision cannot be stored, after its evidence was.
  ASSERT_TRUE(
      db_->Execute("CREATE TRIGGER refuse_decision BEFORE INSERT ON decisions WHEN "
                   "NEW.comment_id = " +
                   insult.ToString() + " BEGIN SELECT RAISE(ABORT, 'refused'); END"));

  auto decided = assessment_->RunOnce();
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(*decided, 2);
  std::vector<Comment> comments = Comments();
  EXPECT_EQ(comments[0].state, CommentState::kVisible);
  EXPECT_EQ(comments[2].state, CommentState::kVisible);
  // Nothing half-written: no evidence, no decision, no job; it is tried again.
  EXPECT_EQ(comments[1].state, CommentState::kNew);
  EXPECT_TRUE(repos_.comments.ListDecisions(*db_, insult)->empty());
  EXPECT_TRUE(repos_.comments.ListEvidence(*db_, insult)->empty());
  EXPECT_TRUE(db_->Query("SELECT id FROM jobs WHERE kind = $1",
                         {std::string(moderation::kCommentActionJobKind)})
                  ->empty());

  ASSERT_TRUE(db_->Execute("DROP TRIGGER refuse_decision"));
  EXPECT_EQ(*assessment_->RunOnce(), 1);
  EXPECT_EQ(OnlyDecision(insult).action, ModerationAction::kHide);
  EXPECT_EQ(repos_.comments.ListEvidence(*db_, insult)->size(), 1u);
  EXPECT_EQ(OnlyDecision(comments[0].id).action, ModerationAction::kNone);
}

}  // namespace
}  // namespace civicpost::jobs
