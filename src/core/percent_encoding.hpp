#pragma once
// Percent-encoding (RFC 3986): every byte outside the unreserved set
// (A-Z a-z 0-9 - _ . ~) as %XX. Safe for a path segment and for
// application/x-www-form-urlencoded values alike.

#include <string>
#include <string_view>

namespace civicpost {

inline std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace civicpost
