#pragma once
// The German abuse classifier: two fastText heads trained separately,
// because their labels mean different things (../shared/data/moderation):
// - "offense" on GermEval 2018 (ABUSE, INSULT, PROFANITY or OTHER), the
//   wide sense of offensive language;
// - "hate" on GAHD (hate speech against groups or not), a narrower class.
// Each head's raw probability is calibrated (calibration.hpp) on its
// cross-validated predictions, so scores can be compared with the concept's
// thresholds. The model directory holds offense.ftz, hate.ftz,
// lexicon.txt and model.json (calibration and the training record), written
// by `civicpost model train`.
//
// Thread-safe once loaded.

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "moderation/calibration.hpp"
#include "moderation/fasttext_head.hpp"
#include "moderation/lexicon.hpp"
#include "moderation/text_fold.hpp"

namespace civicpost::moderation {

// Calibrated probabilities, 0..1.
struct ClassifierScores {
  double abusive = 0;    // offensive in GermEval's sense, or hateful
  double insult = 0;     // the part of `offense` that insults or degrades
  double profanity = 0;  // the part that is only vulgar
  double hate = 0;
  bool explicit_words = false;  // holds a word of the abuse lexicon (lexicon.hpp)
  std::string kind{};           // the offense head's likeliest label: ABUSE, INSULT, ..., OTHER
};

// What each head said, before calibration; the trainer and the classifier
// both turn them into scores with `Combine`.
struct HeadOutputs {
  std::vector<double> offense;  // per label of the offense head
  double hate = 0;              // the hate head's probability of HATE
};

struct Calibrations {
  Calibration offense;
  Calibration hate;
};

// `offense_labels` are the offense head's labels in index order.
ClassifierScores Combine(const std::vector<std::string>& offense_labels, const HeadOutputs& outputs,
                         const Calibrations& calibrations);

// Probability of the positive class: everything but OTHER.
double PositiveProbability(const std::vector<std::string>& labels,
                           const std::vector<double>& probabilities);

inline constexpr std::string_view kModelFile = "model.json";
inline constexpr std::string_view kOffenseHeadFile = "offense.ftz";
inline constexpr std::string_view kHateHeadFile = "hate.ftz";

class Classifier {
 public:
  // Errors name the file that is missing or broken.
  static Result<Classifier> Load(const std::filesystem::path& model_dir);

  ClassifierScores Score(const FoldedText& text) const;

  // The `abusive` score from which a comment counts as OFFENSE when the
  // model is evaluated (chosen for macro-F1 in cross-validation).
  double offense_threshold() const { return offense_threshold_; }

 private:
  HeadOutputs Heads(const std::string& model_input) const;

  Classifier(FastTextHead offense, FastTextHead hate, Lexicon lexicon, Calibrations calibrations,
             double offense_threshold);

  FastTextHead offense_;
  FastTextHead hate_;
  Lexicon lexicon_;
  Calibrations calibrations_;
  double offense_threshold_ = 0.5;
};

}  // namespace civicpost::moderation
