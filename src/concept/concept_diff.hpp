#pragma once
// What changed between two versions of a concept.toml, as key paths for the
// audit log: "dpia.last_review", "+privacy", "-channels" (added, removed or
// changed; tables are compared one level deep, arrays as a whole).

#include <string>
#include <vector>

#include <toml++/toml.h>

namespace civicpost::usage {

std::vector<std::string> ChangedKeys(const toml::table& before, const toml::table& after);

}  // namespace civicpost::usage
