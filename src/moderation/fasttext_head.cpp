#include "moderation/fasttext_head.hpp"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace civicpost::moderation {
namespace {

// fastText's dictionary with its id helpers in reach: the loaded model's
// dictionary, copied through its own serialisation.
class IdDictionary : public fasttext::Dictionary {
 public:
  IdDictionary(std::shared_ptr<fasttext::Args> args, std::istream& in) : Dictionary(args, in) {}
  void Subwords(std::vector<int32_t>& ids, const std::string& token, int32_t id) const {
    addSubwords(ids, token, id);
  }
  void Bigrams(std::vector<int32_t>& ids, const std::vector<int32_t>& hashes, int32_t n) const {
    addWordNgrams(ids, hashes, n);
  }
};

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

struct FastTextHead::Words {
  std::unique_ptr<IdDictionary> dictionary;
  int32_t dim = 0;
  int32_t word_ngrams = 1;
  std::vector<float> sums;      // per vocabulary word: its rows summed, `dim` floats each
  std::vector<int32_t> counts;  // per vocabulary word: how many rows
  std::vector<float> output;    // labels x dim
};

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
    head.PrepareWords();
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

void FastTextHead::PrepareWords() {
  auto words = std::make_unique<Words>();
  const fasttext::Args args = model_->getArgs();
  if (args.model != fasttext::model_name::sup || args.loss != fasttext::loss_name::softmax) {
    throw std::runtime_error("not a softmax classifier");
  }
  std::stringstream serialised;
  model_->getDictionary()->save(serialised);
  words->dictionary =
      std::make_unique<IdDictionary>(std::make_shared<fasttext::Args>(args), serialised);
  words->dim = model_->getDimension();
  words->word_ngrams = args.wordNgrams;
  const auto dim = static_cast<size_t>(words->dim);
  const int32_t nwords = words->dictionary->nwords();
  words->sums.assign(static_cast<size_t>(nwords) * dim, 0.0F);
  words->counts.assign(static_cast<size_t>(nwords), 0);
  fasttext::Vector row(words->dim);
  for (int32_t word = 0; word < nwords; ++word) {
    std::vector<int32_t> ids;
    words->dictionary->Subwords(ids, words->dictionary->getWord(word), word);
    float* sum = &words->sums[static_cast<size_t>(word) * dim];
    for (int32_t id : ids) {
      model_->getInputVector(row, id);
      for (size_t j = 0; j < dim; ++j) sum[j] += row[static_cast<int64_t>(j)];
    }
    words->counts[static_cast<size_t>(word)] = static_cast<int32_t>(ids.size());
  }
  const auto output = model_->getOutputMatrix();
  for (int64_t label = 0; label < output->size(0); ++label) {
    for (int64_t j = 0; j < output->size(1); ++j) words->output.push_back(output->at(label, j));
  }
  words_ = std::move(words);
}

std::vector<double> FastTextHead::Predict(const std::string& input) const {
  if (!words_) return PredictWithLibrary(input);
  const Words& w = *words_;
  const auto dim = static_cast<size_t>(w.dim);
  std::vector<float> hidden(dim, 0.0F);
  int64_t rows = 0;
  fasttext::Vector row(w.dim);
  const auto add_row = [&](int32_t id) {
    model_->getInputVector(row, id);
    for (size_t j = 0; j < dim; ++j) hidden[j] += row[static_cast<int64_t>(j)];
    ++rows;
  };
  // As Dictionary::getLine reads a line for a classifier: every token, then
  // the end of the line.
  std::vector<int32_t> hashes;
  std::vector<int32_t> ids;
  const auto take = [&](const std::string& word) {
    const uint32_t h = w.dictionary->hash(word);
    const int32_t id = w.dictionary->getId(word, h);
    if (id >= 0) {
      const float* sum = &w.sums[static_cast<size_t>(id) * dim];
      for (size_t j = 0; j < dim; ++j) hidden[j] += sum[j];
      rows += w.counts[static_cast<size_t>(id)];
    } else {
      ids.clear();
      w.dictionary->Subwords(ids, word, id);
      for (int32_t subword : ids) add_row(subword);
    }
    hashes.push_back(static_cast<int32_t>(h));
  };
  // The characters fastText's readWord splits at.
  constexpr std::string_view kDelimiters(" \n\r\t\v\f\0", 7);
  for (size_t start = 0; start < input.size();) {
    const size_t end = std::min(input.find_first_of(kDelimiters, start), input.size());
    if (end > start) take(input.substr(start, end - start));
    start = end + 1;
  }
  take(fasttext::Dictionary::EOS);
  ids.clear();
  w.dictionary->Bigrams(ids, hashes, w.word_ngrams);
  for (int32_t bigram : ids) add_row(bigram);

  std::vector<double> probabilities(labels_.size(), 0.0);
  if (rows == 0) return probabilities;
  const float scale = 1.0F / static_cast<float>(rows);
  double highest = -1e300;
  for (size_t label = 0; label < labels_.size(); ++label) {
    const float* weights = &w.output[label * dim];
    float logit = 0;
    for (size_t j = 0; j < dim; ++j) logit += weights[j] * hidden[j] * scale;
    probabilities[label] = logit;
    highest = std::max(highest, probabilities[label]);
  }
  double total = 0;
  for (double& p : probabilities) total += (p = std::exp(p - highest));
  for (double& p : probabilities) p /= total;
  return probabilities;
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
