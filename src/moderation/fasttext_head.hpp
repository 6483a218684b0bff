#pragma once
// One fastText model ("head") as the classifier uses it: loaded once,
// asked for the probability of each label of a model input
// (model_input.hpp). Keeps libfasttext's headers out of the rest of
// civicpost. Thread-safe for prediction.
//
// Prediction computes what fastText's predict computes (the mean of the
// input rows of every word, its character n-grams and the word bigrams,
// then softmax) from rows decoded once at load (prepared_head.hpp). A test
// holds it to libfasttext's answers.

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace fasttext {
class FastText;
}

namespace civicpost::moderation {

class PreparedHead;

// fastText's training settings that the model card records.
struct HeadParameters {
  int dim = 50;
  int epoch = 25;
  double lr = 0.2;
  int word_ngrams = 2;
  int minn = 3;  // character n-grams: German compounds share their parts
  int maxn = 5;
  int bucket = 200000;
  int min_count = 1;
  int cutoff = 60000;  // rows kept by quantisation
  int seed = 2018;
};

class FastTextHead {
 public:
  ~FastTextHead();
  FastTextHead(FastTextHead&&) noexcept;
  FastTextHead& operator=(FastTextHead&&) noexcept;

  // `training_file` holds one example per line: "__label__X tokens...".
  // One thread and a fixed seed, so that the same data gives the same model.
  static Result<FastTextHead> Train(const std::filesystem::path& training_file,
                                    const HeadParameters& parameters);
  static Result<FastTextHead> Load(const std::filesystem::path& file);

  // Product quantisation (a smaller model, retrained on `training_file`).
  Status Quantize(const std::filesystem::path& training_file, const HeadParameters& parameters);
  Status Save(const std::filesystem::path& file) const;

  // The label names, as trained ("ABUSE", "OTHER", ...), in index order.
  const std::vector<std::string>& labels() const { return labels_; }
  // Probabilities per label index for a model input (one line).
  std::vector<double> Predict(const std::string& input) const;
  // The same through libfasttext's own predict (tests, benchmarks).
  std::vector<double> PredictWithLibrary(const std::string& input) const;

 private:
  explicit FastTextHead(std::unique_ptr<fasttext::FastText> model);

  std::unique_ptr<fasttext::FastText> model_;
  std::vector<std::string> labels_;
  std::unique_ptr<PreparedHead> prepared_;  // set by Load; Train's heads use the library
};

// fastText's label prefix; the model inputs are case-folded, so a comment
// can never spell an upper-case label.
inline constexpr std::string_view kLabelPrefix = "__label__";

}  // namespace civicpost::moderation
