#pragma once
// Moderators' decisions as labelled examples, so an authority can measure
// the model on its own history (`civicpost model eval --format csv`) and
// retrain with it (`civicpost model train --extra FILE`). A comment's label
// is the last word a person had about it: kept (none, reply, rejected
// proposal, restored) is 0, hidden or deleted (carried out or confirmed) is
// 1. Comments only the engine decided about, and comments whose words
// retention erased, are left out.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/comment.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

// 1 (abusive), 0 (kept) or nullopt when no person has had the last word.
std::optional<bool> PersonVerdict(const std::vector<Decision>& decisions);

struct ModeratorExample {
  std::string text;
  bool abusive = false;
  std::string category;  // of the deciding decision, e.g. "insult"
};

Result<std::vector<ModeratorExample>> ModeratorExamples(store::SqlSession& db,
                                                        store::Repositories& repos);

// RFC 4180 CSV with the header "text,label,category", as ReadLabelled reads it.
std::string ExamplesCsv(const std::vector<ModeratorExample>& examples);

}  // namespace civicpost::moderation
