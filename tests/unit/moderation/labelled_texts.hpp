#pragma once
// The comments of the labelled data sets (../shared/data/moderation), for
// tests that hold a fast path to its reference over real German comments.
// Empty when the data is not there (the tests then skip).

#include <filesystem>
#include <string>
#include <vector>

#include "moderation/labelled_data.hpp"

namespace civicpost::moderation {

inline std::vector<std::string> LabelledTexts() {
  const std::filesystem::path dir =
      std::filesystem::path(CIVICPOST_SOURCE_DIR) / ".." / "shared" / "data" / "moderation";
  std::vector<std::string> texts;
  for (const auto& [file, format] : {std::pair{"germeval2018.training.txt", DataFormat::kGermEval},
                                     std::pair{"gahd.train_dev.csv", DataFormat::kCsv}}) {
    if (!std::filesystem::exists(dir / file)) continue;
    auto rows = ReadLabelled(dir / file, format);
    if (!rows) continue;
    for (LabelledComment& row : *rows) texts.push_back(std::move(row.text));
  }
  return texts;
}

}  // namespace civicpost::moderation
