#include "moderation/classifier.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "moderation/model_input.hpp"

namespace civicpost::moderation {
namespace {

double Probability(const std::vector<std::string>& labels, const std::vector<double>& probabilities,
                   std::string_view label) {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == label) return probabilities[i];
  }
  return 0;
}

}  // namespace

double PositiveProbability(const std::vector<std::string>& labels,
                           const std::vector<double>& probabilities) {
  return std::clamp(1.0 - Probability(labels, probabilities, "OTHER"), 0.0, 1.0);
}

ClassifierScores Combine(const std::vector<std::string>& offense_labels, const HeadOutputs& outputs,
                         const Calibrations& calibrations) {
  ClassifierScores scores;
  const double offense_raw = PositiveProbability(offense_labels, outputs.offense);
  const double offense = calibrations.offense.Apply(offense_raw);
  scores.hate = calibrations.hate.Apply(outputs.hate);
  // The calibrated offense shared out as the head saw its kinds.
  const double insulting = Probability(offense_labels, outputs.offense, "ABUSE") +
                           Probability(offense_labels, outputs.offense, "INSULT");
  const double vulgar = Probability(offense_labels, outputs.offense, "PROFANITY");
  if (insulting + vulgar > 0) {
    scores.insult = offense * insulting / (insulting + vulgar);
    scores.profanity = offense * vulgar / (insulting + vulgar);
  }
  scores.abusive = offense;
  const auto likeliest = std::max_element(outputs.offense.begin(), outputs.offense.end());
  if (likeliest != outputs.offense.end()) {
    scores.kind = offense_labels[static_cast<size_t>(likeliest - outputs.offense.begin())];
  }
  return scores;
}

Classifier::Classifier(FastTextHead offense, FastTextHead hate, Lexicon lexicon,
                       Calibrations calibrations, double offense_threshold)
    : offense_(std::move(offense)),
      hate_(std::move(hate)),
      lexicon_(std::move(lexicon)),
      calibrations_(std::move(calibrations)),
      offense_threshold_(offense_threshold) {}

Result<Classifier> Classifier::Load(const std::filesystem::path& model_dir) {
  const std::filesystem::path model_file = model_dir / kModelFile;
  std::ifstream in(model_file);
  if (!in)
    return NotFound(model_file.string() + ": cannot be opened (run `civicpost model train`)");
  nlohmann::json model;
  try {
    model = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(model_file.string() + ": " + e.what());
  }
  Calibrations calibrations;
  double offense_threshold = 0.5;
  try {
    auto offense = Calibration::FromJson(model.at("heads").at("offense").at("calibration"),
                                         model_file.string() + ": heads.offense.calibration");
    if (!offense) return offense.error();
    auto hate = Calibration::FromJson(model.at("heads").at("hate").at("calibration"),
                                      model_file.string() + ": heads.hate.calibration");
    if (!hate) return hate.error();
    calibrations = {*std::move(offense), *std::move(hate)};
    offense_threshold = model.at("offense_threshold").get<double>();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(model_file.string() + ": " + e.what());
  }
  auto offense_head = FastTextHead::Load(model_dir / kOffenseHeadFile);
  if (!offense_head) return offense_head.error();
  auto hate_head = FastTextHead::Load(model_dir / kHateHeadFile);
  if (!hate_head) return hate_head.error();
  if (std::find(hate_head->labels().begin(), hate_head->labels().end(), "HATE") ==
      hate_head->labels().end()) {
    return InvalidArgument((model_dir / kHateHeadFile).string() + ": has no HATE label");
  }
  auto lexicon = Lexicon::Load(model_dir / kLexiconFile);
  if (!lexicon) return lexicon.error();
  return Classifier(*std::move(offense_head), *std::move(hate_head), *std::move(lexicon),
                    std::move(calibrations), offense_threshold);
}

HeadOutputs Classifier::Heads(const std::string& model_input) const {
  HeadOutputs outputs;
  outputs.offense = offense_.Predict(model_input);
  outputs.hate = Probability(hate_.labels(), hate_.Predict(model_input), "HATE");
  return outputs;
}

ClassifierScores Classifier::Score(const FoldedText& text) const {
  const std::string input = ModelInput(text);
  ClassifierScores scores = Combine(offense_.labels(), Heads(input), calibrations_);
  scores.explicit_words = lexicon_.Matches(input);
  return scores;
}

}  // namespace civicpost::moderation
