// Retention as the usage concept promises it (R54, R55): evidence goes after
// six months and leaves a tombstone that keeps the chain verifiable,
// decisions after a year, then the comment's words; a legal hold keeps
// everything until a person releases it; every deletion is audited without
// the citizen's words, and a dry run changes nothing.
#include "moderation/retention.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "moderation/evidence_export.hpp"
#include "store/store_fixture.hpp"

namespace civicpost::moderation {
namespace {

using std::chrono::days;

constexpr const char* kWords = "Halt die Fresse, du dummes Arschloch";
constexpr const char* kHandle = "wuetender.buerger";

std::string ReadText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class RetentionTest : public store::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    clock_.Set(*ParseIsoUtc("2026-01-10T09:00:00Z"));
    org_ = MakeOrganization();
    channel_ = MakeInstagramChannel(org_);
    ASSERT_TRUE(
        store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
          User user{
              {}, org_, "moderation@sassenberg.de", "Olga Puttins", "x", {Role::kModerator}, false,
              {}, "de"};
          auto person = repos_.users.Create(tx, Actor::Cli(), user);
          if (!person) return person.error();
          moderator_ = *person;
          return Status::Ok();
        }).ok());
    const std::string concept_text =
        ReadText(std::filesystem::path(CIVICPOST_SOURCE_DIR) / "examples/sassenberg/concept.toml");
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.organizations.RecordConcept(tx, Actor::Cli(), org_, "concept.toml",
                                                concept_text);
    }));
  }

  // A comment received now, with the engine's decision; `hidden` ones also
  // get their evidence, as the engine writes it.
  CommentId AComment(const std::string& remote_id, CommentState state, bool hidden) {
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<CommentId> {
      Comment c;
      c.channel_id = channel_;
      c.remote_id = remote_id;
      c.author_handle = kHandle;
      c.author_id = "178414";
      c.text = kWords;
      c.state = state;
      c.received_at = clock_.Now();
      c.raw_json = std::string("{\"text\":\"") + kWords + "\"}";
      auto comment = repos_.comments.Record(tx, c);
      if (!comment) return comment.error();
      if (hidden) {
        auto evidence =
            repos_.comments.AddEvidence(tx, Actor::System(),
                                        {{},
                                         *comment,
                                         std::string("{\"comment\":{\"text\":\"") + kWords + "\"}}",
                                         "",
                                         "",
                                         "",
                                         std::nullopt,
                                         {}});
        if (!evidence) return evidence.error();
      }
      Decision decision{{},
                        *comment,
                        hidden ? "insult" : "none",
                        hidden ? 0.97 : 0.1,
                        hidden ? ModerationAction::kHide : ModerationAction::kEscalate,
                        hidden ? "N2" : "",
                        std::nullopt,
                        "Sehr wahrscheinlich Beleidigung",
                        {}};
      auto decided = repos_.comments.AddDecision(tx, Actor::System(), decision);
      if (!decided) return decided.error();
      return *comment;
    });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : CommentId();
  }

  RetentionReport Run(bool dry_run = false) {
    Retention retention(*db_, repos_, clock_);
    auto report = retention.Run(Actor::System(), dry_run);
    EXPECT_TRUE(report) << report.error().message;
    if (!report || report->authorities.size() != 1) {
      ADD_FAILURE() << "expected one authority";
      return {};
    }
    return *report;
  }
  const AuthorityRetention& Sassenberg(const RetentionReport& report) {
    return report.authorities.at(0);
  }

  size_t EvidenceCount(CommentId comment) {
    return repos_.comments.ListEvidence(*db_, comment)->size();
  }
  size_t DecisionCount(CommentId comment) {
    return repos_.comments.ListDecisions(*db_, comment)->size();
  }
  LegalHoldId Hold(CommentId comment) {
    auto hold = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.retention.PlaceHold(tx, Actor::Cli(), comment,
                                        "Strafanzeige erstattet, Az. 41 Js 123/26", moderator_);
    });
    EXPECT_TRUE(hold) << hold.error().message;
    return hold ? *hold : LegalHoldId();
  }

  OrganizationId org_;
  ChannelId channel_;
  UserId moderator_;
};

TEST_F(RetentionTest, EvidenceGoesAfterItsPeriodAndLeavesATombstoneTheChainVerifiesWith) {
  const CommentId old_one = AComment("c1", CommentState::kHidden, true);
  clock_.Advance(days(100));
  const CommentId newer = AComment("c2", CommentState::kHidden, true);
  clock_.Advance(days(82));  // the first is 182 days old: within six months
  EXPECT_TRUE(Sassenberg(Run()).evidence_deleted.empty());
  EXPECT_EQ(EvidenceCount(old_one), 1u);

  clock_.Advance(days(2));  // 184 days
  const RetentionReport report = Run();
  EXPECT_EQ(Sassenberg(report).evidence_deleted, std::vector<EvidenceId>{EvidenceId(1)});
  EXPECT_EQ(Sassenberg(report).evidence_rule(), "evidence_retention_days=183");
  EXPECT_EQ(EvidenceCount(old_one), 0u);
  EXPECT_EQ(EvidenceCount(newer), 1u);    // 84 days old
  EXPECT_EQ(DecisionCount(old_one), 1u);  // decisions are kept a year
  EXPECT_EQ(repos_.comments.Get(*db_, old_one)->text, kWords);

  auto tombstone = repos_.retention.FindTombstone(*db_, EvidenceId(1));
  ASSERT_TRUE(tombstone && *tombstone);
  EXPECT_EQ((*tombstone)->rule, "evidence_retention_days=183");
  EXPECT_EQ((*tombstone)->deleted_at, clock_.Now());
  // The record after it still chains to the deleted one's hash.
  const Evidence kept = repos_.comments.ListEvidence(*db_, newer)->at(0);
  EXPECT_EQ(kept.prev_hash, (*tombstone)->hash);
  auto previous = repos_.retention.PreviousEvidenceHash(*db_, kept.id);
  ASSERT_TRUE(previous);
  const EvidenceCheck check = CheckEvidence(kept, *previous);
  EXPECT_TRUE(check.content_intact);
  EXPECT_TRUE(check.chain_intact);
  auto exported = ExportEvidence(*db_, repos_, kept.id, dir_ / "anzeige");
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_TRUE(exported->check.chain_intact);

  // The next record follows the newest one, never reusing a deleted number.
  clock_.Advance(days(200));  // the second goes too: the chain's head is a tombstone
  EXPECT_EQ(Sassenberg(Run()).evidence_deleted, std::vector<EvidenceId>{EvidenceId(2)});
  const CommentId third = AComment("c3", CommentState::kHidden, true);
  const Evidence next = repos_.comments.ListEvidence(*db_, third)->at(0);
  EXPECT_EQ(next.id, EvidenceId(3));
  auto head = repos_.retention.FindTombstone(*db_, EvidenceId(2));
  ASSERT_TRUE(head && *head);
  EXPECT_EQ(next.prev_hash, (*head)->hash);
  EXPECT_TRUE(
      CheckEvidence(next, *repos_.retention.PreviousEvidenceHash(*db_, next.id)).chain_intact);
}

TEST_F(RetentionTest, ExportingADeletedRecordSaysWhenAndUnderWhichRule) {
  AComment("c1", CommentState::kHidden, true);
  clock_.Set(*ParseIsoUtc("2026-07-13T02:00:00Z"));  // 184 days later
  Run();
  auto exported = ExportEvidence(*db_, repos_, EvidenceId(1), dir_ / "anzeige");
  ASSERT_FALSE(exported);
  EXPECT_EQ(exported.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(exported.error().message,
            "Beweissicherung Nr. 1 wurde am 13. Juli 2026 nach Ablauf der Aufbewahrungsfrist "
            "gelöscht (evidence_retention_days=183); erhalten sind nur ihre Prüfwerte / evidence 1 "
            "was deleted under retention on 2026-07-13 (evidence_retention_days=183)");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "anzeige" / "evidence-1.json"));
  auto unknown = ExportEvidence(*db_, repos_, EvidenceId(99), dir_ / "anzeige");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no evidence with id 99");
}

TEST_F(RetentionTest, ALegalHoldKeepsEverythingUntilAPersonReleasesIt) {
  const CommentId comment = AComment("c1", CommentState::kHidden, true);
  const LegalHoldId hold = Hold(comment);
  clock_.Advance(days(400));
  RetentionReport report = Run();
  EXPECT_TRUE(Sassenberg(report).evidence_deleted.empty());
  EXPECT_TRUE(Sassenberg(report).decisions_deleted.empty());
  EXPECT_TRUE(Sassenberg(report).comments_redacted.empty());
  EXPECT_EQ(Sassenberg(report).held, std::vector<CommentId>{comment});
  EXPECT_EQ(EvidenceCount(comment), 1u);
  EXPECT_EQ(DecisionCount(comment), 1u);
  EXPECT_EQ(repos_.comments.Get(*db_, comment)->text, kWords);
  // Even a direct call refuses while the hold is active.
  Status refused = store::InTransaction(*db_, [&](store::Transaction& tx) {
    return repos_.retention.DeleteEvidence(tx, Actor::Cli(), EvidenceId(1),
                                           {"evidence_retention_days=183", 1});
  });
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);

  ASSERT_EQ(repos_.retention.ActiveHolds(*db_, comment)->size(), 1u);
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.retention.ReleaseHold(tx, Actor::Cli(), hold, moderator_);
              }).ok());
  EXPECT_TRUE(repos_.retention.ActiveHolds(*db_, comment)->empty());
  Status again = store::InTransaction(*db_, [&](store::Transaction& tx) {
    return repos_.retention.ReleaseHold(tx, Actor::Cli(), hold, moderator_);
  });
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  report = Run();
  EXPECT_EQ(Sassenberg(report).evidence_deleted.size(), 1u);
  EXPECT_EQ(Sassenberg(report).decisions_deleted.size(), 1u);
  EXPECT_EQ(Sassenberg(report).comments_redacted, std::vector<CommentId>{comment});
  EXPECT_TRUE(Sassenberg(report).held.empty());
}

TEST_F(RetentionTest, DecisionsGoAfterAYearAndThenTheWordsButNotWhileAPersonMustLook) {
  const CommentId visible = AComment("c1", CommentState::kVisible, false);
  const CommentId waiting = AComment("c2", CommentState::kNeedsReview, false);
  clock_.Advance(days(364));
  RetentionReport report = Run();
  EXPECT_TRUE(Sassenberg(report).decisions_deleted.empty());
  EXPECT_TRUE(Sassenberg(report).comments_redacted.empty());

  clock_.Advance(days(2));
  report = Run();
  EXPECT_EQ(Sassenberg(report).decisions_deleted, std::vector<DecisionId>{DecisionId(1)});
  EXPECT_EQ(Sassenberg(report).comments_redacted, std::vector<CommentId>{visible});
  EXPECT_EQ(DecisionCount(visible), 0u);
  const Comment erased = *repos_.comments.Get(*db_, visible);
  EXPECT_EQ(erased.text, "");
  EXPECT_EQ(erased.author_handle, "");
  EXPECT_EQ(erased.author_id, "");
  EXPECT_EQ(erased.raw_json, "{}");
  EXPECT_EQ(erased.redacted_at, clock_.Now());
  EXPECT_EQ(erased.remote_id, "c1");  // a redelivery stays a duplicate

  const Comment kept = *repos_.comments.Get(*db_, waiting);
  EXPECT_EQ(kept.text, kWords);
  EXPECT_FALSE(kept.redacted_at);
  EXPECT_EQ(DecisionCount(waiting), 1u);

  // Nothing twice.
  report = Run();
  EXPECT_TRUE(Sassenberg(report).decisions_deleted.empty());
  EXPECT_TRUE(Sassenberg(report).comments_redacted.empty());
}

TEST_F(RetentionTest, AnExpiredDecisionGoesEvenWhenALaterOneAnswersIt) {
  const CommentId comment = AComment("c1", CommentState::kHidden, false);
  clock_.Advance(days(200));
  // A review half a year later answers the first decision.
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Result<DecisionId> {
    Decision review;
    review.comment_id = comment;
    review.category = "none";
    review.action = ModerationAction::kConfirm;
    review.reason = "bestätigt";
    review.refers_to = DecisionId(1);
    return repos_.comments.AddDecision(tx, Actor::System(), review);
  }));
  clock_.Advance(days(170));
  RetentionReport report = Run();
  EXPECT_EQ(Sassenberg(report).decisions_deleted, std::vector<DecisionId>{DecisionId(1)});
  auto left = repos_.comments.ListDecisions(*db_, comment);
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_FALSE(left->front().refers_to);  // the answer stays, its reference is cleared
}

TEST_F(RetentionTest, EveryDeletionIsAuditedWithItsRuleAndWithoutTheCitizensWords) {
  const CommentId comment = AComment("c1", CommentState::kHidden, true);
  clock_.Advance(days(400));
  Run();
  std::map<std::string, int> actions;
  auto entries = repos_.audit.Recent(*db_, 100);
  ASSERT_TRUE(entries);
  for (const AuditEntry& e : *entries) {
    ++actions[e.action];
    for (const std::string* text : {&e.before_json, &e.after_json}) {
      EXPECT_EQ(text->find("Arschloch"), std::string::npos) << e.action << ": " << *text;
      EXPECT_EQ(text->find(kHandle), std::string::npos) << e.action << ": " << *text;
    }
    if (e.action == "evidence.delete") {
      EXPECT_EQ(e.target_type, "evidence");
      EXPECT_EQ(e.target_id, "1");
      EXPECT_NE(e.after_json.find("\"rule\":\"evidence_retention_days=183\""), std::string::npos);
      EXPECT_NE(e.after_json.find("\"concept_version\":1"), std::string::npos);
    } else if (e.action == "decision.delete") {
      EXPECT_EQ(e.target_id, "1");
      EXPECT_NE(e.after_json.find("decision_retention_days=365"), std::string::npos);
      EXPECT_EQ(e.before_json.find("Beleidigung"), std::string::npos);  // not the reason
    } else if (e.action == "comment.redact") {
      EXPECT_EQ(e.target_id, comment.ToString());
      EXPECT_NE(e.after_json.find("decision_retention_days=365"), std::string::npos);
    } else if (e.action == "retention.run") {
      EXPECT_NE(e.after_json.find("\"evidence_deleted\":[1]"), std::string::npos) << e.after_json;
    }
  }
  EXPECT_EQ(actions["evidence.delete"], 1);
  EXPECT_EQ(actions["decision.delete"], 1);
  EXPECT_EQ(actions["comment.redact"], 1);
  EXPECT_EQ(actions["retention.run"], 1);
  auto verified = store::AuditLog::Verify(*db_);
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->first_broken_id) << verified->problem;
}

TEST_F(RetentionTest, ADryRunListsWhatWouldGoAndChangesNothing) {
  const CommentId comment = AComment("c1", CommentState::kHidden, true);
  clock_.Advance(days(400));
  const size_t audit_before = repos_.audit.Recent(*db_, 1000)->size();
  const RetentionReport report = Run(/*dry_run=*/true);
  EXPECT_TRUE(report.dry_run);
  EXPECT_EQ(Sassenberg(report).evidence_deleted, std::vector<EvidenceId>{EvidenceId(1)});
  EXPECT_EQ(Sassenberg(report).decisions_deleted, std::vector<DecisionId>{DecisionId(1)});
  EXPECT_EQ(Sassenberg(report).comments_redacted, std::vector<CommentId>{comment});
  EXPECT_EQ(EvidenceCount(comment), 1u);
  EXPECT_EQ(DecisionCount(comment), 1u);
  EXPECT_EQ(repos_.comments.Get(*db_, comment)->text, kWords);
  EXPECT_EQ(repos_.audit.Recent(*db_, 1000)->size(), audit_before);

  const std::string text = FormatRetentionReport(report);
  EXPECT_NE(text.find("Probelauf"), std::string::npos) << text;
  EXPECT_NE(text.find("nichts wurde gelöscht"), std::string::npos) << text;
  EXPECT_NE(text.find("Beweise zu löschen / evidence to delete (evidence_retention_days=183): 1"),
            std::string::npos)
      << text;
}

TEST_F(RetentionTest, TheReportSaysPerRuleWhatWent) {
  AComment("c1", CommentState::kHidden, true);
  clock_.Advance(days(400));
  const std::string text = FormatRetentionReport(Run());
  EXPECT_NE(text.find("Stadt sassenberg (Nutzungskonzept Version 1):"), std::string::npos) << text;
  EXPECT_NE(text.find("  Beweise gelöscht / evidence deleted (evidence_retention_days=183): 1 – "
                      "Nr. 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Entscheidungen gelöscht / decisions deleted "
                      "(decision_retention_days=365): 1 – Nr. 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Kommentare anonymisiert / comments redacted "
                      "(decision_retention_days=365): 1 – Nr. 1\n"),
            std::string::npos)
      << text;
}

TEST_F(RetentionTest, AnAuthorityWithoutAConceptKeepsEverything) {
  const OrganizationId other = MakeOrganization("warendorf");
  Retention retention(*db_, repos_, clock_);
  auto report = retention.Run(Actor::System());
  ASSERT_TRUE(report);
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_NE(report->skipped[0].find("Stadt warendorf"), std::string::npos);
  EXPECT_NE(FormatRetentionReport(*report).find("nichts gelöscht"), std::string::npos);
  (void)other;
}

TEST_F(RetentionTest, TheTriggerRefusesDeletingEvidenceWithoutATombstone) {
  AComment("c1", CommentState::kHidden, true);
  EXPECT_FALSE(db_->Execute("DELETE FROM evidence"));
  EXPECT_FALSE(db_->Execute("UPDATE evidence SET sha256 = 'x'"));
  // A tombstone with another hash does not open the door either.
  ASSERT_TRUE(db_->Execute(
      "INSERT INTO evidence_tombstones (evidence_id, comment_id, sha256, prev_hash, hash, "
      "created_at, deleted_at, rule) VALUES (1, 1, 'a', 'b', 'not the hash', 'x', 'y', 'z')"));
  EXPECT_FALSE(db_->Execute("DELETE FROM evidence WHERE id = 1"));
  EXPECT_FALSE(db_->Execute("DELETE FROM evidence_tombstones"));
  auto rows = db_->Query("SELECT COUNT(*) FROM evidence");
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), 1);
}

// A citizen's feedback on the site's accessibility is personal data too: a
// year after the answer (or, never answered, after it came) the words and
// the sender go; the dates stay for the monitoring report.
TEST_F(RetentionTest, AccessibilityFeedbackLosesItsWordsAYearAfterTheAnswer) {
  auto receive = [&](const std::string& message) {
    store::SiteFeedback feedback;
    feedback.organization = org_;
    feedback.received_at = clock_.Now();
    feedback.sender_name = "Erika Muster";
    feedback.sender_email = "erika@example.org";
    feedback.message = message;
    feedback.due_on = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::month(2),
                                                  std::chrono::day(9)};
    auto id = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.site_feedback.Create(tx, Actor::Cli(), feedback);
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  };
  const SiteFeedbackId answered = receive("Die Termine sind mit dem Screenreader schwer lesbar.");
  const SiteFeedbackId ignored = receive("Kontrast der Knöpfe zu gering.");
  clock_.Advance(days(20));
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.site_feedback.MarkAnswered(tx, Actor::Cli(), answered, moderator_,
                                                         "Antwort per E-Mail an Frau Muster");
              }).ok());

  clock_.Advance(days(350));  // the unanswered one is 370 days old, the answer 350
  RetentionReport report = Run();
  EXPECT_EQ(Sassenberg(report).feedback_redacted, std::vector<SiteFeedbackId>{ignored});
  const SiteFeedbackId recent = receive("Danke für die Untertitel!");
  clock_.Advance(days(20));
  EXPECT_EQ(Sassenberg(Run(true)).feedback_redacted, std::vector<SiteFeedbackId>{answered});
  EXPECT_FALSE((*repos_.site_feedback.Get(*db_, answered))->redacted_at);  // a dry run
  report = Run();
  EXPECT_EQ(Sassenberg(report).feedback_redacted, std::vector<SiteFeedbackId>{answered});
  EXPECT_NE(FormatRetentionReport(report).find("feedback_retention_days=365"), std::string::npos);

  const store::SiteFeedback erased = **repos_.site_feedback.Get(*db_, answered);
  EXPECT_EQ(erased.message, "");
  EXPECT_EQ(erased.sender_name, "");
  EXPECT_EQ(erased.sender_email, "");
  EXPECT_EQ(erased.answer_note, "");
  EXPECT_EQ(erased.redacted_at, clock_.Now());
  EXPECT_TRUE(erased.answered_at);  // the dates stay
  EXPECT_EQ((*repos_.site_feedback.Get(*db_, recent))->message, "Danke für die Untertitel!");
  auto entries = repos_.audit.Recent(*db_, 50);
  bool audited = false;
  for (const AuditEntry& entry : *entries) {
    EXPECT_EQ(entry.after_json.find("Screenreader"), std::string::npos);
    EXPECT_EQ(entry.after_json.find("erika@"), std::string::npos);
    audited |= entry.action == "site_feedback.redact" && entry.target_id == answered.ToString();
  }
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace civicpost::moderation
