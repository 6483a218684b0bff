#pragma once
// Reads labelled German comments for training and evaluation:
// - GermEval 2018 TSV: text, coarse label (OFFENSE/OTHER), fine label
//   (ABUSE/INSULT/PROFANITY/OTHER); line breaks in a text are "|LBR|".
// - CSV (RFC 4180, quoted fields may span lines) with a header that names a
//   `text` and a `label` column; label 1/OFFENSE/HATE is abusive, 0/OTHER is
//   not (GAHD's format).
// Errors name the file and line.

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace civicpost::moderation {

enum class DataFormat { kGermEval, kCsv };

struct LabelledComment {
  std::string text;
  bool abusive = false;
  std::string fine;  // GermEval's fine label; "OFFENSE" or "OTHER" for CSV
};

Result<std::vector<LabelledComment>> ReadLabelled(const std::filesystem::path& file,
                                                  DataFormat format);

}  // namespace civicpost::moderation
