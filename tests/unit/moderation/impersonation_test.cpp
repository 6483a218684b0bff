// Accounts that pretend to be the town, and the ones that merely mention it.
#include "moderation/impersonation.hpp"

#include <gtest/gtest.h>

namespace civicpost::moderation {
namespace {

class ImpersonationTest : public ::testing::Test {
 protected:
  ImpersonationCheck check_{{"stadt.sassenberg", "Stadt Sassenberg"}};
};

TEST_F(ImpersonationTest, TheAuthoritysOwnAccountIsNotFlagged) {
  EXPECT_EQ(check_.Imitates("stadt.sassenberg", "Stadt Sassenberg"), "");
  EXPECT_EQ(check_.Imitates("Stadt.Sassenberg"), "");
}

TEST_F(ImpersonationTest, APunctuationOrLookAlikeVariantIsFlagged) {
  EXPECT_EQ(check_.Imitates("stadt_sassenberg"), "confusable");
  EXPECT_EQ(check_.Imitates("stadtsassenberg"), "confusable");
  // Cyrillic "а" (U+0430) in place of the Latin a.
  EXPECT_EQ(check_.Imitates("stadt.s\u0430ssenberg"), "confusable");
  // Another handle with the authority's display name.
  EXPECT_EQ(check_.Imitates("gewinnspiel2026", "Stadt Sassenberg"), "confusable");
}

TEST_F(ImpersonationTest, ATypoAwayIsFlagged) {
  EXPECT_EQ(check_.Imitates("stadt.sasenberg"), "typo");
  EXPECT_EQ(check_.Imitates("stadt.sassenb3rg"), "typo");
}

TEST_F(ImpersonationTest, OfficialSoundingWrappersAreFlagged) {
  EXPECT_EQ(check_.Imitates("stadt_sassenberg_info"), "official_marker");
  EXPECT_EQ(check_.Imitates("offiziell.stadt.sassenberg"), "official_marker");
  EXPECT_EQ(check_.Imitates("stadtsassenberg.support"), "official_marker");
}

TEST_F(ImpersonationTest, CitizensMentioningTheTownAreNot) {
  EXPECT_EQ(check_.Imitates("sassenberg_fan", "Anna aus Sassenberg"), "");
  EXPECT_EQ(check_.Imitates("stadtsassenbergerin"), "");
  EXPECT_EQ(check_.Imitates("heimatverein.sassenberg"), "");
  EXPECT_EQ(check_.Imitates("stadt.warendorf"), "");
}

}  // namespace
}  // namespace civicpost::moderation
