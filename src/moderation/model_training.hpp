#pragma once
// `civicpost model train`: the classifier's two heads from the labelled
// German data (../shared/data/moderation), cross-validated, calibrated,
// quantised and written with a record of how (model.json). The same data
// and parameters give the same files: one thread, fixed seeds, folds drawn
// from a seeded shuffle.

#include <filesystem>
#include <iosfwd>

#include "core/result.hpp"
#include "moderation/fasttext_head.hpp"
#include "moderation/metrics.hpp"

namespace civicpost::moderation {

struct TrainingOptions {
  std::filesystem::path data_dir;  // holds germeval2018.training.txt and gahd.train_dev.csv
  std::filesystem::path out_dir;   // gets offense.ftz, hate.ftz, model.json
  int folds = 5;
  HeadParameters offense{};
  HeadParameters hate{};
  // The `abusive` score from which a comment is hidden (the concept's
  // auto_hide_threshold), for the hide precision the record reports.
  double hide_threshold = 0.95;
  // The authority's own labelled comments (`civicpost model examples`, CSV
  // with text and label) join GermEval in the offense head, and in its
  // cross-validated figures.
  std::vector<std::filesystem::path> extra{};
};

struct TrainingReport {
  ClassificationReport germeval_coarse;  // cross-validated, OFFENSE from offense_threshold
  ClassificationReport germeval_fine;    // cross-validated, the offense head's best label
  ClassificationReport gahd;             // cross-validated hate head at 0.5
  double offense_threshold = 0.5;
  // Of abusive >= hide_threshold with an explicit word (lexicon.hpp) on
  // GermEval, cross-validated.
  double hide_precision = 0;
  double hide_recall = 0;
};

// Progress lines go to `log`.
Result<TrainingReport> TrainModels(const TrainingOptions& options, std::ostream& log);

}  // namespace civicpost::moderation
