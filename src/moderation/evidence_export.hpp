#pragma once
// The package for a criminal complaint (`civicpost evidence export ID`, and
// the inbox's button): the stored snapshot byte for byte as JSON, and a
// summary in German as HTML and PDF with every fact a police officer asks
// for and the hashes that show the record was not changed. The export
// checks the record's hash and its link to the record before it itself,
// which may be the tombstone of a record deleted under retention.

#include <filesystem>
#include <string>
#include <vector>

#include "core/comment.hpp"
#include "documents/document.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

struct EvidenceCheck {
  bool content_intact = false;  // sha256 is the snapshot's SHA-256
  bool chain_intact = false;    // hash = SHA-256(prev_hash + sha256), prev_hash the record before
};

EvidenceCheck CheckEvidence(const Evidence& evidence, const std::string& previous_hash);

// The German summary; `authority` names who secured it.
documents::Document EvidenceSummary(const Evidence& evidence, const EvidenceCheck& check,
                                    const std::string& authority);

struct ExportedEvidence {
  std::vector<std::filesystem::path> files;  // .json, .html, .pdf
  EvidenceCheck check;
};

// What an export of a record deleted under retention says instead: when
// (German and ISO date) and under which rule.
std::string DeletedEvidenceMessage(const store::EvidenceTombstone& tombstone);

// Writes evidence-<id>.json, .html and .pdf into `out_dir` (created if
// missing). Errors name the evidence id or the file; a record deleted under
// retention is kNotFound with DeletedEvidenceMessage().
Result<ExportedEvidence> ExportEvidence(store::SqlSession& db, store::Repositories& repos,
                                        EvidenceId id, const std::filesystem::path& out_dir);

}  // namespace civicpost::moderation
