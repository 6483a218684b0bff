// The daily check of the Impressum link in the platform bio (§ 5 DDG),
// against a real HTTP server on loopback: redirects are followed up to
// five, loops and refusals fail, and only a change of state is audited.
#include "web/bio_link_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/demo.hpp"
#include "support/loopback_server.hpp"
#include "sys/curl_http_client.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Response RedirectTo(int status, const std::string& location) {
  Response response = Response::Text(status, "");
  response.headers.emplace_back("Location", location);
  return response;
}

// The authority's web server: what the bio may link to.
class LinkServer {
 public:
  LinkServer() {
    router_.Get("/impressum",
                [this](const Request&) { return Response::Text(status_.load(), "Impressum"); });
    router_.Get("/umzug", [](const Request&) { return RedirectTo(301, "/impressum"); });
    router_.Get("/a/b", [](const Request&) { return RedirectTo(302, "c"); });
    router_.Get("/a/c", [](const Request&) { return RedirectTo(308, "/impressum"); });
    router_.Get("/kreis/eins", [](const Request&) { return RedirectTo(302, "/kreis/zwei"); });
    router_.Get("/kreis/zwei", [](const Request&) { return RedirectTo(302, "/kreis/eins"); });
    router_.Get("/kette/{n}", [](const Request& r) {
      const int n = std::stoi(r.path_params.at("n"));
      return n == 0 ? Response::Text(200, "angekommen")
                    : RedirectTo(302, "/kette/" + std::to_string(n - 1));
    });
    router_.Get("/ohne-ziel", [](const Request&) { return Response::Text(302, ""); });
    server_ = std::make_unique<civicpost::testing::LoopbackServer>(router_, 2);
  }
  std::string Url(const std::string& path) const { return server_->Base() + path; }
  void SetStatus(int status) { status_ = status; }

 private:
  std::atomic<int> status_{200};
  Router router_;
  std::unique_ptr<civicpost::testing::LoopbackServer> server_;
};

TEST(BioLinkProbeTest, FollowsRedirectsAndFailsWhereAPersonWouldGetNoPage) {
  LinkServer site;
  sys::CurlHttpClient http;
  LinkProbe ok = ProbeLink(http, site.Url("/impressum"));
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.http_status, 200);

  site.SetStatus(404);
  LinkProbe missing = ProbeLink(http, site.Url("/impressum"));
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.http_status, 404);
  site.SetStatus(200);

  LinkProbe moved = ProbeLink(http, site.Url("/umzug"));
  EXPECT_TRUE(moved.ok);
  EXPECT_EQ(moved.redirects, 1);
  EXPECT_EQ(moved.final_url, site.Url("/impressum"));

  LinkProbe relative = ProbeLink(http, site.Url("/a/b"));
  EXPECT_TRUE(relative.ok);
  EXPECT_EQ(relative.redirects, 2);

  LinkProbe loop = ProbeLink(http, site.Url("/kreis/eins"));
  EXPECT_FALSE(loop.ok);
  EXPECT_EQ(loop.error, "redirect_loop");

  EXPECT_TRUE(ProbeLink(http, site.Url("/kette/5")).ok);  // five redirects are fine
  LinkProbe chain = ProbeLink(http, site.Url("/kette/6"));
  EXPECT_FALSE(chain.ok);
  EXPECT_EQ(chain.error, "too_many_redirects");

  EXPECT_EQ(ProbeLink(http, site.Url("/ohne-ziel")).error, "no_location");
  EXPECT_EQ(ProbeLink(http, "ftp://example.org/impressum").error, "bad_url");

  // Nothing listens on port 1 of loopback.
  LinkProbe refused = ProbeLink(http, "http://127.0.0.1:1/impressum");
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error, "unreachable");
  EXPECT_FALSE(refused.http_status);
}

TEST(BioLinkProbeTest, ResolvesLocationsLikeABrowser) {
  EXPECT_EQ(ResolveLocation("https://a.de/x/y?q=1", "z"), "https://a.de/x/z");
  EXPECT_EQ(ResolveLocation("https://a.de/x/y", "/z"), "https://a.de/z");
  EXPECT_EQ(ResolveLocation("https://a.de", "z"), "https://a.de/z");
  EXPECT_EQ(ResolveLocation("https://a.de/x", "//b.de/i"), "https://b.de/i");
  EXPECT_EQ(ResolveLocation("http://a.de/x", "HTTPS://b.de/i"), "HTTPS://b.de/i");
}

class BioLinkCheckTest : public StaffAppTest {
 protected:
  // The demo's concept with the bio linking to `url`.
  void LinkBioTo(const std::string& url) {
    std::string text = app::DemoConceptText();
    const std::string original = "https://www.sassenberg.de/impressum";
    const size_t at = text.find("bio_link = \"" + original + "\"");
    ASSERT_NE(at, std::string::npos);
    text.replace(at + 12, original.size(), url);
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    org_ = (*org)->id;
    auto version = store::InTransaction(*db_, [&](store::Transaction& tx) {
      return repos_.organizations.RecordConcept(tx, Actor::Cli(), org_, "concept.toml", text);
    });
    ASSERT_TRUE(version) << version.error().message;
  }

  int AuditEntries() {
    store::AuditFilter filter;
    filter.action_prefix = "impressum.bio_link";
    auto entries = repos_.audit.Find(*db_, filter);
    EXPECT_TRUE(entries);
    return entries ? static_cast<int>(entries->size()) : -1;
  }

  OrganizationId org_;
};

TEST_F(BioLinkCheckTest, AFailingLinkIsShownOnTheDashboardAndAuditedOncePerChange) {
  LinkServer site;
  sys::CurlHttpClient http;
  LinkBioTo(site.Url("/umzug"));
  BioLinkCheck check(*db_, repos_, clock_, http);

  auto first = check.Run(Actor::System());
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->links.size(), 1u);
  EXPECT_TRUE(first->all_ok());
  EXPECT_EQ(AuditEntries(), 1);
  Browser admin = PersonWith("it-leitung", {Role::kAdmin});
  EXPECT_THAT(Get(admin, "/app/").body, Not(HasSubstr("antwortet nicht")));

  site.SetStatus(404);
  clock_.Advance(std::chrono::hours(24));
  auto failing = check.Run(Actor::System());
  ASSERT_TRUE(failing);
  EXPECT_FALSE(failing->all_ok());
  EXPECT_TRUE(failing->links[0].changed);
  EXPECT_THAT(FormatBioLinkReport(*failing), HasSubstr("HTTP 404"));
  EXPECT_EQ(AuditEntries(), 2);

  // The next day it still fails: no new audit entry, the same "since".
  clock_.Advance(std::chrono::hours(24));
  auto still = check.Run(Actor::System());
  ASSERT_TRUE(still);
  EXPECT_FALSE(still->links[0].changed);
  EXPECT_EQ(AuditEntries(), 2);
  Browser editor = PersonWith("redakteurin", {Role::kEditor});
  const std::string dashboard = Get(editor, "/app/").body;
  EXPECT_THAT(dashboard,
              HasSubstr("Der Link in der Instagram-Bio (" + site.Url("/umzug") +
                        ") antwortet nicht (HTTP 404) seit Donnerstag, 26. November 2026"));

  site.SetStatus(200);
  auto back = check.Run(Actor::System());
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->all_ok());
  EXPECT_EQ(AuditEntries(), 3);
  EXPECT_THAT(Get(editor, "/app/").body, Not(HasSubstr("antwortet nicht")));
}

}  // namespace
}  // namespace civicpost::web
