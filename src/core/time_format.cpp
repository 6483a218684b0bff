#include "core/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace civicpost {
namespace {

bool ReadNumber(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const char* first = text.data() + pos;
  auto [ptr, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc() && ptr == first + len;
}

}  // namespace

std::string FormatIsoUtc(Timestamp t) {
  using namespace std::chrono;
  const auto days = floor<std::chrono::days>(t);
  const year_month_day ymd(days);
  const hh_mm_ss<seconds> hms(t - days);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buffer;
}

std::optional<Timestamp> ParseIsoUtc(std::string_view text) {
  using namespace std::chrono;
  int y, mo, d, h, mi, s;
  if (text.size() < 19 || !ReadNumber(text, 0, 4, y) || text[4] != '-' ||
      !ReadNumber(text, 5, 2, mo) || text[7] != '-' || !ReadNumber(text, 8, 2, d) ||
      (text[10] != 'T' && text[10] != ' ') || !ReadNumber(text, 11, 2, h) ||
      text[13] != ':' || !ReadNumber(text, 14, 2, mi) || text[16] != ':' ||
      !ReadNumber(text, 17, 2, s)) {
    return std::nullopt;
  }
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  seconds offset{0};
  std::string_view zone = text.substr(19);
  if (zone == "Z" || zone.empty()) {
    // UTC
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ReadNumber(zone, 1, 2, oh) || !ReadNumber(zone, 4, 2, om)) return std::nullopt;
    offset = hours(oh) + minutes(om);
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  return Timestamp(sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) + seconds(s) -
                   offset);
}

std::string FormatIsoDate(Date date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  using namespace std::chrono;
  int y, mo, d;
  if (text.size() != 10 || !ReadNumber(text, 0, 4, y) || text[4] != '-' ||
      !ReadNumber(text, 5, 2, mo) || text[7] != '-' || !ReadNumber(text, 8, 2, d)) {
    return std::nullopt;
  }
  const Date date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace civicpost
