#pragma once
// Mailer over libcurl's SMTP, the message composed by GMime (RFC 5322;
// the subject and names encoded by RFC 2047, the text as UTF-8
// quoted-printable, CRLF line ends).
//
// Transport security:
// - smtps://host:465: TLS from the first byte.
// - smtp://host:587: STARTTLS is required (StartTls::kRequired, the
//   default): a server that does not offer it is refused, so the password
//   and the mail never cross the network in clear.
// - StartTls::kOff sends in clear; for a relay on this machine only
//   (DefaultStartTls() chooses it for 127.0.0.1, ::1 and localhost).
// Certificates are always verified (the system's CA store, or `ca_file`).
//
// Typical usage:
//   sys::CurlMailer mailer({.url = "smtp://mail.example.org:587",
//                           .username = "civicpost", .password = secret});
//   Status sent = mailer.Send({.from = "civicpost@example.org",
//                              .to = {"moderation@example.org"},
//                              .subject = "Frist für Kommentar 42",
//                              .text = "Guten Tag, ...\n"});
//
// Thread-safe: each Send uses its own curl handle and connection.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/mailer.hpp"

namespace civicpost::sys {

enum class StartTls { kRequired, kOff };

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string username{};
  std::string password{};  // with a username: AUTH (PLAIN or LOGIN, as the server offers)
  StartTls starttls = StartTls::kRequired;  // for smtp:// only
  std::optional<std::string> ca_file{};     // PEM bundle instead of the system's
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};  // one whole message
};

// Whether the URL's host is 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackUrl(std::string_view url);
// kOff for a relay on loopback, kRequired for everything else.
StartTls DefaultStartTls(std::string_view url);

// The message as it goes over the wire. kInvalidArgument for a sender or
// recipient that is not one plain address, or a subject with a line break.
Result<std::string> ComposeMail(const MailMessage& message);

class CurlMailer final : public Mailer {
 public:
  explicit CurlMailer(SmtpSettings settings);
  Status Send(const MailMessage& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace civicpost::sys
