#pragma once
// Civil time in a named zone (the concept's office_hours.timezone, usually
// Europe/Berlin), from the system's tz database via Howard Hinnant's date/tz.
// Schedules, the public site's dates and office hours use it.

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace civicpost {

struct LocalTime {
  int year = 0;
  unsigned month = 0;  // 1..12
  unsigned day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  unsigned weekday = 0;  // ISO: 1 = Monday .. 7 = Sunday

  std::chrono::year_month_day date() const {
    return std::chrono::year_month_day{std::chrono::year(year), std::chrono::month(month),
                                       std::chrono::day(day)};
  }
};

class TimeZone {
 public:
  // kNotFound naming the zone when the tz database does not know it.
  static Result<TimeZone> Find(std::string_view name);

  LocalTime ToLocal(Timestamp t) const;
  // For times skipped or repeated by a DST change, the earlier instant.
  Timestamp FromLocal(int year, unsigned month, unsigned day, int hour, int minute) const;
  const std::string& name() const { return name_; }

 private:
  TimeZone(const void* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const void* zone_;  // a date::time_zone, kept out of this header
  std::string name_;
};

}  // namespace civicpost
