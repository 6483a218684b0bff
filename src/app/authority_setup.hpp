#pragma once
// Creating an authority from its validated concept: the organization, its
// channels and the concept as version 1, in the caller's transaction.

#include <string>

#include "concept/concept.hpp"
#include "store/repositories.hpp"

namespace civicpost::app {

struct NewAuthority {
  OrganizationId id;
  int concept_version = 0;
};

Result<NewAuthority> CreateAuthority(store::Transaction& tx, store::Repositories& repos,
                                     const Actor& actor, const usage::Concept& concept_data,
                                     const std::string& source_name, const std::string& toml_text);

// The only authority, or the one named by `slug`; errors say which exist.
Result<Organization> ChooseAuthority(store::SqlSession& db, store::Repositories& repos,
                                     const std::optional<std::string>& slug);

}  // namespace civicpost::app
