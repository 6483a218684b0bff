#pragma once
// Dates as German readers expect them: "18. November 2026",
// "Samstag, 5. Dezember 2026, 16:00 Uhr".

#include <chrono>
#include <string>

#include "core/time_zone.hpp"

namespace civicpost {

std::string GermanDate(const LocalTime& t);
std::string GermanDate(std::chrono::year_month_day date);
std::string GermanDateTime(const LocalTime& t);

}  // namespace civicpost
