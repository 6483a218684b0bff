#pragma once
// The parsed usage concept of each authority, parsed once per stored version.
// Each call asks the store only for the current version's digest.
//
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "concept/concept.hpp"
#include "store/repositories.hpp"

namespace civicpost::web {

class ConceptCache {
 public:
  ConceptCache(store::Database& db, store::Repositories& repos) : db_(db), repos_(repos) {}

  // kNotFound when the authority has no concept loaded.
  Result<std::shared_ptr<const usage::Concept>> For(OrganizationId org);

 private:
  store::Database& db_;
  store::Repositories& repos_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const usage::Concept>> by_sha256_;  // guarded by mu_
};

}  // namespace civicpost::web
