#pragma once
// Format checks for string values in configuration files: e-mail addresses,
// web links, German phone numbers and opening-hour ranges.
//
// The checks are deliberately "reasonable", not RFC-complete: they accept
// what a German authority writes in practice and reject typical slips
// ("wiewel(at)sassenberg.de", "www.sassenberg.de" without scheme, a phone
// number without area code). Details are in docs/concept-schema.md.
// All functions are pure and thread-safe.

#include <optional>
#include <string_view>
#include <vector>

namespace civicpost::usage {

// local@domain.tld with an ASCII dot-atom local part (at most 64 bytes), a
// domain of letters, digits and '-' labels and a letter TLD (or punycode
// "xn--..."); at most 254 bytes. Internationalised domains must be written in
// punycode.
bool IsValidEmail(std::string_view text);

// An absolute http:// or https:// link: host name (one or more labels, so
// "localhost" passes), IPv4 address or [IPv6], optional port 1..65535, then an
// optional path/query/fragment without spaces, control characters or any of
// "<>\^`{|}. User info ("user:pw@host") is rejected. At most 2048 bytes.
bool IsValidHttpUrl(std::string_view text);

// A German number with area code, in the usual spellings:
//   "02583/309-3031", "02583 309 3031", "(02583) 309-3031",
//   "+49 2583 309-3031", "+49 (0)2583 3093031", "0049 2583 3093031".
// Groups are separated by single spaces, '-' or one '/' after the area code.
// The national number (area code + subscriber, without the leading 0) must
// have 5 to 13 digits.
bool IsValidGermanPhone(std::string_view text);

// [start, end) in minutes since midnight; end may be 24 * 60.
struct TimeRange {
  int start_minute = 0;
  int end_minute = 0;

  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// "08:00-16:00" or several ranges "08:00-12:30, 14:00-18:00" (spaces around
// '-' and ',' are allowed). Each range must end after it starts ("24:00" is a
// valid end), and ranges must be in order without overlapping. Returns
// nullopt on any violation.
std::optional<std::vector<TimeRange>> ParseTimeRanges(std::string_view text);

// "YYYY-MM-DD": used to hint that a TOML date was written in quotes.
bool LooksLikeIsoDate(std::string_view text);

}  // namespace civicpost::usage
