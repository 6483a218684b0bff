#include "publish/post_diff.hpp"

#include <gtest/gtest.h>

namespace civicpost::publish {
namespace {

std::string Render(const std::vector<TextSegment>& segments) {
  std::string out;
  for (const TextSegment& s : segments) {
    if (s.kind == SegmentKind::kAdded) out += "[+" + s.text + "]";
    if (s.kind == SegmentKind::kRemoved) out += "[-" + s.text + "]";
    if (s.kind == SegmentKind::kSame) out += s.text;
  }
  return out;
}

TEST(PostDiffTest, WordDiffOfAGermanSentence) {
  EXPECT_EQ(Render(DiffWords("Herbstspaziergang an der Hessel am Samstag.",
                             "Winterspaziergang an der Hessel am Sonntag.")),
            "[-Herbstspaziergang ][+Winterspaziergang ]an der Hessel am [-Samstag.][+Sonntag.]");
}

TEST(PostDiffTest, ShorteningASentenceRemovesItsTail) {
  EXPECT_EQ(Render(DiffWords("Das Stadtfest beginnt am Samstag um 14 Uhr auf dem Marktplatz.",
                             "Das Stadtfest beginnt am Sonntag.")),
            "Das Stadtfest beginnt am [-Samstag um 14 Uhr auf dem Marktplatz.][+Sonntag.]");
  EXPECT_EQ(Render(DiffWords("", "Neu")), "[+Neu]");
  EXPECT_EQ(Render(DiffWords("Alt", "")), "[-Alt]");
}

TEST(PostDiffTest, SameAndAddedSegmentsGiveTheNewTextBack) {
  const std::string before = "Grüße aus Sassenberg\n#Heimat";
  const std::string after = "Herzliche Grüße aus  Sassenberg\n#Heimat #Münsterland";
  std::string rebuilt;
  for (const TextSegment& s : DiffWords(before, after)) {
    if (s.kind != SegmentKind::kRemoved) rebuilt += s.text;
  }
  EXPECT_EQ(rebuilt, after);
}

TEST(PostDiffTest, OnlyChangedFieldsAreListed) {
  PostSnapshot a;
  a.post.caption = "Sommerfest";
  a.post.topic = "kultur";
  a.post.media = {{MediaId(3), "Bühne"}};
  a.channel_keys = {"instagram"};
  PostSnapshot b = a;
  b.post.media[0].alt_text = "Bühne mit Band";
  b.channel_keys = {"instagram", "website"};
  const auto changes = DiffPosts(a, b);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].field, "media");
  EXPECT_EQ(changes[0].before, "3: Bühne");
  EXPECT_EQ(changes[0].after, "3: Bühne mit Band");
  EXPECT_EQ(changes[1].field, "channels");
  EXPECT_EQ(changes[1].after, "instagram, website");
  EXPECT_TRUE(DiffPosts(a, a).empty());
}

TEST(PostDiffTest, ChannelsInAnotherOrderAreNoChange) {
  PostSnapshot a;
  a.channel_keys = {"instagram", "website"};
  PostSnapshot b = a;
  b.channel_keys = {"website", "instagram"};
  EXPECT_TRUE(DiffPosts(a, b).empty());
}

}  // namespace
}  // namespace civicpost::publish
