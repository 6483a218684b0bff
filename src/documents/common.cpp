#include "documents/common.hpp"

namespace civicpost::documents {

std::string AddressLine(const usage::PostalAddress& address) {
  return address.street + ", " + address.postal_code + " " + address.city;
}

std::string DpoLine(const usage::Concept& c) {
  const usage::DataProtectionOfficer& dpo = c.data_protection_officer;
  return dpo.FormalName() + ", " + dpo.title + ", E-Mail: " + dpo.email + ", Telefon: " + dpo.phone;
}

bool IsOwnWebsite(const usage::Channel& channel) {
  return channel.mirror || channel.platform == ChannelPlatform::kWebsite;
}

}  // namespace civicpost::documents
