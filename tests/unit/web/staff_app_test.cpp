// The staff app end to end in-process: sign-in, sessions, CSRF, roles on
// every route, and the four-eyes workflow as the two staff members use it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/password.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;

TEST_F(StaffAppTest, WrongPasswordIsRefusedWithAClearMessage) {
  Browser browser;
  Get(browser, "/app/login");
  Response response = PostForm(browser, "/app/login",
                               {{"email", "redaktion@sassenberg.example"}, {"password", "falsch"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(response.body, HasSubstr("E-Mail-Adresse oder Passwort ist falsch"));
  EXPECT_FALSE(browser.cookies.contains(std::string(kSessionCookie)));
  EXPECT_EQ(Location(Get(browser, "/app/")), "/app/login?next=/app/");
}

TEST_F(StaffAppTest, SignInSetsAHardenedSessionCookieAndShowsTheDashboard) {
  Browser browser;
  Get(browser, "/app/login");
  Response login = PostForm(browser, "/app/login",
                            {{"email", "Redaktion@Sassenberg.example"},
                             {"password", passwords_.at("redaktion@sassenberg.example")}});
  ASSERT_EQ(login.status, 303);
  std::string cookie;
  for (const auto& [name, value] : login.headers) {
    if (name == "Set-Cookie" && value.starts_with(kSessionCookie)) cookie = value;
  }
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
  // 256 random bits in base64url: 43 characters.
  EXPECT_EQ(browser.cookies.at(std::string(kSessionCookie)).size(), 43u);
  Response dashboard = Get(browser, "/app/");
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_THAT(dashboard.body, HasSubstr("<h1>Übersicht</h1>"));
}

TEST_F(StaffAppTest, SessionCookieIsSecureBehindATlsProxy) {
  Browser browser;
  Get(browser, "/app/login");
  Request request;
  request.method = "POST";
  ASSERT_TRUE(ParseRequestTarget("/app/login", &request).ok());
  request.headers = {
      {"Host", "social.sassenberg.de"},
      {"X-Forwarded-Proto", "https"},
      {"Cookie", std::string(kLoginCookie) + "=" + browser.cookies.at(std::string(kLoginCookie))}};
  request.body = Encode({{"csrf", browser.csrf},
                         {"email", "freigabe@sassenberg.example"},
                         {"password", passwords_.at("freigabe@sassenberg.example")}});
  Response response = router_.Dispatch(request).response;
  ASSERT_EQ(response.status, 303);
  bool secure = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Set-Cookie" && value.starts_with(kSessionCookie)) {
      secure = value.find("; Secure") != std::string::npos;
    }
  }
  EXPECT_TRUE(secure);
}

TEST_F(StaffAppTest, EachLoginGetsANewSessionId) {
  Browser browser = SignIn("freigabe@sassenberg.example");
  const std::string first = browser.cookies.at(std::string(kSessionCookie));
  Get(browser, "/app/login");
  ASSERT_EQ(PostForm(browser, "/app/login",
                     {{"email", "freigabe@sassenberg.example"},
                      {"password", passwords_.at("freigabe@sassenberg.example")}})
                .status,
            303);
  const std::string second = browser.cookies.at(std::string(kSessionCookie));
  EXPECT_NE(first, second);
  // The old id is dead: someone who planted or copied it gets nothing.
  Browser stale;
  stale.cookies[std::string(kSessionCookie)] = first;
  EXPECT_EQ(Get(stale, "/app/").status, 303);
}

TEST_F(StaffAppTest, RepeatedFailuresThrottleTheAccountEvenWithTheRightPassword) {
  Browser browser;
  for (int i = 0; i < 5; ++i) {
    Get(browser, "/app/login");
    EXPECT_EQ(PostForm(browser, "/app/login",
                       {{"email", "redaktion@sassenberg.example"},
                        {"password", "falsch " + std::to_string(i)}})
                  .status,
              401);
  }
  Get(browser, "/app/login");
  Response throttled = PostForm(browser, "/app/login",
                                {{"email", "redaktion@sassenberg.example"},
                                 {"password", passwords_.at("redaktion@sassenberg.example")}});
  EXPECT_EQ(throttled.status, 429);
  EXPECT_THAT(throttled.body, HasSubstr("Zu viele fehlgeschlagene Anmeldeversuche"));
  // Another account from another address is not affected.
  Browser other;
  other.remote_address = "192.0.2.99";
  SignIn("freigabe@sassenberg.example");
  // After the window the account can sign in again.
  clock_.Advance(std::chrono::minutes(16));
  Browser later = SignIn("redaktion@sassenberg.example");
  EXPECT_EQ(Get(later, "/app/").status, 200);
}

TEST_F(StaffAppTest, SessionsEndAfterIdleAndAbsoluteTimeouts) {
  Browser browser = SignIn("redaktion@sassenberg.example");
  clock_.Advance(std::chrono::minutes(59));
  EXPECT_EQ(Get(browser, "/app/").status, 200);
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(Get(browser, "/app/").status, 303) << "idle for 61 minutes";

  Browser busy = SignIn("redaktion@sassenberg.example");
  for (int step = 1; step <= 12; ++step) {  // 12 x 59 minutes: 11 h 48 min
    clock_.Advance(std::chrono::minutes(59));
    ASSERT_EQ(Get(busy, "/app/").status, 200) << "after " << step * 59 << " busy minutes";
  }
  clock_.Advance(std::chrono::minutes(13));
  EXPECT_EQ(Get(busy, "/app/").status, 303) << "12 h 1 min after sign-in";
}

TEST_F(StaffAppTest, LogoutEverywhereEndsEverySessionOfThePerson) {
  Browser office = SignIn("redaktion@sassenberg.example");
  Browser phone = SignIn("redaktion@sassenberg.example");
  Browser colleague = SignIn("freigabe@sassenberg.example");
  EXPECT_EQ(PostForm(phone, "/app/logout-everywhere").status, 303);
  EXPECT_EQ(Get(office, "/app/").status, 303);
  EXPECT_EQ(Get(phone, "/app/").status, 303);
  EXPECT_EQ(Get(colleague, "/app/").status, 200);
}

TEST_F(StaffAppTest, FormsWithoutTheRightCsrfTokenAreRefused) {
  Browser browser = SignIn("redaktion@sassenberg.example");
  const std::string submit = "/app/posts/" + DemoDraft().ToString() + "/submit";
  Response missing = Send(browser, "POST", submit, "");
  EXPECT_EQ(missing.status, 403);
  EXPECT_THAT(missing.body, HasSubstr("Sicherheitsprüfung"));
  Response wrong = PostForm(browser, submit, {{"csrf", "nicht-das-token"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(LoadPost(DemoDraft())->state, PostState::kDraft);

  // The login form has its own token: a login from another site is refused.
  Browser stranger;
  Response forged = PostForm(stranger, "/app/login",
                             {{"csrf", "x"},
                              {"email", "redaktion@sassenberg.example"},
                              {"password", passwords_.at("redaktion@sassenberg.example")}});
  EXPECT_EQ(forged.status, 403);
}

TEST_F(StaffAppTest, AForeignOriginIsRefusedEvenWithAToken) {
  Browser browser = SignIn("redaktion@sassenberg.example");
  Request request;
  request.method = "POST";
  ASSERT_TRUE(
      ParseRequestTarget("/app/posts/" + DemoDraft().ToString() + "/submit", &request).ok());
  request.headers = {{"Host", "127.0.0.1:8080"},
                     {"Origin", "https://evil.example"},
                     {"Cookie", std::string(kSessionCookie) + "=" +
                                    browser.cookies.at(std::string(kSessionCookie))}};
  request.body = Encode({{"csrf", browser.csrf}});
  EXPECT_EQ(router_.Dispatch(request).response.status, 403);
}

// Who may use which route. Written out here, independently of the app's own
// table, so that a route added or a role changed has to be decided twice.
struct RouteRule {
  std::string method;
  std::string pattern;
  std::set<Role> roles;  // empty: everyone signed in
};

std::vector<RouteRule> ExpectedRoutes() {
  const std::set<Role> all{};
  const std::set<Role> editor{Role::kEditor};
  const std::set<Role> approver{Role::kApprover};
  const std::set<Role> newsroom{Role::kEditor, Role::kApprover};
  return {
      {"GET", "/app/", all},
      {"POST", "/app/logout", all},
      {"POST", "/app/logout-everywhere", all},
      {"GET", "/app/account", all},
      {"POST", "/app/account", all},
      {"POST", "/app/account/password", all},
      {"GET", "/app/posts", newsroom},
      {"GET", "/app/posts/new", editor},
      {"POST", "/app/posts", editor},
      {"GET", "/app/posts/{id}", newsroom},
      {"GET", "/app/posts/{id}/edit", editor},
      {"POST", "/app/posts/{id}", editor},
      {"POST", "/app/posts/{id}/submit", editor},
      {"POST", "/app/posts/{id}/approve", approver},
      {"POST", "/app/posts/{id}/return", approver},
      {"POST", "/app/posts/{id}/schedule", editor},
      {"POST", "/app/posts/{id}/unschedule", editor},
      {"POST", "/app/posts/{id}/withdraw", newsroom},
      {"GET", "/app/media", newsroom},
      {"POST", "/app/media", editor},
      {"GET", "/app/media/{id}", newsroom},
      {"GET", "/app/media/{id}/rights", newsroom},
      {"POST", "/app/media/{id}/rights", editor},
      {"POST", "/app/media/{id}/people", editor},
      {"POST", "/app/media/{id}/people/{person}/withdraw", editor},
      {"POST", "/app/takedowns/{id}/done", editor},
      {"GET", "/app/inbox", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"POST", "/app/inbox/bulk", {Role::kModerator, Role::kAdmin}},
      {"GET", "/app/inbox/{id}", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"POST", "/app/inbox/{id}/decide", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/answer", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/review", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/notice", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/holds", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/holds/{hold}/release", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/reports", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/reports/{report}/outcome", {Role::kModerator, Role::kAdmin}},
      {"POST", "/app/inbox/{id}/comments-switch", {Role::kModerator, Role::kAdmin}},
      {"GET", "/app/inbox/{id}/evidence/{file}", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"GET", "/app/reports/moderation", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"GET", "/app/reports/moderation.csv", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"GET", "/app/feedback", {Role::kModerator, Role::kAdmin, Role::kDpo}},
      {"POST", "/app/feedback/{id}/answered", {Role::kModerator, Role::kAdmin}},
      {"GET", "/app/calendar", {Role::kEditor, Role::kApprover, Role::kModerator}},
      {"GET", "/app/documents", all},
      {"GET", "/app/documents/{name}", all},
      {"GET", "/app/audit", {Role::kDpo, Role::kAdmin}},
      {"GET", "/app/channels", all},
      {"POST", "/app/channels/{key}/connect", {Role::kAdmin}},
      {"GET", "/app/channels/instagram/callback", {Role::kAdmin}},
      {"GET", "/app/users", {Role::kAdmin}},
      {"POST", "/app/users", {Role::kAdmin}},
      {"POST", "/app/users/{id}", {Role::kAdmin}},
  };
}

TEST_F(StaffAppTest, TheAppDeclaresExactlyTheExpectedRoutesAndRoles) {
  const std::vector<RouteRule> expected = ExpectedRoutes();
  ASSERT_EQ(app_->routes().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(app_->routes()[i].method, expected[i].method) << i;
    EXPECT_EQ(app_->routes()[i].pattern, expected[i].pattern) << i;
    EXPECT_EQ(app_->routes()[i].roles, expected[i].roles) << expected[i].pattern;
  }
}

TEST_F(StaffAppTest, EveryRouteWithEveryRoleIsAllowedOrForbiddenAsDeclared) {
  const std::string post = DemoDraft().ToString();
  for (const auto& [role, name] : kRoleNames.entries) {
    Browser browser = PersonWith(std::string("nur-") + std::string(name), {role});
    auto me = repos_.users.FindByEmail(*db_, "nur-" + std::string(name) + "@sassenberg.example");
    ASSERT_TRUE(me && *me);
    for (const RouteRule& rule : ExpectedRoutes()) {
      if (rule.pattern == "/app/logout" || rule.pattern == "/app/logout-everywhere") continue;
      std::string target = rule.pattern;
      if (auto at = target.find("{name}"); at != std::string::npos)
        target.replace(at, 6, "netiquette");
      if (auto at = target.find("{person}"); at != std::string::npos) target.replace(at, 8, "1");
      if (auto at = target.find("{id}"); at != std::string::npos) {
        const bool user_route = target.starts_with("/app/users/");
        target.replace(at, 4, user_route ? (*me)->id.ToString() : post);
      }
      const bool allowed = rule.roles.empty() || rule.roles.contains(role);
      Response response = rule.method == "GET" ? Get(browser, target) : PostForm(browser, target);
      const std::string what = rule.method + " " + target + " as " + std::string(name);
      if (allowed) {
        EXPECT_NE(response.status, 403) << what << ": " << response.body.substr(0, 300);
        EXPECT_NE(response.status, 401) << what;
      } else {
        EXPECT_EQ(response.status, 403) << what;
        EXPECT_THAT(response.body, HasSubstr("Keine Berechtigung")) << what;
      }
    }
  }
}

TEST_F(StaffAppTest, SignedOutVisitorsAreSentToTheLoginPage) {
  Browser nobody;
  for (const RouteRule& rule : ExpectedRoutes()) {
    std::string target = rule.pattern;
    if (auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, "1");
    Response response = rule.method == "GET" ? Get(nobody, target) : PostForm(nobody, target);
    if (rule.method == "GET") {
      EXPECT_EQ(response.status, 303) << target;
      EXPECT_EQ(Location(response), "/app/login?next=" + target);
    } else {
      EXPECT_EQ(response.status, 401) << target;
    }
  }
}

}  // namespace
}  // namespace civicpost::web
