// The mirror's pages from plain content, without a database: pagination a
// screen reader can follow, and relative links that resolve from every page.
#include "web/site_pages.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "core/time_format.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SiteContent ManyPosts(int count) {
  SiteContent content;
  content.organization.slug = "sassenberg";
  content.organization.name = "Stadt Sassenberg";
  content.profile.name = "Stadt Sassenberg";
  content.feed.address = {"https://civicpost.sassenberg.de", "sassenberg"};
  content.feed.authority_name = "Stadt Sassenberg";
  content.feed.topics = {{"kultur", "Kultur", "Konzerte und Ausstellungen"}};
  for (int i = count; i >= 1; --i) {
    site::SitePost post;
    post.id = PostId(i);
    post.headline = "Beitrag " + std::to_string(i);
    post.caption = post.headline + "\nText mit #Kultur & <Sonderzeichen>";
    post.hashtags = {"#Kultur"};
    post.topic_id = "kultur";
    post.topic_name = "Kultur";
    post.published_at = *ParseIsoUtc("2026-01-01T10:00:00Z") + std::chrono::hours(24 * i);
    post.updated_at = post.published_at;
    content.feed.posts.push_back(post);
  }
  return content;
}

std::map<std::string, std::string> Render(const SiteContent& content, SiteLinks links) {
  static const Templates templates;
  std::map<std::string, std::string> files;
  for (SiteFile& file :
       RenderSite(content, templates,
                  {links,
                   std::chrono::year_month_day{std::chrono::year(2026), std::chrono::month(3),
                                               std::chrono::day(1)},
                   ""})) {
    files[file.path] = std::move(file.body);
  }
  return files;
}

TEST(SitePages, LongListsArePagedWithLinksAScreenReaderCanFollow) {
  const auto files = Render(ManyPosts(30), SiteLinks::kRooted);
  ASSERT_TRUE(files.count("/sassenberg/"));
  ASSERT_TRUE(files.count("/sassenberg/seite/2/"));
  ASSERT_TRUE(files.count("/sassenberg/seite/3/"));
  EXPECT_FALSE(files.count("/sassenberg/seite/4/"));
  const std::string& second = files.at("/sassenberg/seite/2/");
  EXPECT_THAT(second, HasSubstr("aria-label=\"Seiten der Beitragsliste\""));
  EXPECT_THAT(second, HasSubstr("<a href=\"/sassenberg/seite/2/\" aria-current=\"page\">"));
  EXPECT_THAT(second, HasSubstr("<a href=\"/sassenberg/\" rel=\"prev\">"));
  EXPECT_THAT(second, HasSubstr("<a href=\"/sassenberg/seite/3/\" rel=\"next\">"));
  EXPECT_THAT(second, HasSubstr("(Seite 2 von 3)"));
  // Newest first, twelve a page: page two starts with post 18.
  EXPECT_THAT(second, HasSubstr(">Beitrag 18<"));
  EXPECT_THAT(second, Not(HasSubstr(">Beitrag 19<")));
  EXPECT_THAT(files.at("/sassenberg/"), Not(HasSubstr("rel=\"prev\"")));
  // A topic page offers the topic's own feeds.
  EXPECT_THAT(
      files.at("/sassenberg/themen/kultur/"),
      HasSubstr("title=\"Beiträge zum Thema Kultur (RSS)\" "
                "href=\"https://civicpost.sassenberg.de/sassenberg/themen/kultur/feed.xml\""));
  EXPECT_TRUE(files.count("/sassenberg/themen/kultur/feed.xml"));
  // Topic and hashtag lists are paged the same way.
  EXPECT_TRUE(files.count("/sassenberg/themen/kultur/seite/3/"));
  EXPECT_TRUE(files.count("/sassenberg/hashtags/kultur/seite/3/"));
  // Text is escaped, never markup.
  EXPECT_THAT(files.at("/sassenberg/beitraege/7/"), HasSubstr("&amp; &lt;Sonderzeichen&gt;"));
  EXPECT_THAT(files.at("/sassenberg/beitraege/7/"),
              HasSubstr("<a href=\"/sassenberg/hashtags/kultur/\">#Kultur</a>"));
}

// Resolves `link` against the directory of `page`, as a browser does.
std::string Resolve(const std::string& page, const std::string& link) {
  std::vector<std::string> parts;
  std::string base = page.substr(0, page.rfind('/') + 1);
  std::string path = base + link;
  std::string out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (part != "." && !(part.empty() && end != path.size())) {
      parts.push_back(part);
    }
    start = end + 1;
  }
  for (const std::string& part : parts) out += "/" + part;
  if (path.ends_with("/") && !out.ends_with("/")) out += "/";
  return out.empty() ? "/" : out;
}

TEST(SitePages, RelativeLinksLeadFromEveryPageToAnotherPage) {
  const auto files = Render(ManyPosts(30), SiteLinks::kRelative);
  const std::regex link(R"re(href="([^"#]*)")re");
  int checked = 0;
  for (const auto& [path, body] : files) {
    if (!path.ends_with("/")) continue;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), link);
         it != std::sregex_iterator(); ++it) {
      const std::string target = (*it)[1];
      if (target.starts_with("http") || target.starts_with("mailto:") || target.empty()) continue;
      EXPECT_FALSE(target.starts_with("/")) << path << ": " << target;
      const std::string resolved = Resolve(path, target);
      if (resolved.starts_with("/static/")) continue;
      EXPECT_TRUE(files.count(resolved)) << path << ": " << target << " -> " << resolved;
      ++checked;
    }
  }
  EXPECT_GT(checked, 500);
}

}  // namespace
}  // namespace civicpost::web
