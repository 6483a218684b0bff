#pragma once
// The standard notice to the person whose comment was hidden or deleted
// (R23), in the authority's words from its concept: the netiquette rule (or
// the suspected offence) and an off-platform way to ask for a review.

#include <string>

#include "concept/concept.hpp"
#include "core/comment.hpp"

namespace civicpost::moderation {

std::string StandardNotice(const usage::Concept& authority_concept, const Decision& measure);

}  // namespace civicpost::moderation
