#include "moderation/fasttext_head.hpp"

#include <fasttext/fasttext.h>

#include <cmath>
#include <sstream>

#include "moderation/prepared_head.hpp"

namespace civicpost::moderation {
namespace {

fasttext::Args SupervisedArgs(const std::filesystem::path& training_file,
                              const HeadParameters& parameters) {
  fasttext::Args args;
  args.input = training_file.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = parameters.dim;
  args.epoch = parameters.epoch;
  args.lr = parameters.lr;
  args.wordNgrams = parameters.word_ngrams;
  args.minn = parameters.minn;
  args.maxn = parameters.maxn;
  args.bucket = parameters.bucket;
  args.minCount = parameters.min_count;
  args.seed = parameters.seed;
  args.thread = 1;
  args.verbose = 0;
  args.label = std::string(kLabelPrefix);
  return args;
}

}  // namespace

FastTextHead::FastTextHead(std::unique_ptr<fasttext::FastText> model) : model_(std::move(model)) {
  const auto dictionary = model_->getDictionary();
  for (int32_t i = 0; i < dictionary->nlabels(); ++i) {
    labels_.push_back(dictionary->getLabel(i).substr(kLabelPrefix.size()));
  }
}

FastTextHead::~FastTextHead() = default;
FastTextHead::FastTextHead(FastTextHead&&) noexcept = default;
FastTextHead& FastTextHead::operator=(FastTextHead&&) noexcept = default;

Result<FastTextHead> FastTextHead::Train(const std::filesystem::path& training_file,
                                         const HeadParameters& parameters) {
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->train(SupervisedArgs(training_file, parameters));
  } catch (const std::exception& e) {
    return InvalidArgument(training_file.string() + ": fastText cannot train: " + e.what());
  }
  return FastTextHead(std::move(model));
}

Result<FastTextHead> FastTextHead::Load(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) {
    return NotFound(file.string() + ": no such model file");
  }
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(file.string());
  } catch (const std::exception& e) {
    return InvalidArgument(file.string() + ": not a fastText model: " + e.what());
  }
  if (model->getDictionary()->nlabels() < 2) {
    return InvalidArgument(file.string() + ": not a classifier (fewer than two labels)");
  }
  FastTextHead head(std::move(model));
  try {
    head.prepared_ = std::make_unique<PreparedHead>(*head.model_);
  } catch (const std::exception& e) {
    return InvalidArgument(file.string() + ": " + e.what());
  }
  return head;
}

Status FastTextHead::Quantize(const std::filesystem::path& training_file,
                              const HeadParameters& parameters) {
  fasttext::Args args = SupervisedArgs(training_file, parameters);
  args.qnorm = true;
  args.retrain = true;
  args.cutoff = static_cast<size_t>(parameters.cutoff);
  args.dsub = 2;
  try {
    model_->quantize(args);
  } catch (const std::exception& e) {
    return Internal(training_file.string() + ": fastText cannot quantise: " + e.what());
  }
  return Status::Ok();
}

Status FastTextHead::Save(const std::filesystem::path& file) const {
  try {
    model_->saveModel(file.string());
  } catch (const std::exception& e) {
    return Unavailable(file.string() + ": cannot be written: " + e.what());
  }
  return Status::Ok();
}

std::vector<double> FastTextHead::Predict(const std::string& input) const {
  return prepared_ ? prepared_->Predict(input) : PredictWithLibrary(input);
}

std::vector<double> FastTextHead::PredictWithLibrary(const std::string& input) const {
  std::vector<double> probabilities(labels_.size(), 0.0);
  // Every training line ends in a newline, which fastText reads as a word
  // of its own; without it here short comments would be scored by their
  // few words alone, as the model never saw them.
  std::istringstream in(input + '\n');
  std::vector<int32_t> words;
  std::vector<int32_t> no_labels;
  model_->getDictionary()->getLine(in, words, no_labels);
  fasttext::Predictions predictions;
  model_->predict(-1, words, predictions, 0.0);
  for (const auto& [log_probability, index] : predictions) {
    probabilities[static_cast<size_t>(index)] = std::exp(log_probability);
  }
  return probabilities;
}

}  // namespace civicpost::moderation
