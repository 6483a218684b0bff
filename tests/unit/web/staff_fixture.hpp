#pragma once
// The staff app in-process over a real, migrated SQLite database holding the
// demo authority: requests go through the same Router the server uses, only
// without a socket. Time is a ManualClock so timeouts can be walked through.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "core/password.hpp"
#include "core/percent_encoding.hpp"
#include "core/time_format.hpp"
#include "store/migrations.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "web/concept_cache.hpp"
#include "web/form.hpp"
#include "web/i18n.hpp"
#include "web/router.hpp"
#include "web/staff_app.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

// A browser's cookie jar and the last page's CSRF token, for one person.
struct Browser {
  std::map<std::string, std::string> cookies;
  std::string csrf;
  std::string remote_address = "192.0.2.10";
};

class StaffAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-staff-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::SqliteDatabase::Open(dir_ / "civicpost.db", store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    auto migrated = store::Migrate(*db_, clock_);
    ASSERT_TRUE(migrated) << migrated.error().message;
    auto logins = app::LoadDemo(*db_, repos_, clock_, dir_);
    ASSERT_TRUE(logins) << logins.error().message;
    for (const app::DemoLogin& login : *logins) passwords_[login.email] = login.password;
    concepts_ = std::make_unique<ConceptCache>(*db_, repos_);
    app_ =
        std::make_unique<StaffApp>(*db_, repos_, templates_, catalogue_, *concepts_, clock_, dir_);
    app_->Register(router_);
  }
  void TearDown() override {
    app_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A spooled body (an upload) comes as `body_file` with its `content_type`.
  Response Send(Browser& browser, const std::string& method, const std::string& target,
                const std::string& body = "", const std::string& content_type = "",
                const std::filesystem::path& body_file = {}) {
    Request request;
    request.method = method;
    EXPECT_TRUE(ParseRequestTarget(target, &request).ok()) << target;
    request.body = body;
    request.body_file = body_file;
    if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
    request.remote_address = browser.remote_address;
    request.headers.emplace_back("Host", "127.0.0.1:8080");
    std::string cookie;
    for (const auto& [name, value] : browser.cookies) {
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    }
    if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    Response response = router_.Dispatch(std::move(request)).response;
    for (const auto& [name, value] : response.headers) {
      if (name != "Set-Cookie") continue;
      const size_t equals = value.find('=');
      const size_t end = value.find(';');
      const std::string cookie_name = value.substr(0, equals);
      const std::string cookie_value = value.substr(equals + 1, end - equals - 1);
      if (value.find("Max-Age=0") != std::string::npos) {
        browser.cookies.erase(cookie_name);
      } else {
        browser.cookies[cookie_name] = cookie_value;
      }
    }
    static const std::regex kCsrf(R"re(name="csrf" value="([^"]+)")re");
    std::smatch match;
    if (std::regex_search(response.body, match, kCsrf)) browser.csrf = match[1];
    return response;
  }

  Response Get(Browser& browser, const std::string& target) { return Send(browser, "GET", target); }

  // Posts a form with the browser's CSRF token unless `fields` names one.
  Response PostForm(Browser& browser, const std::string& target,
                    std::vector<std::pair<std::string, std::string>> fields = {}) {
    bool has_csrf = false;
    for (const auto& field : fields) has_csrf |= field.first == "csrf";
    if (!has_csrf) fields.emplace_back("csrf", browser.csrf);
    return Send(browser, "POST", target, Encode(fields));
  }

  static std::string Encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
      if (!out.empty()) out += "&";
      out += Escape(name) + "=" + Escape(value);
    }
    return out;
  }

  static std::string Escape(const std::string& text) { return PercentEncode(text); }

  static std::string Location(const Response& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "Location") return value;
    }
    return "";
  }

  // Signs in; the browser then holds the session cookie.
  Browser SignIn(const std::string& email, std::string password = "") {
    Browser browser;
    if (password.empty()) password = passwords_.at(email);
    Get(browser, "/app/login");
    Response response = PostForm(browser, "/app/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(response.status, 303) << email << ": " << response.body;
    Get(browser, "/app/");  // picks up the session's CSRF token
    return browser;
  }

  // A person of the demo authority with exactly these roles.
  Browser PersonWith(const std::string& name, std::set<Role> roles) {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    EXPECT_TRUE(org && *org);
    const std::string email = name + "@sassenberg.example";
    const std::string password = "ein langes Testpasswort " + name;
    auto hash = HashPassword(password);
    EXPECT_TRUE(hash);
    User user{{}, (*org)->id, email, name, *hash, std::move(roles), false, {}, "de"};
    auto id = store::InTransaction(
        *db_, [&](store::Transaction& tx) { return repos_.users.Create(tx, Actor::Cli(), user); });
    EXPECT_TRUE(id) << id.error().message;
    passwords_[email] = password;
    return SignIn(email);
  }

  // The id of the demo's draft (the one post the editors are still working on).
  PostId DemoDraft() {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto posts = repos_.posts.ListByOrganization(*db_, (*org)->id);
    for (const Post& post : *posts) {
      if (post.state == PostState::kDraft) return post.id;
    }
    ADD_FAILURE() << "the demo has no draft";
    return PostId();
  }

  Result<Post> LoadPost(PostId id) { return repos_.posts.Get(*db_, id); }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  store::Repositories repos_{clock_};
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteDatabase> db_;
  Templates templates_;
  Catalogue catalogue_;
  std::unique_ptr<ConceptCache> concepts_;
  std::unique_ptr<StaffApp> app_;
  Router router_;
  std::map<std::string, std::string> passwords_;
};

}  // namespace civicpost::web
