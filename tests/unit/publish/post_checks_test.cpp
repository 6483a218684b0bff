// The concept's checks, against the Sassenberg concept as the town wrote it.
#include "publish/post_checks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concept/concept_loader.hpp"

namespace civicpost::publish {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PostChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    usage::ConceptLoad load = usage::LoadConceptFile(std::string(CIVICPOST_SOURCE_DIR) +
                                                     "/examples/sassenberg/concept.toml");
    ASSERT_TRUE(load.ok());
    concept_ = *load.concept_value;
  }

  static Post GoodPost() {
    Post post;
    post.kind = PostKind::kFeedImage;
    post.topic = "kultur";
    post.caption = "Orgelkonzert in St. Johannes #KulturInSassenberg #Münsterland";
    post.media = {{MediaId(7), "Die Orgel der Kirche von unten gesehen"}};
    return post;
  }

  static std::vector<std::string> Codes(const std::vector<Problem>& problems) {
    std::vector<std::string> codes;
    for (const Problem& p : problems) codes.push_back(p.code);
    return codes;
  }

  usage::Concept concept_;
  const std::vector<std::string> both_{"instagram", "website"};
};

TEST_F(PostChecksTest, AGoodPostPasses) {
  EXPECT_THAT(CheckPost(GoodPost(), both_, concept_), IsEmpty());
}

TEST_F(PostChecksTest, SassenbergsChannelsDoNotProvideForCarousels) {
  Post post = GoodPost();
  post.kind = PostKind::kCarousel;
  post.media.push_back({MediaId(8), "Besucher im Kirchenschiff"});
  const auto problems = CheckPost(post, both_, concept_);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].code, "kind_not_allowed");
  EXPECT_EQ(problems[0].field, "kind");
}

TEST_F(PostChecksTest, MissingAltTextIsReportedAtItsImage) {
  Post post = GoodPost();
  post.media[0].alt_text = "  \n";
  const auto problems = CheckPost(post, both_, concept_);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "alt_text_missing");
  EXPECT_EQ(problems[0].field, "alt_7");
  EXPECT_EQ(problems[0].args,
            (std::vector<std::pair<std::string, std::string>>{{"position", "1"}}));
}

TEST_F(PostChecksTest, CaptionLengthCountsCharactersNotBytes) {
  Post post = GoodPost();
  post.caption.clear();
  for (int i = 0; i < 2200; ++i) post.caption += "ü";  // two bytes each
  EXPECT_THAT(CheckPost(post, both_, concept_), IsEmpty());
  post.caption += "ü";
  const auto problems = CheckPost(post, both_, concept_);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "caption_too_long");
  EXPECT_EQ(problems[0].args[0].second, "2201");
}

TEST_F(PostChecksTest, MoreThanThirtyHashtagsAreTooMany) {
  Post post = GoodPost();
  post.caption = "Sommer";
  for (int i = 0; i < 31; ++i) post.caption += " #Tag" + std::to_string(i);
  EXPECT_THAT(Codes(CheckPost(post, both_, concept_)), ElementsAre("too_many_hashtags"));
}

TEST_F(PostChecksTest, HashtagsMustStartUpperCaseForScreenReaders) {
  Post post = GoodPost();
  post.caption = "#stadtfestSassenberg #münsterland #NRW #2026Sommer #stadtfestSassenberg";
  const auto problems = CheckPost(post, both_, concept_);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].args[0].second, "#stadtfestSassenberg");
  EXPECT_EQ(problems[0].args[1].second, "#StadtfestSassenberg");
  EXPECT_EQ(problems[1].args[0].second, "#münsterland");
  EXPECT_EQ(problems[1].args[1].second, "#Münsterland");
}

TEST_F(PostChecksTest, HashtagsEndAtPunctuationAndKeepUmlauts) {
  EXPECT_THAT(Hashtags("Grüße! #Heimatliebe, #Großes_Fest. # und #"),
              ElementsAre("#Heimatliebe", "#Großes_Fest"));
}

TEST_F(PostChecksTest, DecomposedUmlautsStayInTheirHashtag) {
  // "Münster" as a Mac may paste it: "u" followed by a combining diaeresis.
  const std::string decomposed = "#Mu\u0308nsterland";
  EXPECT_THAT(Hashtags("Grüße ins " + decomposed + "!"), ElementsAre(decomposed));
  Post post = GoodPost();
  post.caption = "Grüße ins " + decomposed;
  EXPECT_THAT(CheckPost(post, both_, concept_), IsEmpty());
}

TEST_F(PostChecksTest, OnlyTagsThatHaveAnUpperCaseCanFailCamelCase) {
  Post post = GoodPost();
  // A notice in Arabic has no case to fix; Ukrainian does.
  post.caption = "#مرحبا #київ";
  const auto problems = CheckPost(post, both_, concept_);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].args,
            (std::vector<std::pair<std::string, std::string>>{{"tag", "#київ"},
                                                              {"suggestion", "#Київ"}}));
}

TEST_F(PostChecksTest, AnAltTextOfNoBreakSpacesIsMissing) {
  Post post = GoodPost();
  post.media[0].alt_text = "\u00a0\u00a0";
  EXPECT_THAT(Codes(CheckPost(post, both_, concept_)), ElementsAre("alt_text_missing"));
}

TEST_F(PostChecksTest, TopicKindCountAndEventAreChecked) {
  Post post = GoodPost();
  post.topic = "sport";
  post.media.push_back({MediaId(8), "Zweites Bild"});
  post.event = PostEvent{"", post.created_at + std::chrono::hours(5),
                         post.created_at + std::chrono::hours(1), "Marktplatz"};
  EXPECT_THAT(Codes(CheckPost(post, {}, concept_)),
              ElementsAre("topic_unknown", "one_media_expected", "no_channels",
                          "event_title_missing", "event_end_before_start"));
  EXPECT_THAT(Codes(CheckPost(GoodPost(), {"mastodon"}, concept_)), ElementsAre("channel_unknown"));
}

}  // namespace
}  // namespace civicpost::publish
