#pragma once
// Cross-field rules of concept.toml that ConceptSchema() cannot express:
//   - topic, channel and netiquette clause ids are unique;
//   - responsibility.channels names existing channel ids;
//   - moderation.review_threshold < moderation.auto_hide_threshold;
//   - alternatives.contacts[].value fits its kind (URL, phone, e-mail);
//   - dpia.status = "final" only with dpia.dpo_opinion and the residual risk accepted.
// (Staff roles, the slug format and number ranges are schema rules.)

#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "concept/diagnostic.hpp"

namespace civicpost::usage {

// Runs on a table that may also have schema problems: parts with the wrong
// shape are skipped (the schema check reports them), so both checks can run
// in one pass and the user sees every problem at once.
std::vector<Diagnostic> CheckConceptRules(const toml::table& root, std::string_view file);

}  // namespace civicpost::usage
