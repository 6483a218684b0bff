#include "concept/authority_zone.hpp"

namespace civicpost::usage {

std::string AuthorityZoneName(const OfficeHours& hours) {
  if (hours.timezone.empty() || !TimeZone::Find(hours.timezone)) return "Europe/Berlin";
  return hours.timezone;
}

TimeZone AuthorityZone(const OfficeHours& hours) {
  return *TimeZone::Find(AuthorityZoneName(hours));
}

}  // namespace civicpost::usage
