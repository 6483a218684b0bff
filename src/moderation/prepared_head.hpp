#pragma once
// A loaded fastText head made ready for fast prediction (fasttext_head.hpp).
// fastText's predict sums, for every token of the line, the input rows of
// the word (or of its character n-grams when it is not in the vocabulary),
// then the rows of the word bigrams, and applies softmax to the mean times
// the output matrix. In a quantised model every row is decoded from
// product-quantised codes each time it is read, and each n-gram id goes
// through a hash map. Here every row is decoded once at load (about 12 MB
// per head for our models), every vocabulary word's rows are summed once,
// and n-gram buckets map to rows through a plain array. The sums are taken
// in fastText's order, so the result is the same as before this cache.
//
// Thread-safe once built.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fasttext {
class FastText;
}

namespace civicpost::moderation {

class PreparedHead {
 public:
  // Throws std::runtime_error if `model` is not a softmax classifier.
  explicit PreparedHead(fasttext::FastText& model);
  ~PreparedHead();
  PreparedHead(const PreparedHead&) = delete;
  PreparedHead& operator=(const PreparedHead&) = delete;

  // Probabilities per label index for one line of input.
  std::vector<double> Predict(std::string_view input) const;

 private:
  class Dictionary;
  const float* Row(int32_t row) const { return &rows_[static_cast<size_t>(row) * dim_]; }
  // The row of a character n-gram or bigram bucket, or -1 if quantisation dropped it.
  int32_t BucketRow(uint64_t bucket) const;
  // Adds the rows of the character n-grams of a word not in the vocabulary.
  void AddSubwordRows(std::string_view word, std::vector<float>& hidden, int64_t& rows) const;

  std::unique_ptr<Dictionary> dictionary_;
  size_t dim_ = 0;
  int32_t word_ngrams_ = 1;
  int32_t minn_ = 0;
  int32_t maxn_ = 0;
  int32_t nwords_ = 0;
  std::vector<int32_t> bucket_rows_;  // n-gram bucket -> row, -1: dropped
  std::vector<float> rows_;           // every input row, decoded, `dim_` floats each
  std::vector<float> word_sums_;      // per vocabulary word: its rows summed
  std::vector<int32_t> word_counts_;  // per vocabulary word: how many rows
  std::vector<float> output_;         // labels x dim
  size_t labels_ = 0;
};

}  // namespace civicpost::moderation
