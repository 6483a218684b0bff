#pragma once
// The documents a concept renders into. Each builder only reads the concept;
// the caller supplies the date and version shown in the footer.
//
// Typical usage:
//   auto doc = BuildDocument("dsfa", concept, {.today = today, .concept_version = 3});
//   if (!doc) return doc.error();   // unknown document name
//   std::string html = RenderHtml(*doc);

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "concept/concept.hpp"
#include "core/result.hpp"
#include "documents/document.hpp"

namespace civicpost::documents {

struct DocumentContext {
  std::chrono::year_month_day today;
  int concept_version = 0;
};

// The document names `civicpost concept render --doc` accepts.
const std::vector<std::string_view>& DocumentNames();

// kInvalidArgument naming the known documents for an unknown `name`.
Result<Document> BuildDocument(std::string_view name, const usage::Concept& concept_data,
                               const DocumentContext& context);

Document BuildNutzungskonzept(const usage::Concept& concept_data);
Document BuildDpia(const usage::Concept& concept_data, std::chrono::year_month_day today);

}  // namespace civicpost::documents
