// Accessibility feedback (EU 2016/2102 Art. 7, § 10b BGG NRW): a citizen
// writes through the public form over real HTTP, without cookies; staff
// see it with its deadline, mark it answered (with CSRF) and hear of it by
// mail that does not quote it.
#include "web/public_feedback.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/loopback_server.hpp"
#include "support/smtp_sink.hpp"
#include "sys/curl_http_client.hpp"
#include "sys/curl_mailer.hpp"
#include "web/feedback_mail.hpp"
#include "web/staff_fixture.hpp"

namespace civicpost::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKey(32, 'f');
const std::string kForm = "/sassenberg/barrierefreiheit/rueckmeldung/";

class PublicFeedbackTest : public StaffAppTest {
 protected:
  void SetUp() override {
    StaffAppTest::SetUp();
    FeedbackFormLimits limits;
    limits.per_address = 3;
    feedback_ = std::make_unique<PublicFeedback>(*db_, repos_, templates_, catalogue_, *concepts_,
                                                 clock_, kKey, limits);
    feedback_->Register(router_);
    server_ = std::make_unique<civicpost::testing::LoopbackServer>(router_, 2);
  }
  void TearDown() override {
    server_.reset();
    feedback_.reset();
    StaffAppTest::TearDown();
  }

  HttpReply Http(const std::string& method, const std::string& path, const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.url = server_->Base() + path;
    request.body = body;
    if (method == "POST") {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    auto reply = http_.Send(request);
    EXPECT_TRUE(reply) << reply.error().message;
    return reply ? *reply : HttpReply{};
  }

  static std::string TokenIn(const std::string& page) {
    static const std::regex kToken(R"re(name="token" value="([^"]+)")re");
    std::smatch match;
    EXPECT_TRUE(std::regex_search(page, match, kToken)) << page.substr(0, 500);
    return match.size() > 1 ? match[1].str() : "";
  }

  // Opens the form and sends it with `fields` (the form's token unless given).
  HttpReply Send(std::vector<std::pair<std::string, std::string>> fields) {
    bool has_token = false;
    for (const auto& field : fields) has_token |= field.first == "token";
    if (!has_token) fields.emplace_back("token", TokenIn(Http("GET", kForm).body));
    return Http("POST", kForm, Encode(fields));
  }

  std::vector<store::SiteFeedback> Stored() {
    auto org = repos_.organizations.FindBySlug(*db_, "sassenberg");
    auto list = repos_.site_feedback.List(*db_, (*org)->id);
    EXPECT_TRUE(list) << list.error().message;
    return list ? *list : std::vector<store::SiteFeedback>{};
  }

  static bool SetsCookie(const HttpReply& reply) { return reply.Header("set-cookie").has_value(); }

  sys::CurlHttpClient http_;
  std::unique_ptr<PublicFeedback> feedback_;
  std::unique_ptr<civicpost::testing::LoopbackServer> server_;
};

TEST_F(PublicFeedbackTest, ACitizensFeedbackReachesTheStaffWithItsDeadline) {
  const HttpReply form = Http("GET", kForm);
  EXPECT_EQ(form.status, 200);
  EXPECT_FALSE(SetsCookie(form));
  EXPECT_THAT(form.body, HasSubstr("<label for=\"feedback-message\">Ihre Nachricht (Pflichtfeld)"));
  EXPECT_THAT(form.body, HasSubstr("Ihre E-Mail-Adresse (freiwillig)"));

  const HttpReply sent =
      Send({{"message", "Die Bilder im Beitrag zum Markttag haben keinen Alternativtext."},
            {"name", "Erika Muster"},
            {"email", "erika@example.org"},
            {"page", "Markttag"},
            {"website", ""}});
  EXPECT_EQ(sent.status, 200);
  EXPECT_FALSE(SetsCookie(sent));
  // Received on 25 November; the concept gives 30 days.
  EXPECT_THAT(sent.body,
              HasSubstr("innerhalb von 30 Tagen, also bis spätestens 25. Dezember 2026"));
  ASSERT_EQ(Stored().size(), 1u);
  EXPECT_EQ(Stored()[0].sender_email, "erika@example.org");

  Browser moderator = PersonWith("moderatorin", {Role::kModerator});
  Response list = Get(moderator, "/app/feedback");
  EXPECT_EQ(list.status, 200);
  EXPECT_THAT(list.body, HasSubstr("keinen Alternativtext"));
  EXPECT_THAT(list.body, HasSubstr("Antwort bis 25. Dezember 2026"));
  EXPECT_THAT(list.body, HasSubstr("mailto:erika@example.org"));
  Response dashboard = Get(moderator, "/app/");
  EXPECT_THAT(dashboard.body,
              HasSubstr("1 Rückmeldung zur Barrierefreiheit offen, Frist 25. Dezember 2026."));
  EXPECT_THAT(dashboard.body, HasSubstr("href=\"/app/feedback\""));

  // The audit log knows that a message came, not what it says or from whom.
  auto entries = repos_.audit.Recent(*db_, 5);
  ASSERT_TRUE(entries);
  bool found = false;
  for (const AuditEntry& entry : *entries) {
    if (entry.action != "site_feedback.receive") continue;
    found = true;
    EXPECT_THAT(entry.after_json, HasSubstr("2026-12-25"));
    EXPECT_THAT(entry.after_json, Not(HasSubstr("Alternativtext")));
    EXPECT_THAT(entry.after_json, Not(HasSubstr("erika")));
  }
  EXPECT_TRUE(found);

  // A month later the deadline has passed and the list says so.
  clock_.Advance(std::chrono::days(31));
  moderator = SignIn("moderatorin@sassenberg.example");
  Response later = Get(moderator, "/app/feedback");
  EXPECT_THAT(later.body, HasSubstr("Frist überschritten seit 25. Dezember 2026"));
}

TEST_F(PublicFeedbackTest, ForgedExpiredAndReusedTokensAndAFilledHoneypotAreRefused) {
  const std::string text = "Der Kontrast der Links ist zu schwach.";
  std::string forged = TokenIn(Http("GET", kForm).body);
  forged.back() = forged.back() == '0' ? '1' : '0';
  HttpReply reply = Send({{"message", text}, {"token", forged}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(reply.body, HasSubstr("Das Formular ist abgelaufen oder ungültig"));
  EXPECT_THAT(reply.body, HasSubstr(text));  // kept for sending again

  const std::string expired =
      feedback_->TokenFor("sassenberg", clock_.Now() - std::chrono::hours(5));
  reply = Send({{"message", text}, {"token", expired}});
  EXPECT_EQ(reply.status, 400);
  // Another authority's token does not fit this one.
  reply =
      Send({{"message", text}, {"token", feedback_->TokenFor("bezirksamt-nord", clock_.Now())}});
  EXPECT_EQ(reply.status, 400);

  reply = Send({{"message", text}, {"website", "http://spam.example"}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(reply.body, HasSubstr("konnte nicht angenommen werden"));
  EXPECT_TRUE(Stored().empty());

  // A token is good for one message.
  const std::string token = TokenIn(Http("GET", kForm).body);
  EXPECT_EQ(Send({{"message", text}, {"token", token}}).status, 200);
  reply = Send({{"message", text}, {"token", token}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_THAT(reply.body, HasSubstr("bereits gesendet"));
  EXPECT_EQ(Stored().size(), 1u);

  // A token from four hours ago still works.
  clock_.Advance(std::chrono::hours(4) - std::chrono::seconds(1));
  EXPECT_EQ(
      Send({{"message", text},
            {"token", feedback_->TokenFor("sassenberg", clock_.Now() - std::chrono::hours(4))}})
          .status,
      200);
}

TEST_F(PublicFeedbackTest, ATooLongMessageIsNamedAndKept) {
  std::string text = "Barriere: ";
  while (text.size() < 5100 * 2) text += "ä";  // 5000+ characters, twice the bytes
  const HttpReply reply = Send({{"message", text}, {"email", "keine-adresse"}});
  EXPECT_EQ(reply.status, 422);
  EXPECT_THAT(reply.body,
              HasSubstr("Ihre Nachricht: Bitte kürzen Sie den Text auf höchstens 5000 Zeichen"));
  EXPECT_THAT(reply.body, HasSubstr("<a href=\"#feedback-message\">"));
  EXPECT_THAT(reply.body, HasSubstr("Ihre E-Mail-Adresse: Das ist keine gültige E-Mail-Adresse"));
  EXPECT_THAT(reply.body, HasSubstr("<a href=\"#feedback-email\">"));
  EXPECT_THAT(reply.body, HasSubstr("aria-invalid=\"true\""));
  EXPECT_THAT(reply.body, HasSubstr(text + "</textarea>"));
  EXPECT_THAT(reply.body, HasSubstr("value=\"keine-adresse\""));
  EXPECT_TRUE(Stored().empty());

  // Exactly 5000 characters are fine.
  std::string fits(5000, 'x');
  EXPECT_EQ(Send({{"message", fits}}).status, 200);
}

TEST_F(PublicFeedbackTest, OneAddressMaySendAFewMessagesAnHour) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Send({{"message", "Nachricht " + std::to_string(i)}}).status, 200);
  const HttpReply refused = Send({{"message", "noch eine"}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_THAT(refused.body, HasSubstr("noch eine"));
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(Send({{"message", "eine Stunde später"}}).status, 200);
  EXPECT_EQ(Stored().size(), 4u);
}

TEST_F(PublicFeedbackTest, StaffMarkItAnsweredOnlyWithTheFormsToken) {
  ASSERT_EQ(Send({{"message", "Das Video hat keine Untertitel."}}).status, 200);
  const std::string id = Stored().at(0).id.ToString();
  Browser moderator = PersonWith("moderatorin", {Role::kModerator});
  Get(moderator, "/app/feedback");
  Response forged = PostForm(moderator, "/app/feedback/" + id + "/answered",
                             {{"csrf", "falsch"}, {"note", "per Mail"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(Stored().at(0).answered_at);

  Response done = PostForm(moderator, "/app/feedback/" + id + "/answered",
                           {{"note", "Am Telefon beantwortet, Untertitel folgen."}});
  EXPECT_EQ(done.status, 303);
  Response list = Get(moderator, Location(done));
  EXPECT_THAT(list.body, HasSubstr("Die Rückmeldung ist als beantwortet markiert."));
  EXPECT_THAT(list.body,
              HasSubstr("Beantwortet am Mittwoch, 25. November 2026, 10:00 Uhr von moderatorin"));
  EXPECT_THAT(list.body, HasSubstr("Untertitel folgen"));
  EXPECT_TRUE(Stored().at(0).answered_at);
  EXPECT_THAT(Get(moderator, "/app/").body,
              Not(HasSubstr("Rückmeldung zur Barrierefreiheit offen")));
  // Twice is refused, not recorded again.
  Response again = PostForm(moderator, "/app/feedback/" + id + "/answered", {{"note", "x"}});
  EXPECT_THAT(Get(moderator, Location(again)).body, HasSubstr("bereits als beantwortet markiert"));
}

TEST_F(PublicFeedbackTest, ModeratorsAndAdminsHearOfItByMailWithoutItsWords) {
  ASSERT_EQ(Send({{"message", "Die Schrift ist zu klein."}, {"email", "erika@example.org"}}).status,
            200);
  civicpost::testing::SmtpSink sink;
  sys::CurlMailer mailer({.url = sink.Url(), .starttls = sys::StartTls::kOff});
  FeedbackNotifier notifier(*db_, repos_, catalogue_, mailer,
                            {"civicpost <civicpost@sassenberg.example>", "https://social.example"});
  auto sent = notifier.Run();
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(*sent, 1);
  const auto messages = sink.Messages();
  ASSERT_FALSE(messages.empty());
  const civicpost::testing::ReceivedMail mail = civicpost::testing::ReadMail(messages[0].data);
  EXPECT_THAT(mail.subject, HasSubstr("Antwort bis 25. Dezember 2026"));
  EXPECT_THAT(mail.text, HasSubstr("https://social.example/app/feedback#feedback-"));
  EXPECT_THAT(mail.text, Not(HasSubstr("Schrift")));
  EXPECT_THAT(mail.text, Not(HasSubstr("erika")));
  // Announced once.
  auto again = notifier.Run();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(sink.Messages().size(), messages.size());

  // One answered before a mail could go out is not announced any more.
  ASSERT_EQ(Send({{"message", "Noch etwas."}}).status, 200);
  auto users = repos_.users.ListByOrganization(*db_, Stored().at(0).organization);
  ASSERT_TRUE(users && !users->empty());
  for (const store::SiteFeedback& f : Stored()) {
    if (f.answered_at || f.notified_at) continue;
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return repos_.site_feedback.MarkAnswered(tx, Actor::Cli(), f.id,
                                                           users->front().id, "");
                }).ok());
  }
  auto answered = notifier.Run();
  ASSERT_TRUE(answered);
  EXPECT_EQ(*answered, 0);
  EXPECT_EQ(sink.Messages().size(), messages.size());
  for (const store::SiteFeedback& f : Stored()) EXPECT_TRUE(f.notified_at);
}

TEST_F(PublicFeedbackTest, AnUnknownAuthorityHasNoForm) {
  EXPECT_EQ(Http("GET", "/niemand/barrierefreiheit/rueckmeldung/").status, 404);
}

}  // namespace
}  // namespace civicpost::web
