// The folded forms the rules read: spelling tricks undone, meaning kept.
#include "moderation/text_fold.hpp"

#include <gtest/gtest.h>

#include "labelled_texts.hpp"

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

// Fold normalises Latin-1 from a table and the rest through ICU piece by
// piece; it must give what one ICU call over the whole text gives.

void ExpectSameAsIcu(const std::string& text) {
  const FoldedText fast = Fold(text);
  const FoldedText icu = FoldWithIcu(text);
  EXPECT_EQ(fast.plain, icu.plain) << "text: " << text;
  EXPECT_EQ(fast.words, icu.words) << "text: " << text;
}

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST(TextFold, FastPathEqualsIcuOnTheLabelledComments) {
  const std::vector<std::string> texts = LabelledTexts();
  if (texts.empty()) GTEST_SKIP() << "no labelled data in ../shared/data/moderation";
  for (const std::string& text : texts) ExpectSameAsIcu(text);
}

TEST(TextFold, FastPathEqualsIcuOnSpellingTricks) {
  for (const char* text : {
           "Віtсоіn ΑΒΓ οk",                            // Cyrillic and Greek look-alikes
           "Idi\u200Bo\u200Dt\u00ADen \uFEFFx\u2060y",  // zero-width, soft hyphen, BOM, word joiner
           "4rschl0ch sch31ss3 @user1 3,50$ 14!!! |d10t",                       // leetspeak
           "a\u0308 A\u030A e\u0301\u0327 \u0301x o\u0308\u0304 \u00E4\u0323",  // combining marks
           "Straße STRASSE \u1E9E \u00DF\u0301 ſ ﬁ ﬀ",  // ß, capital ẞ, long s, ligatures
           "Super 👍👍 😂😂😂 🇩🇪 ❤️ 👨‍👩‍👧 ☠️",  // emoji,
                                                                                     // flags, ZWJ
                                                                                     // sequences,
                                                                                     // VS16
           "ＳＴＡＤＴ ① ㎏ ½ ¼ ² µ ª º ¨ ´ ¸ ¯ \u00A0x\u2003y\u3000z",  // width, compatibility
           "İstanbul ΣΑΣ ǅ Ǆ \u1100\u1161\u11A8 가",    // Turkish i, final sigma, digraphs, Hangul
           "Scheeeeiße !!!! ---- ääää ÄÄÄ aaaa\u0308",  // emphasis
           "\t\n\r\v\f \x1C\x1D\x1E\x1F \u0085 \u2028\u2029 end",  // whitespace and separators
           "",
       }) {
    ExpectSameAsIcu(text);
  }
  ExpectSameAsIcu(std::string("ok \xC3\x28 ok \xED\xA0\x80 \xF4\x90\x80\x80 \xFF"));  // invalid
  ExpectSameAsIcu(std::string("nul\0inside", 10));
}

TEST(TextFold, FastPathEqualsIcuForEveryCharacterInContext) {
  for (char32_t c = 1; c < 0x20000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;  // surrogates are not characters
    const std::string s = Utf8(c);
    ExpectSameAsIcu("A" + s + "b");
    ExpectSameAsIcu(s + "\u0308x");
    ExpectSameAsIcu("\u00C4" + s + s + s);
    if (::testing::Test::HasFailure()) return;  // one character's report is enough
  }
}

TEST(TextFold, FastPathEqualsIcuOnRandomMixtures) {
  const std::vector<std::string> pieces = {
      "a",  "Z",      "4", "0",      "!",      "@",      "$",      "|",      " ",      "\t",
      "ä",  "Ö",      "ß", "é",      "\u00A0", "\u00AD", "\u00B5", "\u0308", "\u0301", "\u0327",
      "ẞ",  "і",      "ο", "\u200B", "\u200D", "\uFE0F", "👍",      "😂",      "ﬁ",      "Ｓ",
      "가", "\u1161", "İ", "Σ",      "…",      "„",      "€",      "ǅ",      "\u2003", "x"};
  uint32_t state = 2018;
  const auto next = [&state] { return (state = state * 1664525U + 1013904223U) >> 8; };
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const uint32_t length = next() % 12;
    for (uint32_t j = 0; j < length; ++j) text += pieces[next() % pieces.size()];
    ExpectSameAsIcu(text);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace civicpost::moderation
