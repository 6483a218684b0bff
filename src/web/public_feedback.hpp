#pragma once
// The feedback form on the accessibility statement (EU 2016/2102 Art. 7,
// § 10b BGG NRW): citizens tell the authority about barriers, and staff
// must answer within the concept's feedback_response_days.
//
//   GET  /{slug}/barrierefreiheit/rueckmeldung/   the form
//   POST /{slug}/barrierefreiheit/rueckmeldung/   stores it; the answer page
//                                                 names the deadline
//
// The public site sets no cookies, so the form is protected without one:
// - a token: "<issued unix seconds>.<nonce>.<HMAC (crypto_auth) over slug,
//   issue time and nonce>" (hex), valid for `token_lifetime` and once only
//   (the used tokens are remembered in memory until they expire);
// - a honeypot field ("website") hidden from people and screen readers;
// - length limits and a check of the e-mail address, if one is given;
// - a per-address limit on accepted messages (in memory).
// Bad input shows the form again with the person's text and an error
// summary naming each field. Words come from the catalogue's [feedback]
// section, in German (the public site's language).
//
// Thread-safe.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/repositories.hpp"
#include "web/concept_cache.hpp"
#include "web/i18n.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace civicpost::web {

struct FeedbackFormLimits {
  size_t max_message_chars = 5000;
  size_t max_name_chars = 200;
  size_t max_page_chars = 500;
  size_t max_email_chars = 254;
  std::chrono::seconds token_lifetime = std::chrono::hours(4);
  // Accepted messages per remote address within `rate_window`.
  int per_address = 5;
  std::chrono::seconds rate_window = std::chrono::hours(1);
};

// Whether `text` looks like an address mail can be sent to: one '@', a
// local part, a domain with a dot, no spaces or control characters.
bool PlausibleEmail(std::string_view text);

class PublicFeedback {
 public:
  static constexpr size_t kKeyBytes = 32;  // crypto_auth_KEYBYTES
  static constexpr size_t kNonceBytes = 16;

  // REQUIRES: `key` has kKeyBytes bytes (else std::invalid_argument: a bug
  // in the composition root). The key signs the form's tokens.
  PublicFeedback(store::Database& db, store::Repositories& repos, const Templates& templates,
                 const Catalogue& catalogue, ConceptCache& concepts, const Clock& clock,
                 std::string key, FeedbackFormLimits limits = {});

  void Register(Router& router);

  // A token for a form for `slug` issued at `issued` (a fresh one each call).
  std::string TokenFor(std::string_view slug, Timestamp issued) const;

 private:
  struct Fields {
    std::string name;
    std::string email;
    std::string page;
    std::string message;
  };
  struct FieldError {
    std::string field;  // "message"
    std::string text;
  };

  Response ShowForm(const Request& request);
  Response Submit(const Request& request);
  // The form with `fields` kept, `errors` listed (status 200 without).
  Response FormPage(const Organization& org, const Fields& fields,
                    const std::vector<FieldError>& errors, const std::string& general_error,
                    int status);
  Response ErrorPage(int status, const std::string& heading_key, const std::string& text_key);
  std::vector<FieldError> Check(const Fields& fields) const;
  // kOk, or why the token is refused.
  enum class TokenCheck { kOk, kInvalid, kUsed };
  // The token's MAC, hex.
  std::string Mac(std::string_view slug, std::string_view issued, std::string_view nonce) const;
  TokenCheck CheckToken(std::string_view slug, std::string_view token);
  // Remembers the token as used; false when it was used already.
  bool UseToken(const std::string& token, Timestamp expires);
  // Counts one accepted message for `address`; false when over the limit.
  bool Admit(const std::string& address);
  std::string T(std::string_view key) const { return catalogue_.Text("de", key); }

  store::Database& db_;
  store::Repositories& repos_;
  const Templates& templates_;
  const Catalogue& catalogue_;
  ConceptCache& concepts_;
  const Clock& clock_;
  const std::string key_;
  const FeedbackFormLimits limits_;

  std::mutex mu_;
  std::map<std::string, Timestamp> used_tokens_;  // guarded by mu_: token -> expiry
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>>
      accepted_;  // guarded by mu_: address -> times of accepted messages
};

}  // namespace civicpost::web
