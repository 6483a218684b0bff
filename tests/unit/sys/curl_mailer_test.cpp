// The SMTP mailer against a real SMTP server on loopback (tests/support's
// sink): what arrives is read back with GMime, so the test sees the mail as
// a mail program would.
#include "sys/curl_mailer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/time_format.hpp"
#include "support/smtp_sink.hpp"

namespace civicpost::sys {
namespace {

MailMessage Reminder() {
  MailMessage message;
  message.from = "Stadt Sassenberg – civicpost <civicpost@sassenberg.de>";
  message.to = {"moderation@sassenberg.de"};
  message.subject = "Strafantragsfrist für Kommentar 42 endet am 25. Februar 2027 (Frühwarnung)";
  message.text =
      "Guten Tag Olga Puttins,\n\n"
      "die Frist für den Strafantrag läuft ab.\n"
      ".ein Punkt am Zeilenanfang bleibt\n"
      "Grüße\n";
  message.message_id = "complaint-reminder.42.30.7@sassenberg.de";
  message.date = *ParseIsoUtc("2027-01-26T06:00:00Z");
  return message;
}

TEST(CurlMailer, DeliversAMessageWhoseUmlautsSurviveHeadersAndBody) {
  testing::SmtpSink sink;
  CurlMailer mailer({.url = sink.Url(), .starttls = StartTls::kOff});
  Status sent = mailer.Send(Reminder());
  ASSERT_TRUE(sent.ok()) << sent.message();

  const auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].mail_from, "civicpost@sassenberg.de");
  EXPECT_EQ(messages[0].rcpt_to, std::vector<std::string>{"moderation@sassenberg.de"});
  // Headers travel as 7-bit ASCII (RFC 2047), the body as quoted-printable.
  for (unsigned char c : messages[0].data) ASSERT_LT(c, 0x80) << messages[0].data;
  EXPECT_NE(messages[0].data.find("Subject: Strafantragsfrist =?UTF-8?"), std::string::npos)
      << messages[0].data;
  EXPECT_EQ(messages[0].data.find("windows-"), std::string::npos) << messages[0].data;
  EXPECT_NE(messages[0].data.find("f=C3=BCr"), std::string::npos) << messages[0].data;
  EXPECT_NE(messages[0].data.find("Content-Transfer-Encoding: quoted-printable"),
            std::string::npos);

  const testing::ReceivedMail mail = testing::ReadMail(messages[0].data);
  EXPECT_EQ(mail.subject, Reminder().subject);
  EXPECT_EQ(mail.to, std::vector<std::string>{"moderation@sassenberg.de"});
  EXPECT_NE(mail.from.find("Stadt Sassenberg – civicpost"), std::string::npos) << mail.from;
  EXPECT_EQ(mail.message_id, "complaint-reminder.42.30.7@sassenberg.de");
  EXPECT_EQ(mail.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(mail.text, Reminder().text);  // the dot line unstuffed again
}

TEST(CurlMailer, EveryRecipientIsInTheEnvelope) {
  testing::SmtpSink sink;
  CurlMailer mailer({.url = sink.Url(), .starttls = StartTls::kOff});
  MailMessage message = Reminder();
  message.to = {"a@sassenberg.de", "b@sassenberg.de"};
  message.message_id.clear();  // the mailer makes one
  ASSERT_TRUE(mailer.Send(message).ok());
  const auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_to, message.to);
  const testing::ReceivedMail mail = testing::ReadMail(messages[0].data);
  EXPECT_EQ(mail.to, message.to);
  EXPECT_TRUE(mail.message_id.ends_with("@sassenberg.de")) << mail.message_id;
}

TEST(CurlMailer, ARefusedRecipientIsAnErrorThatNamesIt) {
  testing::SmtpSink sink;
  sink.Refuse("weg@sassenberg.de");
  CurlMailer mailer({.url = sink.Url(), .starttls = StartTls::kOff});
  MailMessage message = Reminder();
  message.to = {"weg@sassenberg.de"};
  Status sent = mailer.Send(message);
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);  // 550: trying again will not help
  EXPECT_NE(sent.message().find("refused the recipient weg@sassenberg.de (550)"), std::string::npos)
      << sent.message();
  EXPECT_TRUE(sink.Messages().empty());
}

TEST(CurlMailer, AClosedPortIsUnavailable) {
  uint16_t port = 0;
  {
    // A port that was free a moment ago and has nobody listening now.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor probe(
        io, {boost::asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(0)});
    port = probe.local_endpoint().port();
  }
  CurlMailer mailer(
      {.url = "smtp://127.0.0.1:" + std::to_string(port), .starttls = StartTls::kOff});
  Status sent = mailer.Send(Reminder());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(sent.error().IsRetryable());
  EXPECT_NE(sent.message().find("no connection to the mail server"), std::string::npos)
      << sent.message();
}

TEST(CurlMailer, StartTlsIsRequiredAwayFromLoopback) {
  testing::SmtpSink sink;  // offers no STARTTLS
  CurlMailer mailer({.url = sink.Url(), .starttls = StartTls::kRequired});
  Status sent = mailer.Send(Reminder());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(sent.message().find("STARTTLS"), std::string::npos) << sent.message();
  EXPECT_TRUE(sink.Messages().empty());

  EXPECT_EQ(DefaultStartTls("smtp://mail.sassenberg.de:587"), StartTls::kRequired);
  EXPECT_EQ(DefaultStartTls("smtp://127.0.0.1:25"), StartTls::kOff);
  EXPECT_EQ(DefaultStartTls("smtp://[::1]:25"), StartTls::kOff);
  EXPECT_EQ(DefaultStartTls("smtp://localhost"), StartTls::kOff);
  EXPECT_EQ(DefaultStartTls("smtp://127.0.0.1.example.org"), StartTls::kRequired);
}

TEST(CurlMailer, AHeaderCannotBeSmuggledIn) {
  MailMessage message = Reminder();
  message.subject = "Frist\r\nBcc: alle@example.org";
  auto composed = ComposeMail(message);
  ASSERT_FALSE(composed);
  EXPECT_EQ(composed.error().code, ErrorCode::kInvalidArgument);

  message = Reminder();
  message.to = {"moderation@sassenberg.de>\r\nRCPT TO:<alle@example.org"};
  EXPECT_FALSE(ComposeMail(message));
  message.to = {"keine adresse"};
  EXPECT_FALSE(ComposeMail(message));
  message.to = {};
  EXPECT_FALSE(ComposeMail(message));
}

}  // namespace
}  // namespace civicpost::sys
