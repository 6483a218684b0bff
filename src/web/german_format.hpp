#pragma once
// Dates as German readers expect them: "18. November 2026",
// "Samstag, 5. Dezember 2026, 16:00 Uhr".

#include <string>

#include "core/time_zone.hpp"

namespace civicpost::web {

std::string GermanDate(const LocalTime& t);
std::string GermanDateTime(const LocalTime& t);

}  // namespace civicpost::web
