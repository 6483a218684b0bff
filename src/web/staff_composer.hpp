#pragma once
// The composer's state between the form and the page, shared by the
// composer's handlers (staff_composer.cpp) and the workflow actions that
// send a blocked post back to it (staff_posts.cpp).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time_zone.hpp"
#include "publish/workflow.hpp"
#include "web/form.hpp"
#include "web/http_types.hpp"
#include "web/i18n.hpp"

namespace civicpost::web {

// What the composer shows: the draft plus the raw text of fields that did not parse.
struct ComposerState {
  publish::PostDraft draft;
  std::map<std::string, std::string> raw;  // event_start, event_end, scheduled_at as typed
  std::map<std::string, std::vector<std::string>> errors;  // field -> messages
  std::vector<std::string> summary;                        // every error, in form order
};

// The {id} path parameter as a post id, if it is one.
std::optional<PostId> PostIdOf(const Request& request);
// Reads the composer's fields; format errors (a date that does not parse)
// are reported, the concept's checks are not: a draft may be incomplete.
ComposerState ReadComposer(const Form& form, const Catalogue& catalogue, const std::string& lang,
                           const TimeZone& zone);
ComposerState ComposerFromPost(const publish::PostRecord& record, const TimeZone& zone);
void AddError(ComposerState* state, const std::string& field, const std::string& message);
// Each failed check at its field, in the person's language.
void AddProblems(ComposerState* state, const std::vector<publish::Problem>& problems,
                 const Catalogue& catalogue, const std::string& lang);
std::string ProblemText(const publish::Problem& problem, const Catalogue& catalogue,
                        const std::string& lang);

}  // namespace civicpost::web
