#include "core/time_zone.hpp"

#include <date/tz.h>

namespace civicpost {
namespace {

const date::time_zone* Zone(const void* zone) { return static_cast<const date::time_zone*>(zone); }

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  try {
    return TimeZone(date::locate_zone(name), std::string(name));
  } catch (const std::exception& e) {
    return NotFound("unknown time zone '" + std::string(name) + "': " + e.what());
  }
}

LocalTime TimeZone::ToLocal(Timestamp t) const {
  const auto local = Zone(zone_)->to_local(t);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss<std::chrono::seconds> hms(local - day);
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          date::weekday(day).iso_encoding()};
}

Timestamp TimeZone::FromLocal(int year, unsigned month, unsigned day, int hour,
                              int minute) const {
  const date::local_seconds local =
      date::local_days(date::year(year) / date::month(month) / date::day(day)) +
      std::chrono::hours(hour) + std::chrono::minutes(minute);
  return Timestamp(Zone(zone_)->to_sys(local, date::choose::earliest).time_since_epoch());
}

}  // namespace civicpost
