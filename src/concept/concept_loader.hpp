#pragma once
// Loading concept.toml into a Concept, with every problem reported at once.
//
// Typical usage:
//   ConceptLoad load = LoadConceptFile("examples/sassenberg/concept.toml");
//   if (!load.ok()) {
//     std::cerr << FormatDiagnostics(load.diagnostics);
//     return 1;
//   }
//   const Concept& concept_value = *load.concept_value;

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "concept/concept.hpp"
#include "concept/diagnostic.hpp"

namespace civicpost::usage {

struct ConceptLoad {
  // Set only if there are no diagnostics.
  std::optional<Concept> concept_value;
  // File, syntax, schema and cross-field problems, sorted by position.
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return concept_value.has_value() && diagnostics.empty(); }
};

// Reads, checks and converts a concept file. Diagnostics name the file as
// path.string(). A missing or unreadable file gives one Diagnostic with line 0.
ConceptLoad LoadConceptFile(const std::filesystem::path& path);

// The same for text already in memory; `source_name` is the file name used in
// diagnostics.
ConceptLoad ParseConcept(std::string_view toml_text, std::string source_name);

}  // namespace civicpost::usage
