// The message catalogues: both languages complete, every key a template asks
// for present, placeholders filled.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "channels/instagram/graph_error.hpp"
#include "web/i18n.hpp"

namespace civicpost::web {
namespace {

using ::testing::IsEmpty;

TEST(CatalogueTest, GermanAndEnglishHaveTheSameKeys) {
  Catalogue catalogue;
  EXPECT_EQ(catalogue.Languages(), (std::vector<std::string>{"de", "en"}));
  EXPECT_EQ(catalogue.Keys("de"), catalogue.Keys("en"));
  EXPECT_GT(catalogue.Keys("de").size(), 200u);
}

TEST(CatalogueTest, EveryKeyAStaffTemplateUsesExists) {
  Catalogue catalogue;
  const std::vector<std::string> keys = catalogue.Keys("de");
  const std::set<std::string> known(keys.begin(), keys.end());
  std::vector<std::string> missing;
  const std::regex used(R"(\{\{[#^/]?t\.([a-z0-9_.]+)\}\})");
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CIVICPOST_SOURCE_DIR) +
                                                               "/src/web/templates")) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("staff_") && !name.starts_with("public_feedback")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), used), end; it != end; ++it) {
      if (!known.contains((*it)[1]))
        missing.push_back(entry.path().filename().string() + ": " + (*it)[1].str());
    }
  }
  EXPECT_THAT(missing, IsEmpty());
}

TEST(CatalogueTest, EveryReasonThePublisherGivesIsSaidInBothLanguages) {
  Catalogue catalogue;
  std::vector<std::string> reasons = {"publish.channel_disabled", "publish.not_prepared",
                                      "publish.not_connected", "graph.token_expired",
                                      "publish.no_comments"};
  for (const std::string& key : channels::instagram::StaffKeys()) reasons.push_back("graph." + key);
  std::vector<std::string> missing;
  for (const char* language : {"de", "en"}) {
    const std::vector<std::string> keys = catalogue.Keys(language);
    for (const std::string& reason : reasons) {
      if (std::find(keys.begin(), keys.end(), reason) == keys.end()) {
        missing.push_back(std::string(language) + ": " + reason);
      }
    }
  }
  EXPECT_THAT(missing, IsEmpty());
}

TEST(CatalogueTest, FormatFillsNamedPlaceholders) {
  Catalogue catalogue;
  EXPECT_EQ(catalogue.Format("de", "check.carousel_size", {{"count", "11"}}),
            "Ein Karussell hat 2 bis 10 Bilder, gewählt sind 11.");
  EXPECT_EQ(catalogue.Format("en", "check.carousel_size", {{"count", "1"}}),
            "A carousel has 2 to 10 images; 1 are chosen.");
}

TEST(CatalogueTest, UnknownLanguagesFallBackToGermanAndUnknownKeysShowThemselves) {
  Catalogue catalogue;
  EXPECT_EQ(catalogue.Text("fr", "nav.posts"), "Beiträge");
  EXPECT_EQ(catalogue.Text("de", "nav.no_such_key"), "nav.no_such_key");
}

}  // namespace
}  // namespace civicpost::web
