#pragma once
// Timestamps as text: ISO 8601 in UTC ("2026-11-25T09:30:00Z") is how they
// are stored (portable across SQLite and PostgreSQL, sortable as text) and
// exchanged in JSON.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace civicpost {

std::string FormatIsoUtc(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DD HH:MM:SS" (UTC) and offsets
// like "+01:00". Returns nullopt for anything else, including invalid dates.
std::optional<Timestamp> ParseIsoUtc(std::string_view text);

// Calendar dates (a consent's expiry, a licence's end) as "YYYY-MM-DD".
using Date = std::chrono::year_month_day;
std::string FormatIsoDate(Date date);
// Exactly "YYYY-MM-DD" and a real date; nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view text);

}  // namespace civicpost
