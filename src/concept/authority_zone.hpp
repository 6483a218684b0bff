#pragma once
// The authority's time zone: the one its office hours name, Europe/Berlin
// when they name none (or one the tz database does not know). Dates the
// authority sees (deadlines, reports, documents, office hours) are read in it.

#include <string>

#include "concept/concept.hpp"
#include "core/time_zone.hpp"

namespace civicpost::usage {

std::string AuthorityZoneName(const OfficeHours& hours);
TimeZone AuthorityZone(const OfficeHours& hours);

}  // namespace civicpost::usage
