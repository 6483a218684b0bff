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
#include "concept/diagnostic.hpp"

#include <toml++/toml.h>
#include "core/result.hpp"
#include "documents/document.hpp"

namespace civicpost::documents {

struct DocumentContext {
  std::chrono::year_month_day today;
  int concept_version = 0;
};

// The document names `civicpost concept render --doc` accepts.
const std::vector<std::string_view>& DocumentNames();
bool IsDocumentName(std::string_view name);
// "nutzungskonzept, dsfa, ...", for messages.
std::string DocumentNameList();

// kInvalidArgument naming the known documents for an unknown `name`.
Result<Document> BuildDocument(std::string_view name, const usage::Concept& concept_data,
                               const DocumentContext& context);

// What a document needs beyond the concept schema (the privacy section for
// the Datenschutzhinweise and the Verzeichnis, all five processing kinds for
// the Verzeichnis), as diagnostics with file:line:column. Empty: renderable.
std::vector<usage::Diagnostic> CheckDocumentNeeds(std::string_view name, const toml::table& root,
                                                  std::string_view file);

Document BuildNutzungskonzept(const usage::Concept& concept_data);
Document BuildDpia(const usage::Concept& concept_data, std::chrono::year_month_day today);
// REQUIRES: concept_data.privacy.
Document BuildPrivacyNotice(const usage::Concept& concept_data);
Document BuildNetiquette(const usage::Concept& concept_data);
// REQUIRES: concept_data.privacy.
Document BuildRecordsOfProcessing(const usage::Concept& concept_data);

}  // namespace civicpost::documents
