// The folded forms the rules read: spelling tricks undone, meaning kept.
#include "moderation/text_fold.hpp"

#include <gtest/gtest.h>

namespace civicpost::moderation {
namespace {

TEST(TextFold, CaseAndWidthAndSharpSAreFolded) {
  EXPECT_EQ(Fold("STRASSE Straße ＳＴＡＤＴ").words, "strasse strasse stadt");
}

TEST(TextFold, InvisibleCharactersDoNotSplitAWord) {
  // Zero-width space, joiner and a soft hyphen inside the word.
  EXPECT_EQ(Fold("Idi\u200Bo\u200Dt\u00ADen").words, "idioten");
}

TEST(TextFold, CyrillicAndGreekLookAlikesBecomeLatin) {
  // "Віtсоіn" with Cyrillic і, с, о and Greek ο.
  EXPECT_EQ(Fold("\u0412\u0456t\u0441\u043E\u0456n und \u03BFk").words, "bitcoin und ok");
}

TEST(TextFold, LeetspeakIsUndoneInsideWordsButNotInNumbers) {
  EXPECT_EQ(Fold("4rschl0ch").words, "arschloch");
  EXPECT_EQ(Fold("Treffen um 14 Uhr, Eintritt 3,50 €").words, "treffen um 14 uhr, eintritt 3,50 €");
  EXPECT_EQ(Fold("Super!").words, "super!");
  EXPECT_EQ(Fold("Spitze!!!").words, "spitze!!!");  // a run of them too
}

TEST(TextFold, EmphasisIsCollapsedButDoubleLettersStay) {
  EXPECT_EQ(Fold("Scheeeeiße").words, "scheisse");
  EXPECT_EQ(Fold("Kaffee und Boot").words, "kaffee und boot");
}

TEST(TextFold, ThePlainFormKeepsAddressesAndNumbersIntact) {
  const FoldedText folded = Fold("Mail: Max.Muster1990@Web.de  IBAN DE89 3704");
  EXPECT_EQ(folded.plain, "mail: max.muster1990@web.de iban de89 3704");
}

TEST(TextFold, InvalidUtf8DoesNotBreakIt) {
  EXPECT_FALSE(Fold(std::string("ok \xC3\x28 ok")).words.empty());
}

}  // namespace
}  // namespace civicpost::moderation
