#pragma once
// Builds what the public page shows about an authority from its concept.

#include <string>

#include "concept/concept.hpp"
#include "core/result.hpp"
#include "web/public_site.hpp"

namespace civicpost::web {

AuthorityProfile ProfileFromConcept(const usage::Concept& concept_data);

// Parses a stored concept.toml; kInvalidArgument with the diagnostics if it
// no longer validates.
Result<AuthorityProfile> ProfileFromConceptText(const std::string& toml_text,
                                                const std::string& source_name);

}  // namespace civicpost::web
