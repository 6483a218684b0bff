#pragma once
// The schema of concept.toml, version kConceptSchemaVersion. Cross-field
// rules (unique ids, references, thresholds) that a schema cannot express
// are in concept_checks.hpp. docs/concept-schema.md documents every key.

#include "concept/toml_schema.hpp"

namespace civicpost::usage {

// Built once on first use; thread-safe.
const TableSpec& ConceptSchema();

}  // namespace civicpost::usage
