#pragma once
// Builds what the public page shows about an authority from its concept.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "concept/concept.hpp"
#include "core/result.hpp"

namespace civicpost::web {

struct ContactLink {
  std::string label;
  std::string text;
  std::string url;  // may be empty
};

struct PersonContact {
  std::string name;
  std::string email;
  std::string phone;
};

// What the public page shows about an authority, taken from its concept.
struct AuthorityProfile {
  std::string name;
  std::string time_zone = "Europe/Berlin";
  std::optional<ContactLink> instagram;
  std::vector<std::string> alternatives_text;
  std::vector<ContactLink> contacts;
  std::vector<std::string> responsible_lines;  // department and address
  std::vector<PersonContact> staff;
  std::string dpo_title;
  std::optional<PersonContact> dpo;
  std::map<std::string, std::string> topic_names;  // id -> name
};

AuthorityProfile ProfileFromConcept(const usage::Concept& concept_data);

}  // namespace civicpost::web
