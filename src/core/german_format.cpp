#include "core/german_format.hpp"

#include <array>
#include <cstdio>

namespace civicpost {
namespace {

constexpr std::array<const char*, 12> kMonths = {
    "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
    "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
constexpr std::array<const char*, 7> kWeekdays = {"Montag",  "Dienstag", "Mittwoch", "Donnerstag",
                                                  "Freitag", "Samstag",  "Sonntag"};

}  // namespace

std::string GermanDate(std::chrono::year_month_day date) {
  return std::to_string(static_cast<unsigned>(date.day())) + ". " +
         kMonths.at(static_cast<unsigned>(date.month()) - 1) + " " +
         std::to_string(static_cast<int>(date.year()));
}

std::string GermanDate(const LocalTime& t) { return GermanDate(t.date()); }

std::string GermanDateTime(const LocalTime& t) {
  char clock[32];
  std::snprintf(clock, sizeof clock, "%02d:%02d", t.hour, t.minute);
  return std::string(kWeekdays.at(t.weekday - 1)) + ", " + GermanDate(t) + ", " + clock + " Uhr";
}

}  // namespace civicpost
