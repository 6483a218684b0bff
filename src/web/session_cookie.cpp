#include "web/session_cookie.hpp"

#include <sodium.h>

#include <array>

namespace civicpost::web {

std::string NewToken() {
  std::array<unsigned char, 32> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (!EqualsIgnoreCase(header, "cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semicolon = rest.find(';');
      std::string_view pair = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const size_t equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
        return std::string(pair.substr(equals + 1));
      }
    }
  }
  return std::nullopt;
}

std::string SetCookie(std::string_view name, std::string_view value, bool secure,
                      std::optional<std::chrono::seconds> max_age) {
  std::string out =
      std::string(name) + "=" + std::string(value) + "; Path=/app; HttpOnly; SameSite=Lax";
  if (secure) out += "; Secure";
  if (max_age) out += "; Max-Age=" + std::to_string(max_age->count());
  return out;
}

bool OverTls(const Request& request, const SessionPolicy& policy) {
  if (policy.always_secure) return true;
  auto proto = request.Header("X-Forwarded-Proto");
  return proto && EqualsIgnoreCase(*proto, "https");
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace civicpost::web
