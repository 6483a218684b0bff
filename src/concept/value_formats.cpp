#include "concept/value_formats.hpp"

#include <cstddef>
#include <regex>
#include <string>

namespace civicpost::usage {
namespace {

// Length limits are checked before any regex runs: libstdc++'s std::regex
// recurses per character and must not see arbitrarily long input.
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxEmailLocalBytes = 64;
constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxPhoneBytes = 40;
constexpr std::size_t kMaxTimeRangesBytes = 200;
constexpr int kMinNationalDigits = 5;
constexpr int kMaxNationalDigits = 13;  // E.164: 15 digits including "49"
constexpr int kMaxPort = 65535;
constexpr int kMinutesPerDay = 24 * 60;

bool FullMatch(std::string_view text, const std::regex& re, std::cmatch* match = nullptr) {
  std::cmatch local;
  return std::regex_match(text.data(), text.data() + text.size(), match ? *match : local, re);
}

int CountDigits(std::string_view text) {
  int digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') ++digits;
  }
  return digits;
}

bool IsAllowedUrlTailChar(unsigned char c) {
  if (c <= 0x20 || c == 0x7f) return false;  // space and control characters
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
      return false;
    default:
      return true;  // includes UTF-8 bytes of non-ASCII path characters
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

bool IsValidEmail(std::string_view text) {
  if (text.size() > kMaxEmailBytes) return false;
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at > kMaxEmailLocalBytes) return false;
  static const std::regex kEmail(
      R"([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
      R"(@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+)"
      R"(([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}))");
  return FullMatch(text, kEmail);
}

bool IsValidHttpUrl(std::string_view text) {
  if (text.size() > kMaxUrlBytes) return false;
  static const std::regex kSchemeAndRest(R"((https?)://([^/?#]*)(.*))", std::regex::icase);
  std::cmatch parts;
  if (!FullMatch(text, kSchemeAndRest, &parts)) return false;
  const std::string authority = parts[2].str();
  // Host name labels, IPv4 or bracketed IPv6, then an optional port.
  static const std::regex kAuthority(
      R"re((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)re"      // (host: first label
      R"re((?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)re"  // more labels
      R"re(|\[[0-9A-Fa-f:.]+\]))re"                                  // | [IPv6])
      R"re((?::([0-9]{1,5}))?)re");                                  // :port
  std::cmatch host;
  if (!FullMatch(authority, kAuthority, &host)) return false;
  if (host[1].matched) {
    const int port = std::stoi(host[1].str());
    if (port < 1 || port > kMaxPort) return false;
  }
  for (char c : std::string_view(parts[3].first, static_cast<std::size_t>(parts[3].length()))) {
    if (!IsAllowedUrlTailChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsValidGermanPhone(std::string_view text) {
  if (text.size() > kMaxPhoneBytes) return false;
  // Groups 1-3: the area code in its three spellings; group 4: the rest.
  static const std::regex kPhone(
      R"((?:(?:\+49|0049)[ -]?(?:\(0\)[ ]?)?([1-9][0-9]{1,4})|0([1-9][0-9]{1,4})|\(0([1-9][0-9]{1,4})\)))"
      R"((?:[ ]?/[ ]?|[ -])?([0-9]+(?:[ -][0-9]+)*))");
  std::cmatch match;
  if (!FullMatch(text, kPhone, &match)) return false;
  int national = CountDigits(match[4].str());
  for (int group = 1; group <= 3; ++group) {
    if (match[group].matched) national += static_cast<int>(match[group].length());
  }
  return national >= kMinNationalDigits && national <= kMaxNationalDigits;
}

std::optional<std::vector<TimeRange>> ParseTimeRanges(std::string_view text) {
  if (text.size() > kMaxTimeRangesBytes) return std::nullopt;
  static const std::regex kRange(
      R"(([01][0-9]|2[0-4]):([0-5][0-9]) *- *([01][0-9]|2[0-4]):([0-5][0-9]))");
  std::vector<TimeRange> ranges;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view piece = Trim(text.substr(0, comma));
    std::cmatch m;
    if (!FullMatch(piece, kRange, &m)) return std::nullopt;
    const int start = std::stoi(m[1].str()) * 60 + std::stoi(m[2].str());
    const int end = std::stoi(m[3].str()) * 60 + std::stoi(m[4].str());
    if (start >= kMinutesPerDay || end > kMinutesPerDay || start >= end) return std::nullopt;
    if (!ranges.empty() && start < ranges.back().end_minute) return std::nullopt;
    ranges.push_back({start, end});
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ranges;
}

bool LooksLikeIsoDate(std::string_view text) {
  static const std::regex kDate(R"([0-9]{4}-[0-9]{2}-[0-9]{2})");
  return text.size() == 10 && FullMatch(text, kDate);
}

}  // namespace civicpost::usage
