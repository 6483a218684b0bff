#pragma once
// Mailer: how civicpost sends e-mail (the complaint deadline reminders).
// sys::CurlMailer is the real one (SMTP over libcurl); tests point it at an
// SMTP server on loopback rather than replacing it.
//
// Send returns once the server has accepted the message for every
// recipient, or an Error naming what failed: kUnavailable when trying again
// later may help (no connection, a timeout, a 4xx answer), kPermissionDenied
// when the server refused the login or TLS, kInvalidArgument for a message
// that cannot be sent as it is (a malformed address, a recipient the server
// refused for good).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace civicpost {

struct MailMessage {
  std::string from;                 // "Stadt Sassenberg <civicpost@sassenberg.de>" or an address
  std::vector<std::string> to;      // addresses ("moderation@sassenberg.de"), at least one
  std::string subject;              // UTF-8, one line; encoded for the header by the mailer
  std::string text;                 // UTF-8 plain text; lines end in "\n"
  std::string message_id{};         // "id@host" without brackets; empty: the mailer makes one
  std::optional<Timestamp> date{};  // the Date header; empty: now
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status Send(const MailMessage& message) = 0;
};

}  // namespace civicpost
