// The decision on its own, with scores set by hand: thresholds in and
// outside office hours, the precision guards, the clauses cited.

#include "moderation/decision.hpp"

#include <gtest/gtest.h>

#include "moderation/legal_grounds.hpp"

namespace civicpost::moderation {
namespace {

std::vector<usage::NetiquetteClause> Netiquette() {
  using usage::NetiquetteCategory;
  const auto clause = [](std::string id, NetiquetteCategory category) {
    usage::NetiquetteClause c;
    c.id = std::move(id);
    c.category = category;
    return c;
  };
  return {clause("N1", NetiquetteCategory::kInsult), clause("N2", NetiquetteCategory::kHate),
          clause("N3", NetiquetteCategory::kThreat), clause("N5", NetiquetteCategory::kDoxxing),
          clause("N7", NetiquetteCategory::kScam),   clause("N8", NetiquetteCategory::kOffTopic)};
}

usage::ModerationPolicy Policy() {
  usage::ModerationPolicy policy;
  policy.auto_hide_threshold = 0.95;
  policy.off_hours_auto_hide_threshold = 0.85;
  policy.review_threshold = 0.5;
  return policy;
}

class DecideTest : public ::testing::Test {
 protected:
  Verdict Run(const ClassifierScores& classifier, const std::vector<RuleHit>& hits = {}) {
    const DecisionContext context{policy_, netiquette_, office_hours_, about_authority_, words_};
    return Decide(Score(classifier, hits), classifier, context);
  }
  static ClassifierScores Insulting(double abusive) {
    return {
        .abusive = abusive, .insult = abusive, .profanity = 0, .hate = 0.1, .explicit_words = true};
  }

  usage::ModerationPolicy policy_ = Policy();
  std::vector<usage::NetiquetteClause> netiquette_ = Netiquette();
  bool office_hours_ = true;
  bool about_authority_ = false;
  int words_ = 8;
};

TEST_F(DecideTest, NothingBelowTheReviewThreshold) {
  const Verdict d = Run(Insulting(0.3));
  EXPECT_EQ(d.action, Action::kNone);
  EXPECT_EQ(d.category, "none");
  EXPECT_EQ(d.clause, "");
}

TEST_F(DecideTest, BetweenTheThresholdsAPersonDecides) {
  const Verdict d = Run(Insulting(0.8));
  EXPECT_EQ(d.action, Action::kReview);
  EXPECT_EQ(d.category, "insult");
  EXPECT_EQ(d.clause, "N1");
}

TEST_F(DecideTest, ASureInsultIsHiddenCitingItsClause) {
  const Verdict d = Run(Insulting(0.97));
  EXPECT_EQ(d.action, Action::kHide);
  EXPECT_EQ(d.clause, "N1");
  EXPECT_NE(d.reason.find("0.97"), std::string::npos) << d.reason;
}

TEST_F(DecideTest, OutsideOfficeHoursHidingStartsAtTheConceptsLowerThreshold) {
  EXPECT_EQ(Run(Insulting(0.9)).action, Action::kReview);
  office_hours_ = false;
  const Verdict d = Run(Insulting(0.9));
  EXPECT_EQ(d.action, Action::kHide);
  EXPECT_NE(d.reason.find("außerhalb der Dienstzeit"), std::string::npos) << d.reason;
}

TEST_F(DecideTest, CriticismOfTheAuthorityIsNeverHiddenAutomatically) {
  about_authority_ = true;
  const Verdict d = Run(Insulting(0.99));
  EXPECT_EQ(d.action, Action::kReview);
  EXPECT_NE(d.reason.find("Kritik"), std::string::npos) << d.reason;
}

TEST_F(DecideTest, AThreatAboutTheAuthorityIsStillHidden) {
  // The guard protects opinions; rules find threats, not opinions.
  about_authority_ = true;
  const Verdict d = Run(Insulting(0.1), {{RuleFamily::kThreat, "know_where", 0.9},
                                         {RuleFamily::kThreat, "you_are_dead", 0.8}});
  EXPECT_EQ(d.category, "threat");
  EXPECT_EQ(d.clause, "N3");
  EXPECT_EQ(d.action, Action::kHide);  // 1 - 0.1 * 0.2 = 0.98
}

TEST_F(DecideTest, AVeryShortCommentIsNotHiddenOnTheClassifiersWordAlone) {
  words_ = 2;  // "Klasse Strategie!"
  EXPECT_EQ(Run(Insulting(0.97)).action, Action::kReview);
}

TEST_F(DecideTest, WithoutAnExplicitlyAbusiveWordAPersonDecides) {
  ClassifierScores scores = Insulting(0.99);
  scores.explicit_words = false;  // "Kinder impfen für den Nutzen der Gesellschaft."
  const Verdict d = Run(scores);
  EXPECT_EQ(d.action, Action::kReview);
  EXPECT_NE(d.reason.find("ohne ausdrücklich beleidigendes Wort"), std::string::npos) << d.reason;
}

TEST_F(DecideTest, HateIsTheKindWhenTheHateHeadAgrees) {
  ClassifierScores scores = Insulting(0.97);
  scores.hate = 0.9;
  const Verdict d = Run(scores);
  EXPECT_EQ(d.category, "hate");
  EXPECT_EQ(d.clause, "N2");
  EXPECT_EQ(d.action, Action::kHide);
}

TEST_F(DecideTest, TheHateHeadAloneDoesNotMakeACommentHateful) {
  // A plain sentence about a group, which the adversarial hate data flags.
  ClassifierScores scores = Insulting(0.05);
  scores.hate = 0.9;
  const Verdict d = Run(scores);
  EXPECT_EQ(d.action, Action::kNone);
  EXPECT_LT(Score(scores, {})[Category::kHate], 0.5);
}

TEST_F(DecideTest, VulgarWordsAloneGoToAPerson) {
  const ClassifierScores scores{
      .abusive = 0.99, .insult = 0.1, .profanity = 0.89, .hate = 0, .explicit_words = true};
  const Verdict d = Run(scores);
  EXPECT_EQ(d.category, "profanity");
  EXPECT_EQ(d.action, Action::kReview);
}

TEST_F(DecideTest, AQuestionForTheOfficeIsQueuedForAReplyNeverHidden) {
  const Verdict d = Run(Insulting(0.0), {{RuleFamily::kConsultation, "how_to_apply", 0.7},
                                         {RuleFamily::kConsultation, "opening_hours", 0.7}});
  EXPECT_EQ(d.category, "consultation");
  EXPECT_EQ(d.clause, "N8");
  EXPECT_EQ(d.action, Action::kReview);
}

TEST_F(DecideTest, AScamWithALinkWeighsMoreThanEither) {
  const std::vector<RuleHit> scam_and_link{{RuleFamily::kScam, "giveaway", 0.7},
                                           {RuleFamily::kLink, "shortener", 0.8}};
  const CategoryScores scores = Score(Insulting(0), scam_and_link);
  EXPECT_NEAR(scores[Category::kScam], 0.94, 1e-9);
  EXPECT_NEAR(scores[Category::kSpam], 0.8, 1e-9);
  EXPECT_EQ(Run(Insulting(0), scam_and_link).action, Action::kReview);
  office_hours_ = false;
  const Verdict d = Run(Insulting(0), scam_and_link);
  EXPECT_EQ(d.category, "scam");
  EXPECT_EQ(d.clause, "N7");
  EXPECT_EQ(d.action, Action::kHide);
}

TEST_F(DecideTest, NothingIsHiddenWithoutAClauseToCite) {
  netiquette_ = {};
  const Verdict d = Run(Insulting(0.99));
  EXPECT_EQ(d.action, Action::kReview);
  EXPECT_EQ(d.clause, "");
}

TEST_F(DecideTest, ThirdPartiesDataIsCitedUnderItsClause) {
  const Verdict d = Run(Insulting(0), {{RuleFamily::kPersonalData, "phone_number", 0.7},
                                       {RuleFamily::kPersonalData, "street_address", 0.6}});
  EXPECT_EQ(d.category, "personal_data");
  EXPECT_EQ(d.clause, "N5");
  EXPECT_EQ(d.action, Action::kReview);  // 0.88: hidden outside office hours only
}

}  // namespace
}  // namespace civicpost::moderation

namespace civicpost::moderation {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

TEST(LegalGroundsTest, NoGroundIsAboutCriticismOrOpinion) {
  for (const LegalGround& ground : LegalGrounds()) {
    for (std::string_view word : {"Kritik", "Meinung", "kritik", "meinung"}) {
      EXPECT_EQ(ground.title_de.find(word), std::string_view::npos) << ground.id;
    }
    EXPECT_EQ(FindLegalGround(ground.id), &ground);
  }
  EXPECT_EQ(FindLegalGround("criticism"), nullptr);
  EXPECT_TRUE(FindLegalGround("stgb_185")->needs_complaint);
  EXPECT_FALSE(FindLegalGround("stgb_130")->needs_complaint);  // prosecuted ex officio
  EXPECT_TRUE(FindLegalGround("stgb_184b")->stops_capture);
}

TEST(LegalGroundsTest, TheComplaintDeadlineIsThreeMonthsToTheDay) {
  EXPECT_EQ(ComplaintDeadline(year(2026) / 11 / 25), year(2027) / 2 / 25);
  // February has no 30th: the month's last day.
  EXPECT_EQ(ComplaintDeadline(year(2026) / 11 / 30), year(2027) / 2 / 28);
  EXPECT_EQ(ComplaintDeadline(year(2027) / 11 / 30), year(2028) / 2 / 29);
  EXPECT_EQ(ComplaintDeadline(year(2026) / 5 / 31), year(2026) / 8 / 31);
}

TEST(LegalGroundsTest, RemindersAt30And14And7DaysAndAfterTheEnd) {
  const year_month_day deadline = year(2027) / 2 / 25;
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 1 / 25), std::nullopt);  // 31 days
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 1 / 26), 30);
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 2 / 11), 14);
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 2 / 18), 7);
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 2 / 25), 7);  // the last day
  EXPECT_EQ(ComplaintReminder(deadline, year(2027) / 2 / 26), 0);  // too late
}

}  // namespace
}  // namespace civicpost::moderation
