// The rule families with German comments as they appear under a town's
// posts, and the near-misses that must stay quiet: a citizen's own number
// for the office, the town hall's address, the town's own website,
// criticism in strong words.
#include "moderation/rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civicpost::moderation {
namespace {

class RulesTest : public ::testing::Test {
 protected:
  std::vector<RuleHit> Hits(const std::string& comment) { return rules_.Match(Fold(comment)); }
  double Strength(const std::string& comment, RuleFamily family) {
    return Rules::Strength(Hits(comment), family);
  }
  bool Has(const std::string& comment, const std::string& rule) {
    for (const RuleHit& hit : Hits(comment)) {
      if (hit.rule == rule) return true;
    }
    return false;
  }

  Rules rules_{RuleContext{.own_domains = {"sassenberg.de"}}};
};

TEST_F(RulesTest, LinksElsewhereAreFlaggedShortenersMostOfAll) {
  EXPECT_GE(Strength("Mehr Infos unter www.gratis-deals.xyz", RuleFamily::kLink), 0.5);
  EXPECT_GE(Strength("klick hier bit.ly/3xYzAb", RuleFamily::kLink), 0.8);
  EXPECT_GE(Strength("Schaut mal auf t.me/freegifts", RuleFamily::kLink), 0.8);
}

TEST_F(RulesTest, TheAuthoritysOwnSiteIsNoReason) {
  EXPECT_EQ(Strength("Steht doch auf https://www.sassenberg.de/veranstaltungen", RuleFamily::kLink),
            0);
  EXPECT_EQ(Strength("Siehe buergerportal.sassenberg.de", RuleFamily::kLink), 0);
}

TEST_F(RulesTest, KnownScamPhrasingsAreFound) {
  EXPECT_TRUE(Has("Glückwunsch, du hast ein iPhone gewonnen! Schreib mir eine DM", "giveaway"));
  EXPECT_TRUE(Has("Glückwunsch, du hast ein iPhone gewonnen! Schreib mir eine DM", "dm_me"));
  EXPECT_TRUE(Has("Ihr Konto wird gesperrt, verifizieren Sie Ihr Profil", "account_locked"));
  EXPECT_TRUE(Has("Ich verdiene 3000€ im Monat mit Bitcoin, frag mich wie", "crypto"));
  EXPECT_TRUE(Has("B1tc01n Trading bringt 20% Rendite", "crypto"));  // leetspeak
  EXPECT_TRUE(Has("Infos per WhatsApp +4915112345678", "dm_me"));
}

TEST_F(RulesTest, ScamNearMissesStayQuiet) {
  EXPECT_EQ(Strength("Wer hat beim Stadtlauf gewonnen?", RuleFamily::kScam), 0);
  EXPECT_EQ(Strength("Das Gewinnerteam bekommt einen Pokal", RuleFamily::kScam), 0);
  EXPECT_EQ(Strength("Ist die Bitcoin-Steuer auch Thema im Rat?", RuleFamily::kScam), 0);
}

TEST_F(RulesTest, ThirdPartiesPersonalDataIsFound) {
  EXPECT_TRUE(
      Has("Die Nachbarin ist unter 0151 23456789 erreichbar, ruft sie alle an", "phone_number"));
  EXPECT_TRUE(Has("Der Typ heißt Max, max.muster@web.de", "email"));
  EXPECT_TRUE(Has("Überweist an DE89 3704 0044 0532 0130 00", "iban"));
  EXPECT_TRUE(Has("Der wohnt in der Lindenstraße 12b", "street_address"));
  EXPECT_TRUE(Has("Das Auto mit MS-AB 123 parkt jeden Tag falsch", "licence_plate"));
  EXPECT_GE(Strength("Die Nachbarin: 0151 23456789", RuleFamily::kPersonalData), 0.7);
}

TEST_F(RulesTest, ACitizensOwnNumberForTheOfficeIsWeak) {
  const double own =
      Strength("Bitte ruft mich zurück, meine Nummer ist 0151 23456789", RuleFamily::kPersonalData);
  EXPECT_GT(own, 0);
  EXPECT_LT(own, 0.3);
}

TEST_F(RulesTest, APublicBuildingsAddressIsWeak) {
  const double rathaus =
      Strength("Das Rathaus ist doch in der Schürenstraße 17, oder?", RuleFamily::kPersonalData);
  EXPECT_LT(rathaus, 0.3);
}

TEST_F(RulesTest, PersonalDataNearMissesStayQuiet) {
  EXPECT_EQ(Strength("Wir waren 2019 und 2023 dabei, 150 Leute", RuleFamily::kPersonalData), 0);
  EXPECT_EQ(Strength("Die E-Mail ging an die falsche Adresse", RuleFamily::kPersonalData), 0);
  EXPECT_EQ(Strength("Treffpunkt 18:30 Uhr am Markt", RuleFamily::kPersonalData), 0);
  EXPECT_EQ(Strength("ab12 hallo leute wie gehts euch", RuleFamily::kPersonalData), 0);
  EXPECT_EQ(Strength("Am 01.05.2026 um 0 Uhr", RuleFamily::kPersonalData), 0);
  EXPECT_EQ(Strength("Die B 475 ist gesperrt", RuleFamily::kPersonalData), 0);
}

TEST_F(RulesTest, ThreatsAreFound) {
  EXPECT_GE(Strength("Den Bürgermeister sollte man abstechen", RuleFamily::kThreat), 0.8);
  EXPECT_GE(Strength("Ich weiß, wo du wohnst", RuleFamily::kThreat), 0.9);
  EXPECT_GE(Strength("Du bist sowas von tot", RuleFamily::kThreat), 0.8);
  EXPECT_GE(Strength("1ch w3rd3 d1ch umbr1ng3n", RuleFamily::kThreat), 0.8);  // leetspeak
}

TEST_F(RulesTest, StrongCriticismIsNoThreat) {
  EXPECT_EQ(
      Strength("Diese Planung ist eine Katastrophe und der Rat hat versagt!", RuleFamily::kThreat),
      0);
  EXPECT_EQ(Strength("Ich lach mich tot über diese Baustelle", RuleFamily::kThreat), 0);
  EXPECT_EQ(Strength("Die Bürgermeisterin gehört abgewählt", RuleFamily::kThreat), 0);
  EXPECT_EQ(Strength("Du bist dran mit Kuchenbacken", RuleFamily::kThreat), 0);
  EXPECT_LT(Strength("Die Hitze kann Bienen töten", RuleFamily::kThreat), 0.8);
}

TEST_F(RulesTest, ConsultationRequestsAreFound) {
  EXPECT_TRUE(Has("Wie beantrage ich einen neuen Personalausweis?", "how_to_apply"));
  EXPECT_TRUE(Has("Wo bekomme ich einen Bewohnerparkausweis?", "how_to_apply"));
  EXPECT_TRUE(Has("Was sind die Öffnungszeiten vom Bürgerbüro?", "opening_hours"));
  EXPECT_TRUE(Has("Wer ist dafür zuständig?", "responsible"));
  EXPECT_TRUE(Has("Wie bekomme ich einen Termin beim Bürgerbüro", "appointment"));
}

TEST_F(RulesTest, QuestionsAboutThePostAreNoConsultation) {
  EXPECT_EQ(Strength("Wie schön! Wo war das Foto?", RuleFamily::kConsultation), 0);
  EXPECT_EQ(Strength("Wann ist das nächste Konzert?", RuleFamily::kConsultation), 0);
}

}  // namespace
}  // namespace civicpost::moderation
