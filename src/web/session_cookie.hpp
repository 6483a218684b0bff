#pragma once
// The pieces of a staff session that live in HTTP: random tokens, the
// session cookie and constant-time comparison. The session rows themselves
// live in store::SessionStore.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "web/http_types.hpp"

namespace civicpost::web {

struct SessionPolicy {
  std::chrono::minutes idle_timeout{60};
  std::chrono::hours absolute_timeout{12};
  // Failed logins within `throttle_window` before an account or an address
  // has to wait.
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  std::chrono::minutes throttle_window{15};
  // Always mark cookies Secure (else only when the request came over TLS,
  // as a reverse proxy's X-Forwarded-Proto: https says).
  bool always_secure = false;
};

inline constexpr std::string_view kSessionCookie = "civicpost_session";
inline constexpr std::string_view kLoginCookie = "civicpost_login";

// 256 random bits, base64url without padding.
std::string NewToken();
// The value of cookie `name` in the request's Cookie header(s), if any.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);
// A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/app, Secure when `secure`.
// An empty `value` with zero `max_age` deletes the cookie.
std::string SetCookie(std::string_view name, std::string_view value, bool secure,
                      std::optional<std::chrono::seconds> max_age = std::nullopt);
bool OverTls(const Request& request, const SessionPolicy& policy);
// Compares secrets in time independent of where they differ.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace civicpost::web
