#include "web/authority_profile.hpp"

#include "concept/authority_zone.hpp"

namespace civicpost::web {
namespace {

std::string ContactUrl(const usage::AlternativeContact& c) {
  switch (c.kind) {
    case usage::ContactKind::kWebsite:
    case usage::ContactKind::kServicePortal:
      return c.value;
    case usage::ContactKind::kEmail:
      return "mailto:" + c.value;
    case usage::ContactKind::kPhone: {
      std::string digits;
      for (char ch : c.value) {
        if ((ch >= '0' && ch <= '9') || (ch == '+' && digits.empty())) digits += ch;
      }
      return "tel:" + digits;
    }
  }
  return "";
}

}  // namespace

AuthorityProfile ProfileFromConcept(const usage::Concept& c) {
  AuthorityProfile p;
  p.name = c.authority.name;
  p.time_zone = usage::AuthorityZoneName(c.office_hours);
  for (const usage::Channel& channel : c.channels) {
    if (channel.platform == ChannelPlatform::kInstagram && !p.instagram) {
      p.instagram = ContactLink{"Instagram", channel.handle ? "@" + *channel.handle : channel.name,
                                channel.url};
    }
  }
  p.alternatives_text = c.alternatives.paragraphs;
  for (const usage::AlternativeContact& contact : c.alternatives.contacts) {
    p.contacts.push_back({contact.label, contact.value, ContactUrl(contact)});
  }
  const usage::Responsibility& r = c.responsibility;
  if (!r.department.empty()) {
    p.responsible_lines = {c.authority.name, r.department, r.address.street,
                           r.address.postal_code + " " + r.address.city};
  }
  for (const usage::StaffMember& staff : r.staff) {
    p.staff.push_back({staff.FormalName(), staff.email, staff.phone});
  }
  const usage::DataProtectionOfficer& dpo = c.data_protection_officer;
  if (!dpo.name.empty()) {
    p.dpo_title = dpo.title;
    p.dpo = PersonContact{dpo.FormalName(), dpo.email, dpo.phone};
  }
  for (const usage::Topic& topic : c.topics) p.topic_names[topic.id] = topic.name;
  return p;
}

}  // namespace civicpost::web
