// People decide in the inbox (moderation::Desk) against the sandbox: the
// measures and their rules, reviews, notices, reports and switching
// comments off under a post.
#include <nlohmann/json.hpp>

#include "comments_fixture.hpp"
#include "moderation/labelled_data.hpp"
#include "moderation/moderator_examples.hpp"

namespace civicpost::jobs {
namespace {

using testing::DeskTest;

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

TEST_F(DeskTest, ADeletionWaitsForItsNoticeWhichGoesOnlyOnceApproved) {
  const Comment comment = Commented("Du bist so ein Vollidiot, Peter, echt jetzt");
  const usage::Concept rules = Concept();
  const moderation::Measure deletion{.action = ModerationAction::kDelete,
                                     .clause_id = "N1",
                                     .legal_ground = "stgb_185",
                                     .reason = "Beleidigung eines Nutzers",
                                     .notify = true};
  auto proposed = desk_->Decide(first_, rules, comment.id, deletion);
  ASSERT_TRUE(proposed) << proposed.error().message;
  ASSERT_TRUE(proposed->awaits_second_person);
  // Nothing goes while the deletion is only a proposal.
  RunAfter(std::chrono::minutes(10));
  EXPECT_TRUE(graph_->PrivateReplies().empty());
  auto notice = *repos_.notices.FindByComment(*db_, comment.id);
  ASSERT_TRUE(notice);
  EXPECT_FALSE(notice->sent_at);
  EXPECT_EQ(notice->error_key, "");

  ASSERT_TRUE(desk_->Approve(second_, comment.id, "Beleidigung, Beweise gesichert"));
  for (int i = 0; i < 3; ++i) RunAfter(std::chrono::minutes(1));
  // The platform takes a private reply only for a comment that exists: the
  // notice went first, then the comment was deleted.
  const std::vector<sandbox::SandboxMessage> messages = graph_->PrivateReplies();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].comment_id, comment.remote_id);
  EXPECT_NE(messages[0].text.find("gelöscht"), std::string::npos) << messages[0].text;
  EXPECT_NE(messages[0].text.find("Regel N1"), std::string::npos) << messages[0].text;
  EXPECT_FALSE(OnPlatform(comment.remote_id));
  EXPECT_EQ(Comments().at(0).state, CommentState::kDeleted);
  EXPECT_TRUE((*repos_.notices.FindByComment(*db_, comment.id))->sent_at);
}

TEST_F(DeskTest, ARejectedProposalsNoticeNeverGoes) {
  const Comment comment = Commented("Du bist so ein Vollidiot, Peter, echt jetzt");
  ASSERT_TRUE(desk_->Decide(first_, Concept(), comment.id,
                            moderation::Measure{.action = ModerationAction::kDelete,
                                                .clause_id = "N1",
                                                .legal_ground = "stgb_185",
                                                .reason = "Beleidigung",
                                                .notify = true}));
  ASSERT_TRUE(desk_->Reject(second_, comment.id, "Zitat, keine Beleidigung"));
  RunAfter(std::chrono::minutes(10));
  EXPECT_TRUE(graph_->PrivateReplies().empty());
  EXPECT_TRUE(OnPlatform(comment.remote_id));
  EXPECT_EQ((*repos_.notices.FindByComment(*db_, comment.id))->error_key,
            "moderation.notice_no_measure");
}

// R21, R22: what went to the platform or the police is recorded with its
// evidence, and later the answer.
TEST_F(DeskTest, ReportsAreRecordedWithTheirEvidenceAndAnswer) {
  // The engine kept it visible and captured nothing.
  const Comment comment =
      Commented("Wunderschön geschmückt, Peter, wir kommen am Samstag mit den Kindern!");
  const usage::Concept rules = Concept();
  ASSERT_TRUE(repos_.comments.ListEvidence(*db_, comment.id)->empty());
  const auto today =
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(clock_.Now()));
  auto refused = [&](const moderation::ReportFiling& filing) {
    auto result = desk_->FileReport(first_, rules, comment.id, filing);
    return result ? std::string("accepted") : result.error().message;
  };
  EXPECT_EQ(refused({.recipient = "twitter", .filed_on = today}),
            "moderation.report_recipient_unknown");
  EXPECT_EQ(refused({.recipient = "meta",
                     .filed_on = std::chrono::sys_days(today) + std::chrono::days(2)}),
            "moderation.report_date");
  EXPECT_EQ(refused({.recipient = "meta",
                     .filed_on = std::chrono::sys_days(today) - std::chrono::days(2)}),
            "moderation.report_date");
  EXPECT_EQ(refused({.recipient = "meta", .filed_on = {}}), "moderation.report_date");
  EXPECT_TRUE(repos_.reports.ListByComment(*db_, comment.id)->empty());

  // A notice to Meta: the comment had no evidence, so it is captured now.
  auto notice = desk_->FileReport(first_, rules, comment.id,
                                  {.recipient = "meta", .filed_on = today, .reference = "DSA-77"});
  ASSERT_TRUE(notice) << notice.error().message;
  const auto evidence = *repos_.comments.ListEvidence(*db_, comment.id);
  ASSERT_EQ(evidence.size(), 1u);
  store::CommentReport stored = *repos_.reports.Get(*db_, *notice);
  EXPECT_EQ(stored.kind, "platform");
  EXPECT_EQ(stored.evidence_id, evidence[0].id);
  EXPECT_EQ(stored.outcome, "pending");
  EXPECT_FALSE(stored.complaint);
  EXPECT_TRUE(repos_.retention.ActiveHolds(*db_, comment.id)->empty());

  // A criminal report with the complaint: the same evidence, and a hold.
  auto report = desk_->FileReport(
      first_, rules, comment.id,
      {.recipient = "police_online", .filed_on = today, .reference = "", .complaint = true});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(repos_.comments.ListEvidence(*db_, comment.id)->size(), 1u);
  EXPECT_EQ(repos_.reports.Get(*db_, *report)->evidence_id, evidence[0].id);
  const auto holds = *repos_.retention.ActiveHolds(*db_, comment.id);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_NE(holds[0].reason.find("Onlinewache"), std::string::npos) << holds[0].reason;
  EXPECT_NE(holds[0].reason.find("Strafantrag"), std::string::npos) << holds[0].reason;
  EXPECT_EQ(repos_.reports.ListPending(*db_, org_)->size(), 2u);

  // Meta answers three days later.
  clock_.Advance(std::chrono::hours(72));
  const auto later = std::chrono::sys_days(today) + std::chrono::days(3);
  auto answer = [&](CommentReportId id, store::ReportOutcome outcome) {
    Status s = desk_->RecordOutcome(second_, rules, comment.id, id, outcome);
    return s.ok() ? std::string("accepted") : s.message();
  };
  EXPECT_EQ(answer(*notice, {.outcome = "pending", .on = later}),
            "moderation.report_outcome_unknown");
  EXPECT_EQ(answer(*notice, {.outcome = "discontinued", .on = later}),
            "moderation.report_outcome_unknown");  // a prosecutor's word, not Meta's
  EXPECT_EQ(answer(*notice, {.outcome = "removed",
                             .on = std::chrono::sys_days(today) - std::chrono::days(1)}),
            "moderation.report_date");
  EXPECT_EQ(answer(*notice, {.outcome = "removed", .note = "entfernt", .on = later}), "accepted");
  stored = *repos_.reports.Get(*db_, *notice);
  EXPECT_EQ(stored.outcome, "removed");
  EXPECT_EQ(stored.outcome_on, std::chrono::year_month_day(later));
  EXPECT_EQ(stored.outcome_by, second_.id);
  EXPECT_EQ(stored.reference, "DSA-77");
  // The police give their case number with the answer.
  EXPECT_EQ(answer(*report, {.outcome = "investigating", .on = later, .reference = "AZ 123/26"}),
            "accepted");
  EXPECT_EQ(repos_.reports.Get(*db_, *report)->reference, "AZ 123/26");
  EXPECT_TRUE(repos_.reports.ListPending(*db_, org_)->empty());

  // Audited with the authority's records, never the citizen's words.
  auto audit = db_->Query(
      "SELECT action, before_json || after_json FROM audit_log WHERE action LIKE 'report.%' "
      "ORDER BY id");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 4u);
  EXPECT_EQ((*audit)[0].Text(0), "report.add");
  EXPECT_EQ((*audit)[3].Text(0), "report.outcome");
  for (const auto& row : *audit) {
    EXPECT_EQ(row.Text(1).find("geschmückt"), std::string::npos) << row.Text(1);
  }
}

TEST_F(DeskTest, AReportAboutSuspectedAbuseMaterialGoesWithoutEvidence) {
  const Comment comment = Commented("Schaut euch meine Bilder an, Link im Profil");
  const usage::Concept rules = Concept();
  ASSERT_TRUE(desk_->Decide(
      first_, rules, comment.id,
      moderation::Measure{.action = ModerationAction::kHide, .legal_ground = "stgb_184b"}));
  const auto today =
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(clock_.Now()));
  auto report = desk_->FileReport(first_, rules, comment.id,
                                  {.recipient = "police_online", .filed_on = today});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(repos_.reports.Get(*db_, *report)->evidence_id);
  EXPECT_TRUE(repos_.comments.ListEvidence(*db_, comment.id)->empty());
}

// R25: comments under a post are switched off with a reason, and on again.
TEST_F(DeskTest, CommentsUnderAPostAreSwitchedOffWithAReasonAndOnAgain) {
  const Comment comment = Commented("Wunderschön geschmückt, wir kommen am Samstag!");
  ASSERT_TRUE(comment.post_id);
  const Delivery delivery = InstagramDelivery(*comment.post_id);
  auto enabled_on_platform = [&] {
    auto read = http_.Send({.url = graph_server_->Base() + "/v24.0/" + delivery.remote_id +
                                   "?fields=is_comment_enabled&access_token=SANDBOX-TOKEN"});
    EXPECT_TRUE(read);
    return read && read->body.find("\"is_comment_enabled\":true") != std::string::npos;
  };
  ASSERT_TRUE(enabled_on_platform());
  auto blank = desk_->SwitchComments(first_, delivery.id, false, " ");
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().message, "moderation.switch_reason_missing");
  auto already = desk_->SwitchComments(first_, delivery.id, true, "an lassen");
  ASSERT_FALSE(already);
  EXPECT_EQ(already.error().message, "moderation.switch_unchanged");

  // The platform is away at first: the job tries again.
  Fault({.path_contains = delivery.remote_id, .times = 1, .http_status = 503});
  auto off = desk_->SwitchComments(first_, delivery.id, false, "Shitstorm, niemand im Dienst");
  ASSERT_TRUE(off) << off.error().message;
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(enabled_on_platform());
  EXPECT_FALSE(repos_.switches.Get(*db_, *off)->done_at);
  RunAfter(std::chrono::minutes(1));
  EXPECT_FALSE(enabled_on_platform());
  EXPECT_EQ(repos_.switches.Get(*db_, *off)->done_at, clock_.Now());
  EXPECT_TRUE(publish::CommentsSwitchedOff(InstagramDelivery(*comment.post_id)));
  EXPECT_EQ(desk_->SwitchComments(second_, delivery.id, false, "noch mal").error().message,
            "moderation.switch_unchanged");

  ASSERT_TRUE(desk_->SwitchComments(second_, delivery.id, true, "Lage beruhigt"));
  RunAfter(std::chrono::seconds(1));
  EXPECT_TRUE(enabled_on_platform());
  EXPECT_FALSE(publish::CommentsSwitchedOff(InstagramDelivery(*comment.post_id)));
  auto audit = db_->Query(
      "SELECT after_json FROM audit_log WHERE action = 'delivery.comments_switch' ORDER BY id");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_NE((*audit)[0].Text(0).find("Shitstorm"), std::string::npos);
}

}  // namespace
}  // namespace civicpost::jobs
