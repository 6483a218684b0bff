// The public mirror as a citizen and a feed reader meet it: pages per post
// with their images and hashtags, withdrawals gone from every page at once,
// 304s for what a browser already has, compressed text, and a static export
// whose links all lead somewhere.
#include "web/public_site.hpp"

#include <brotli/decode.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/time_format.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kBase = "https://civicpost.sassenberg.de";

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(data.size() * 20 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

std::string Unbrotli(const std::string& data) {
  std::string out(data.size() * 40 + 4096, '\0');
  size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()),
                                    &size, reinterpret_cast<uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

class PublicSiteTest : public StaffAppTest {
 protected:
  void SetUp() override {
    StaffAppTest::SetUp();
    // Asked on every request, so a change shows in the very next answer.
    site_ = std::make_unique<PublicSite>(*db_, repos_, templates_, dir_, clock_, std::nullopt,
                                         PublicSiteSettings{kBase, std::chrono::milliseconds(0)});
    site_->Register(public_router_);
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    org_ = (*org)->id;
    auto posts = repos_.posts.ListOnWebsite(*db_, org_);
    ASSERT_TRUE(posts && !posts->empty());
    posts_ = *posts;
  }

  Response Fetch(const std::string& target,
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = "GET";
    EXPECT_TRUE(ParseRequestTarget(target, &request).ok());
    request.headers = std::move(headers);
    return public_router_.Dispatch(std::move(request)).response;
  }

  void Withdraw(PostId id) {
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return repos_.posts.UpdateState(tx, Actor::Cli(), id, PostState::kWithdrawn);
                }).ok());
  }

  static std::string PostPath(PostId id) { return "/sassenberg/beitraege/" + id.ToString() + "/"; }

  Router public_router_;
  std::unique_ptr<PublicSite> site_;
  OrganizationId org_;
  std::vector<store::WebsitePost> posts_;
};

TEST_F(PublicSiteTest, EveryPostHasAPageWithImagesHashtagsAndItsEvent) {
  int with_hashtags = 0;
  for (const store::WebsitePost& on_site : posts_) {
    const Post& post = on_site.post;
    Response page = Fetch(PostPath(post.id));
    ASSERT_EQ(page.status, 200) << PostPath(post.id);
    EXPECT_THAT(page.body, HasSubstr("<html lang=\"de\">"));
    EXPECT_THAT(page.body, HasSubstr("<link rel=\"canonical\" href=\"" + std::string(kBase) +
                                     PostPath(post.id) + "\">"));
    for (const PostMedia& used : post.media) {
      EXPECT_THAT(page.body, HasSubstr("alt=\"" + kainjow::mustache::html_escape(used.alt_text)));
    }
    if (post.event) {
      EXPECT_THAT(page.body, HasSubstr("Termin: "));
    }
    const std::regex hashtag_link(R"re(<a href="(/sassenberg/hashtags/[^"]+/)">#)re");
    std::smatch match;
    if (std::regex_search(page.body, match, hashtag_link)) {
      ++with_hashtags;
      Response tag_page = Fetch(match[1]);
      ASSERT_EQ(tag_page.status, 200) << match[1];
      EXPECT_THAT(tag_page.body, HasSubstr("href=\"" + PostPath(post.id) + "\""));
    }
  }
  EXPECT_GT(with_hashtags, 0) << "the demo's captions carry hashtags";
}

TEST_F(PublicSiteTest, AWithdrawnPostLeavesEveryPageAndFeedAtOnce) {
  const Post& post = posts_.front().post;
  const std::string permalink = std::string(kBase) + PostPath(post.id);
  ASSERT_EQ(Fetch(PostPath(post.id)).status, 200);
  ASSERT_THAT(Fetch("/sassenberg/feed.xml").body, HasSubstr(permalink));
  ASSERT_THAT(Fetch("/sassenberg/").body, HasSubstr("href=\"" + PostPath(post.id) + "\""));
  const std::string media = "/media/" + post.media.front().media_id.ToString();
  ASSERT_EQ(Fetch(media).status, 200);

  Withdraw(post.id);  // what a withdrawn consent does to the post

  Response gone = Fetch(PostPath(post.id));
  EXPECT_EQ(gone.status, 404);
  EXPECT_THAT(gone.body, HasSubstr("zurückgezogen"));
  EXPECT_THAT(Fetch("/sassenberg/").body, Not(HasSubstr("href=\"" + PostPath(post.id) + "\"")));
  for (const char* feed : {"/sassenberg/feed.xml", "/sassenberg/atom.xml", "/sassenberg/feed.json",
                           "/sassenberg/termine.ics"}) {
    EXPECT_THAT(Fetch(feed).body, Not(HasSubstr(permalink))) << feed;
  }
  EXPECT_EQ(Fetch(media).status, 404);
}

TEST_F(PublicSiteTest, ABrowserThatHasThePageGetsA304UntilItChanges) {
  Response home = Fetch("/sassenberg/");
  Response impressum = Fetch("/sassenberg/impressum/");
  const std::string etag = HeaderOf(home, "ETag");
  const std::string modified = HeaderOf(home, "Last-Modified");
  ASSERT_FALSE(etag.empty());
  EXPECT_THAT(modified, HasSubstr(" GMT"));
  EXPECT_EQ(HeaderOf(home, "Cache-Control"), "public, no-cache");

  Response again = Fetch("/sassenberg/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Fetch("/sassenberg/", {{"If-None-Match", "W/" + etag}}).status, 304);
  EXPECT_EQ(Fetch("/sassenberg/", {{"If-Modified-Since", modified}}).status, 304);
  EXPECT_EQ(Fetch("/sassenberg/", {{"If-None-Match", "\"something-else\""}}).status, 200);

  clock_.Advance(std::chrono::minutes(5));
  Withdraw(posts_.front().post.id);
  Response changed = Fetch("/sassenberg/", {{"If-None-Match", etag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(HeaderOf(changed, "ETag"), etag);
  EXPECT_NE(HeaderOf(changed, "Last-Modified"), modified);
  // A page the change did not touch keeps its validators.
  Response same = Fetch("/sassenberg/impressum/");
  EXPECT_EQ(HeaderOf(same, "ETag"), HeaderOf(impressum, "ETag"));
  EXPECT_EQ(HeaderOf(same, "Last-Modified"), HeaderOf(impressum, "Last-Modified"));
}

TEST_F(PublicSiteTest, TextGoesOutCompressedAsTheClientAccepts) {
  const std::string plain = Fetch("/sassenberg/").body;
  Response br = Fetch("/sassenberg/", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(br, "Vary"), "Accept-Encoding");
  EXPECT_LT(br.body.size(), plain.size() / 2);
  EXPECT_EQ(Unbrotli(br.body), plain);

  Response gzip = Fetch("/sassenberg/feed.xml", {{"Accept-Encoding", "br;q=0, gzip"}});
  EXPECT_EQ(HeaderOf(gzip, "Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(gzip.body), Fetch("/sassenberg/feed.xml").body);

  Response identity = Fetch("/sassenberg/", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(HeaderOf(identity, "Content-Encoding"), "");
  EXPECT_EQ(identity.body, plain);
}

TEST_F(PublicSiteTest, TheDocumentsImpressumAndAccessibilityStatementComeFromTheConcept) {
  Response impressum = Fetch("/sassenberg/impressum/");
  ASSERT_EQ(impressum.status, 200);
  EXPECT_THAT(impressum.body, HasSubstr("§ 5 Digitale-Dienste-Gesetz"));
  EXPECT_THAT(impressum.body, HasSubstr("Schürenstraße 17"));
  EXPECT_THAT(impressum.body, HasSubstr("Instagram-Account @stadt_sassenberg"));
  Response statement = Fetch("/sassenberg/barrierefreiheit/");
  ASSERT_EQ(statement.status, 200);
  EXPECT_THAT(statement.body, HasSubstr("teilweise vereinbar"));
  EXPECT_THAT(statement.body, HasSubstr("innerhalb von 30 Tagen"));
  EXPECT_THAT(statement.body, HasSubstr("href=\"/sassenberg/barrierefreiheit/rueckmeldung/\""));
  EXPECT_THAT(statement.body, HasSubstr("Leichter Sprache"));  // a known barrier
  for (const char* document :
       {"/sassenberg/nutzungskonzept/", "/sassenberg/netiquette/", "/sassenberg/datenschutz/"}) {
    Response page = Fetch(document);
    ASSERT_EQ(page.status, 200) << document;
    EXPECT_THAT(page.body, Not(HasSubstr("<style")));  // the strict policy allows none
    EXPECT_THAT(page.body, HasSubstr("Konzeptversion"));
  }
}

// What Debian's feedparser or icalendar understood of `body`.
nlohmann::json ReadWithClient(const std::string& kind, const std::string& body,
                              const std::filesystem::path& scratch) {
  std::ofstream(scratch, std::ios::binary) << body;
  const std::string command = "/usr/bin/python3 " + std::string(CIVICPOST_SOURCE_DIR) +
                              "/tests/unit/site/read_feed.py " + kind + " " + scratch.string();
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  const int status = pipe ? ::pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << command;
  return nlohmann::json::parse(out, nullptr, false);
}

// A subscriber's client reads the served feeds and calendar and finds the
// posts the site shows, with their permalinks and events.
TEST_F(PublicSiteTest, FeedReadersAndCalendarsFindThePostsOfTheSite) {
  for (const auto& [path, kind] :
       {std::pair{"/sassenberg/feed.xml", "feed"}, std::pair{"/sassenberg/atom.xml", "feed"},
        std::pair{"/sassenberg/feed.json", "jsonfeed"}}) {
    Response feed = Fetch(path);
    ASSERT_EQ(feed.status, 200) << path;
    const nlohmann::json read = ReadWithClient(kind, feed.body, dir_ / "feed");
    ASSERT_TRUE(read.is_object()) << path;
    EXPECT_EQ(read["bozo"], 0) << path << ": " << read["bozo_exception"];
    ASSERT_EQ(read["entries"].size(), posts_.size()) << path;
    for (size_t i = 0; i < posts_.size(); ++i) {
      const nlohmann::json& entry = read["entries"][i];
      EXPECT_EQ(entry["link"], std::string(kBase) + PostPath(posts_[i].post.id)) << path;
      const std::string caption = posts_[i].post.caption;
      EXPECT_EQ(entry["title"], caption.substr(0, caption.find('\n'))) << path;
    }
  }
  size_t events = 0;
  for (const store::WebsitePost& on_site : posts_) events += on_site.post.event ? 1 : 0;
  ASSERT_GT(events, 0u) << "the demo announces events";
  const nlohmann::json calendar =
      ReadWithClient("ical", Fetch("/sassenberg/termine.ics").body, dir_ / "termine.ics");
  ASSERT_EQ(calendar["events"].size(), events);
  for (const store::WebsitePost& on_site : posts_) {
    if (!on_site.post.event) continue;
    bool found = false;
    for (const nlohmann::json& event : calendar["events"]) {
      if (event["url"] != std::string(kBase) + PostPath(on_site.post.id)) continue;
      found = true;
      EXPECT_EQ(event["summary"], on_site.post.event->title);
      EXPECT_EQ(event["dtstart"]["utc"], FormatIsoUtc(on_site.post.event->starts_at));
      EXPECT_EQ(event["dtstart"]["zone"], "Europe/Berlin");
    }
    EXPECT_TRUE(found) << on_site.post.event->title;
  }
}

// Every link in the export leads to a file in it: a web team can copy the
// directory anywhere.
TEST_F(PublicSiteTest, TheStaticExportsLinksAllLeadToItsOwnFiles) {
  const std::filesystem::path out = dir_ / "export";
  auto written = site_->ExportTo(out);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(std::filesystem::exists(out / "sassenberg" / "index.html"));
  EXPECT_TRUE(std::filesystem::exists(out / "sassenberg" / "feed.xml"));
  EXPECT_TRUE(std::filesystem::exists(out / "sassenberg" / "termine.ics"));
  EXPECT_TRUE(std::filesystem::exists(out / "static" / "style.css"));
  const std::regex link(R"re((?:href|src)="([^"]*)")re");
  const std::regex srcset(R"re(srcset="([^"]*)")re");
  int pages = 0;
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(out)) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    std::ifstream in(entry.path());
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> targets;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link);
         it != std::sregex_iterator(); ++it) {
      targets.push_back((*it)[1]);
    }
    for (auto it = std::sregex_iterator(html.begin(), html.end(), srcset);
         it != std::sregex_iterator(); ++it) {
      std::stringstream list((*it)[1].str());
      std::string item;
      while (std::getline(list, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        targets.push_back(item.substr(0, item.find(' ')));
      }
    }
    for (std::string target : targets) {
      if (target.starts_with("http") || target.starts_with("mailto:") ||
          target.starts_with("tel:") || target.starts_with("#")) {
        continue;
      }
      EXPECT_FALSE(target.starts_with("/")) << entry.path() << ": " << target;
      // Percent-encoded segments name the file's own bytes.
      std::string decoded;
      for (size_t i = 0; i < target.size(); ++i) {
        if (target[i] == '%' && i + 2 < target.size()) {
          decoded += static_cast<char>(std::stoi(target.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          decoded += target[i];
        }
      }
      std::filesystem::path file = entry.path().parent_path() / decoded;
      if (decoded.ends_with("/") || decoded == "." || decoded == "./") file /= "index.html";
      EXPECT_TRUE(std::filesystem::exists(file)) << entry.path() << ": " << target;
      ++checked;
    }
  }
  EXPECT_GT(pages, 15);
  EXPECT_GT(checked, 200);
}

}  // namespace
}  // namespace civicpost::web
