// Connecting the Instagram channel from the staff app by signing in
// (Business Login, spec 1.2), against the Graph API sandbox on loopback:
// the administrator is sent to the sandbox's authorize page, allows or
// denies, and comes back; the code becomes a sealed long-lived token.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "channels/instagram/graph_client.hpp"
#include "sandbox/graph_sandbox.hpp"
#include "support/loopback_server.hpp"
#include "sys/curl_http_client.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kAdmin = "admin@sassenberg.example";

class StaffChannelsTest : public StaffAppTest {
 protected:
  void SetUp() override {
    StaffAppTest::SetUp();
    graph_ = std::make_unique<sandbox::GraphSandbox>(sandbox::SandboxOptions{}, http_, clock_);
    graph_->Register(graph_router_);
    graph_server_ = std::make_unique<civicpost::testing::LoopbackServer>(graph_router_);
    login_.app_id = "SANDBOX-APP-ID";
    login_.app_secret = "SANDBOX-APP-SECRET";
    login_.authorize_url = graph_server_->Base() + "/oauth/authorize";
    login_.token_url = graph_server_->Base() + "/oauth/access_token";
    login_.api_base_url = graph_server_->Base();
    app_->EnableInstagramLogin({login_, "https://social.sassenberg.de", &http_, &*secrets_});
  }
  void TearDown() override {
    graph_server_.reset();
    StaffAppTest::TearDown();
  }

  Channel Instagram() {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto channels = repos_.channels.ListByOrganization(*db_, (*org)->id);
    for (const Channel& channel : *channels) {
      if (channel.platform == ChannelPlatform::kInstagram) return channel;
    }
    ADD_FAILURE() << "the demo has no Instagram channel";
    return {};
  }
  ChannelConnection Connection() { return *repos_.channels.GetConnection(*db_, Instagram().id); }

  // What the browser does at the platform: opens the authorize address
  // civicpost sent it to, then presses a button. Returns where the platform
  // sends it back to.
  std::string AtThePlatform(const std::string& authorize_url, const std::string& decision) {
    auto page = http_.Send({.url = authorize_url});
    EXPECT_TRUE(page && page->status == 200);
    if (page) {
      EXPECT_THAT(page->body, HasSubstr("@stadt.sassenberg.sandbox"));
    }
    auto back = http_.Send({.url = authorize_url + "&decision=" + decision});
    EXPECT_TRUE(back && back->status == 302);
    return back ? std::string(back->Header("location").value_or("")) : "";
  }

  // The redirect as the browser follows it: same site, no fragment.
  Response Return(Browser& browser, std::string redirect) {
    const std::string site = "https://social.sassenberg.de";
    EXPECT_TRUE(redirect.starts_with(site + "/app/channels/instagram/callback?")) << redirect;
    redirect.erase(0, site.size());
    if (auto hash = redirect.find('#'); hash != std::string::npos) redirect.resize(hash);
    return Get(browser, redirect);
  }

  sys::CurlHttpClient http_;
  std::optional<SecretBox> secrets_{*SecretBox::FromKey(std::string(32, 's'))};
  std::unique_ptr<sandbox::GraphSandbox> graph_;
  Router graph_router_;
  std::unique_ptr<civicpost::testing::LoopbackServer> graph_server_;
  channels::instagram::LoginSettings login_;
};

TEST_F(StaffChannelsTest, AnAdministratorConnectsTheChannelBySigningIn) {
  Browser admin = SignIn(kAdmin);
  Response page = Get(admin, "/app/channels");
  EXPECT_THAT(page.body, HasSubstr("Mit Instagram verbinden"));

  Response start = PostForm(admin, "/app/channels/instagram/connect");
  ASSERT_EQ(start.status, 303) << start.body;
  const std::string authorize = Location(start);
  EXPECT_TRUE(authorize.starts_with(login_.authorize_url + "?client_id=SANDBOX-APP-ID"));
  EXPECT_THAT(authorize, HasSubstr("instagram_business_content_publish"));
  EXPECT_THAT(authorize, HasSubstr("redirect_uri=https%3A%2F%2Fsocial.sassenberg.de%2Fapp%2F"
                                   "channels%2Finstagram%2Fcallback"));

  const std::string redirect = AtThePlatform(authorize, "allow");
  EXPECT_TRUE(redirect.ends_with("#_")) << redirect;
  Response back = Return(admin, redirect);
  ASSERT_EQ(back.status, 303) << back.body;
  Response done = Get(admin, Location(back));
  EXPECT_THAT(done.body, HasSubstr("Der Kanal „Instagram: Stadt Sassenberg“ ist verbunden"));
  EXPECT_THAT(done.body, HasSubstr("@stadt.sassenberg.sandbox (17841405822304914)"));
  EXPECT_THAT(done.body, Not(HasSubstr("alle 15 Minuten")));

  // The long-lived token is stored sealed, opens to one the platform
  // accepts, and the account's comment webhooks are on.
  const ChannelConnection connection = Connection();
  EXPECT_EQ(connection.account_id, "17841405822304914");
  EXPECT_EQ(connection.account_name, "stadt.sassenberg.sandbox");
  EXPECT_EQ(connection.api_base_url, graph_server_->Base());
  auto token = secrets_->Open(connection.token_sealed);
  ASSERT_TRUE(token);
  EXPECT_TRUE(token->starts_with("SANDBOX-LONG-")) << *token;
  ASSERT_TRUE(connection.token_expires_at);
  EXPECT_EQ(*connection.token_expires_at, clock_.Now() + std::chrono::seconds(5184000));
  channels::instagram::GraphConfig config{.base_url = graph_server_->Base(),
                                          .access_token = *token};
  auto me = channels::instagram::GraphClient(http_, config).Me();
  EXPECT_TRUE(std::holds_alternative<channels::instagram::GraphClient::Account>(me));
  EXPECT_EQ(graph_->SubscribedFields(), std::set<std::string>{"comments"});
  EXPECT_EQ(Instagram().status, ChannelStatus::kActive);

  // Audited under the person's name, without the token.
  auto entries = repos_.audit.Recent(*db_, 5);
  ASSERT_TRUE(entries);
  bool found = false;
  for (const AuditEntry& entry : *entries) {
    if (entry.action != "channel.connection") continue;
    found = true;
    EXPECT_THAT(entry.actor, HasSubstr(kAdmin));
    EXPECT_THAT(entry.after_json, HasSubstr("stadt.sassenberg.sandbox"));
    EXPECT_THAT(entry.after_json, Not(HasSubstr(*token)));
    EXPECT_THAT(entry.after_json, Not(HasSubstr(connection.token_sealed)));
  }
  EXPECT_TRUE(found);

  // The same return address a second time (a reload, a copied link) does nothing.
  Response again = Return(admin, redirect);
  EXPECT_EQ(again.status, 400);
  EXPECT_THAT(again.body, HasSubstr("abgelaufen"));
  EXPECT_EQ(Connection().token_sealed, connection.token_sealed);
}

TEST_F(StaffChannelsTest, ReconnectingBringsAWaitingChannelBack) {
  const ChannelId instagram = Instagram().id;
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.channels.UpdateStatus(tx, Actor::System(), instagram,
                                                    ChannelStatus::kNeedsReconnect,
                                                    "graph.token_invalid");
              }).ok());
  Browser admin = SignIn(kAdmin);
  Response page = Get(admin, "/app/channels");
  EXPECT_THAT(page.body, HasSubstr("Neu verbinden"));
  // The notice for the administrators points to the button, not a command.
  EXPECT_THAT(page.body, HasSubstr("https://social.sassenberg.de/app/channels"));
  EXPECT_THAT(page.body, Not(HasSubstr("civicpost channel connect")));

  Response start = PostForm(admin, "/app/channels/instagram/connect");
  ASSERT_EQ(Return(admin, AtThePlatform(Location(start), "allow")).status, 303);
  EXPECT_EQ(Instagram().status, ChannelStatus::kActive);
  EXPECT_EQ(Instagram().status_reason, "");
}

TEST_F(StaffChannelsTest, DenyingAtThePlatformChangesNothing) {
  const ChannelConnection before = Connection();
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  const std::string redirect = AtThePlatform(Location(start), "deny");
  EXPECT_THAT(redirect, HasSubstr("error=access_denied"));
  Response back = Return(admin, redirect);
  EXPECT_EQ(back.status, 400);
  EXPECT_THAT(back.body, HasSubstr("abgebrochen oder abgelehnt"));
  EXPECT_EQ(Connection().token_sealed, before.token_sealed);
  EXPECT_TRUE(graph_->SubscribedFields().empty());
}

TEST_F(StaffChannelsTest, AReturnThatAnotherPersonStartedIsRefused) {
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  const std::string redirect = AtThePlatform(Location(start), "allow");
  // A second administrator (or an attacker's link) arrives with the first one's code.
  Browser other = PersonWith("zweite-verwaltung", {Role::kAdmin});
  Response back = Return(other, redirect);
  EXPECT_EQ(back.status, 400);
  EXPECT_EQ(Connection().account_name, "");
  // And the state is spent: the person who started it cannot use it either.
  EXPECT_EQ(Return(admin, redirect).status, 400);
}

TEST_F(StaffChannelsTest, ASessionThatEndedMeanwhileResumesAfterSigningInAgain) {
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  const std::string redirect = AtThePlatform(Location(start), "allow");
  admin.cookies.erase(std::string(kSessionCookie));  // the browser lost the session
  Response login = Return(admin, redirect);
  ASSERT_EQ(login.status, 303);
  const std::string to_login = Location(login);
  ASSERT_TRUE(to_login.starts_with("/app/login?next=/app/channels/instagram/callback%3Fcode"))
      << to_login;
  // The login form carries the whole return address on.
  const std::string form = Get(admin, to_login).body;
  std::smatch next;
  ASSERT_TRUE(std::regex_search(form, next, std::regex(R"re(name="next" value="([^"]*)")re")));
  const std::string carried = std::regex_replace(next[1].str(), std::regex("&amp;"), "&");
  EXPECT_EQ(carried,
            redirect.substr(redirect.find("/app/"), redirect.find('#') - redirect.find("/app/")));
  Response signed_in =
      PostForm(admin, "/app/login",
               {{"email", kAdmin}, {"password", passwords_.at(kAdmin)}, {"next", carried}});
  ASSERT_EQ(signed_in.status, 303);
  ASSERT_EQ(Get(admin, Location(signed_in)).status, 303);  // the callback, then the page
  EXPECT_EQ(Connection().account_name, "stadt.sassenberg.sandbox");
}

TEST_F(StaffChannelsTest, AStartedSignInExpires) {
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  const std::string redirect = AtThePlatform(Location(start), "allow");
  clock_.Advance(std::chrono::minutes(31));
  Get(admin, "/app/");  // keeps the session itself alive
  EXPECT_EQ(Return(admin, redirect).status, 400);
  EXPECT_EQ(Connection().account_name, "");
}

TEST_F(StaffChannelsTest, SigningInWithAnotherAccountDoesNotMoveTheChannel) {
  const ChannelId instagram = Instagram().id;
  ChannelConnection own = Connection();
  own.account_id = "17841400000000001";
  own.account_name = "stadt.sassenberg";
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.channels.SaveConnection(tx, Actor::Cli(), instagram, own);
              }).ok());
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  Response back = Return(admin, AtThePlatform(Location(start), "allow"));
  EXPECT_EQ(back.status, 409);
  EXPECT_THAT(back.body, HasSubstr("Angemeldet war @stadt.sassenberg.sandbox"));
  EXPECT_THAT(back.body, HasSubstr("gehört aber zu @stadt.sassenberg"));
  EXPECT_EQ(Connection().account_id, "17841400000000001");
  EXPECT_EQ(Connection().token_sealed, own.token_sealed);
}

TEST_F(StaffChannelsTest, AnAccountAnotherChannelHoldsIsNotConnectedTwice) {
  Channel second = Instagram();
  second.key = "instagram-jugend";
  second.name = "Jugendzentrum";
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                auto id = repos_.channels.Create(tx, Actor::Cli(), second);
                if (!id) return id.error();
                return repos_.channels.SaveConnection(
                    tx, Actor::Cli(), *id,
                    {.account_id = "17841405822304914", .account_name = "jugend"});
              }).ok());
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  Response back = Return(admin, AtThePlatform(Location(start), "allow"));
  EXPECT_EQ(back.status, 409);
  EXPECT_THAT(back.body, HasSubstr("ist schon mit dem Kanal"));
  EXPECT_EQ(Connection().account_name, "");
}

TEST_F(StaffChannelsTest, ADisabledChannelIsNotConnected) {
  const ChannelId instagram = Instagram().id;
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return repos_.channels.UpdateStatus(tx, Actor::Cli(), instagram,
                                                    ChannelStatus::kDisabled);
              }).ok());
  Browser admin = SignIn(kAdmin);
  EXPECT_THAT(Get(admin, "/app/channels").body, Not(HasSubstr("Mit Instagram verbinden")));
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  EXPECT_EQ(start.status, 422);
  EXPECT_EQ(Instagram().status, ChannelStatus::kDisabled);
}

TEST_F(StaffChannelsTest, AWrongAppSecretIsReportedAndNothingIsStored) {
  login_.app_secret = "FALSCH";
  app_->EnableInstagramLogin({login_, "https://social.sassenberg.de", &http_, &*secrets_});
  Browser admin = SignIn(kAdmin);
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  Response back = Return(admin, AtThePlatform(Location(start), "allow"));
  EXPECT_EQ(back.status, 502);
  EXPECT_THAT(back.body, HasSubstr("Instagram hat die Anmeldung nicht bestätigt"));
  EXPECT_EQ(Connection().account_name, "");
}

TEST_F(StaffChannelsTest, WithoutAnAppTheButtonIsMissingAndTheCommandIsShown) {
  app_->EnableInstagramLogin({});
  Browser admin = SignIn(kAdmin);
  Response page = Get(admin, "/app/channels");
  EXPECT_THAT(page.body, Not(HasSubstr("Mit Instagram verbinden")));
  EXPECT_THAT(page.body, HasSubstr("civicpost channel connect instagram"));
  Response start = PostForm(admin, "/app/channels/instagram/connect");
  EXPECT_EQ(start.status, 422);
  EXPECT_THAT(start.body, HasSubstr("nicht eingerichtet"));
}

TEST_F(StaffChannelsTest, OnlyAdministratorsSeeTheButton) {
  Browser editor = SignIn("redaktion@sassenberg.example");
  EXPECT_THAT(Get(editor, "/app/channels").body, Not(HasSubstr("Mit Instagram verbinden")));
}

TEST_F(StaffChannelsTest, TheCodeExchangeAlsoReadsTheFlatReplyWithANumericUserId) {
  sandbox::SandboxOptions flat;
  flat.flat_code_reply = true;
  sandbox::GraphSandbox graph(flat, http_, clock_);
  Router router;
  graph.Register(router);
  civicpost::testing::LoopbackServer server(router);
  channels::instagram::LoginSettings settings = login_;
  settings.authorize_url = server.Base() + "/oauth/authorize";
  settings.token_url = server.Base() + "/oauth/access_token";
  settings.api_base_url = server.Base();
  const std::string redirect = "https://social.sassenberg.de/app/channels/instagram/callback";
  const std::string authorize = channels::instagram::AuthorizeUrl(settings, redirect, "x");
  auto back = http_.Send({.url = authorize + "&decision=allow"});
  ASSERT_TRUE(back && back->status == 302);
  const std::string location(back->Header("location").value_or(""));
  const std::string code = location.substr(location.find("code=") + 5,
                                           location.find("&state") - location.find("code=") - 5);
  auto linked = channels::instagram::CompleteLogin(http_, settings, redirect, code + "#_");
  ASSERT_TRUE(std::holds_alternative<channels::instagram::LinkedAccount>(linked))
      << std::get<channels::instagram::GraphError>(linked).message;
  EXPECT_EQ(std::get<channels::instagram::LinkedAccount>(linked).user_id, "17841405822304914");
  // A code works once.
  auto reused = channels::instagram::CompleteLogin(http_, settings, redirect, code);
  ASSERT_TRUE(std::holds_alternative<channels::instagram::GraphError>(reused));
  EXPECT_EQ(std::get<channels::instagram::GraphError>(reused).staff_key, "login_code_refused");
}

}  // namespace
}  // namespace civicpost::web
