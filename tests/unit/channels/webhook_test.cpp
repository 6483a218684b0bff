// The webhook's pure parts: the signature (a published test vector) and the
// payload shapes Meta's documents disagree on.
#include "channels/instagram/webhook.hpp"

#include <gtest/gtest.h>

namespace civicpost::channels::instagram {
namespace {

TEST(WebhookSignature, MatchesRfc4231AndNothingElse) {
  // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
  const std::string expected =
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  EXPECT_EQ(SignatureHeader("Jefe", "what do ya want for nothing?"), expected);
  EXPECT_TRUE(SignatureMatches("Jefe", "what do ya want for nothing?", expected));
  EXPECT_FALSE(SignatureMatches("Jefe", "what do ya want for nothing!", expected));
  EXPECT_FALSE(SignatureMatches("jefe", "what do ya want for nothing?", expected));
  EXPECT_FALSE(SignatureMatches("Jefe", "what do ya want for nothing?", expected.substr(7)));
  EXPECT_FALSE(SignatureMatches("Jefe", "what do ya want for nothing?", ""));
  EXPECT_FALSE(SignatureMatches("", "", SignatureHeader("", "")));  // no secret, no trust
}

TEST(WebhookPayload, TheObservedFormAndTheDocumentedVariantsAllParse) {
  auto observed =
      ParseCommentEvents(R"({"object":"instagram","entry":[{"id":"178414","time":1520622968,
    "changes":[{"field":"comments","value":{"from":{"id":"232323232","username":"test"},
    "media":{"id":"123123123","media_product_type":"FEED"},"id":"17865799348089039",
    "parent_id":"1231231234","text":"This is an example."}}]}]})");
  ASSERT_TRUE(observed);
  ASSERT_EQ(observed->size(), 1u);
  const IncomingComment& c = (*observed)[0];
  EXPECT_EQ(c.account_id, "178414");
  EXPECT_EQ(c.remote_id, "17865799348089039");
  EXPECT_EQ(c.parent_remote_id, "1231231234");
  EXPECT_EQ(c.media_remote_id, "123123123");
  EXPECT_EQ(c.author_id, "232323232");
  EXPECT_EQ(c.author_handle, "test");
  EXPECT_EQ(c.text, "This is an example.");
  ASSERT_TRUE(c.commented_at);
  EXPECT_EQ(c.commented_at->time_since_epoch().count(), 1520622968);

  // comment_id instead of id, field/value on the entry, no "from", and a
  // field that is not about comments.
  auto variants = ParseCommentEvents(R"({"object":"instagram","entry":[
    {"id":"178414","time":1520622968,"field":"comments","value":{"comment_id":"42","text":"hi","media":{"id":"7"}}},
    {"id":"178414","time":1520622968,"changes":[{"field":"mentions","value":{"media_id":"7"}}]}]})");
  ASSERT_TRUE(variants);
  ASSERT_EQ(variants->size(), 1u);
  EXPECT_EQ((*variants)[0].remote_id, "42");
  EXPECT_TRUE((*variants)[0].author_id.empty());

  EXPECT_FALSE(ParseCommentEvents(R"({"object":"page","entry":[]})"));
  EXPECT_FALSE(ParseCommentEvents("not json"));
}

}  // namespace
}  // namespace civicpost::channels::instagram
