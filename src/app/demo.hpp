#pragma once
// The demo authority "Stadt Sassenberg": its concept, staff accounts with
// fresh random passwords, illustrations and posts, all from the bundle
// compiled into the binary (examples/sassenberg/).

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "concept/concept_loader.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/repositories.hpp"

namespace civicpost::app {

struct DemoLogin {
  std::string email;
  std::string password;
  std::string roles;
};

// The demo authority's concept as the binary carries it.
usage::ConceptLoad LoadDemoConcept();
std::string DemoConceptText();

// The file in the data directory holding the demo logins (mode 0600).
std::filesystem::path DemoLoginsPath(const std::filesystem::path& data_dir);

// Loads the demo in one transaction: all of it or nothing. kConflict if the
// demo authority exists already.
Result<std::vector<DemoLogin>> LoadDemo(store::Database& db, store::Repositories& repos,
                                        const Clock& clock, const std::filesystem::path& data_dir);

// The logins written by LoadDemo, to print at start-up.
std::vector<DemoLogin> ReadDemoLogins(const std::filesystem::path& data_dir);

void PrintDemoLogins(std::ostream& out, const std::vector<DemoLogin>& logins);

}  // namespace civicpost::app
