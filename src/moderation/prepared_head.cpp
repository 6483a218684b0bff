#include "moderation/prepared_head.hpp"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace civicpost::moderation {

// fastText's dictionary with what prediction needs in reach: the loaded
// model's dictionary, copied through its own serialisation.
class PreparedHead::Dictionary : public fasttext::Dictionary {
 public:
  Dictionary(std::shared_ptr<fasttext::Args> args, std::istream& in)
      : fasttext::Dictionary(std::move(args), in) {}
  void Subwords(std::vector<int32_t>& ids, const std::string& token, int32_t id) const {
    addSubwords(ids, token, id);
  }
  int32_t bucket() const { return args_->bucket; }
  // -1: nothing pruned (every bucket has its row); otherwise the number of
  // buckets quantisation kept, each mapped to its row in `pruned_rows`.
  int64_t pruned_size() const { return pruneidx_size_; }
  const std::unordered_map<int32_t, int32_t>& pruned_rows() const { return pruneidx_; }
};

namespace {

// fastText's hash (FNV-1a over signed bytes), one byte at a time.
uint32_t HashByte(uint32_t h, char c) {
  return (h ^ static_cast<uint32_t>(static_cast<int8_t>(c))) * 16777619U;
}
constexpr uint32_t kHashStart = 2166136261U;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The characters fastText's readWord splits at.
bool IsDelimiter(char c) {
  switch (c) {
    case ' ':
    case '\n':
    case '\r':
    case '\t':
    case '\v':
    case '\f':
    case '\0':
      return true;
    default:
      return false;
  }
}

// hidden += row, element by element (the order fastText adds rows in is
// kept by the callers); the two never overlap, so it vectorises, with AVX2
// where the processor has it (plain additions either way: the same sums).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx2", "default")))
#endif
void AddRow(float* __restrict hidden, const float* __restrict row, size_t dim) {
  for (size_t k = 0; k < dim; ++k) hidden[k] += row[k];
}

}  // namespace

PreparedHead::PreparedHead(fasttext::FastText& model) {
  const fasttext::Args args = model.getArgs();
  if (args.model != fasttext::model_name::sup || args.loss != fasttext::loss_name::softmax) {
    throw std::runtime_error("not a softmax classifier");
  }
  std::stringstream serialised;
  model.getDictionary()->save(serialised);
  dictionary_ = std::make_unique<Dictionary>(std::make_shared<fasttext::Args>(args), serialised);
  dim_ = static_cast<size_t>(model.getDimension());
  word_ngrams_ = args.wordNgrams;
  minn_ = args.minn;
  maxn_ = args.maxn;
  nwords_ = dictionary_->nwords();

  // Buckets to rows, as Dictionary::pushHash maps them.
  const auto buckets = static_cast<size_t>(dictionary_->bucket());
  if (dictionary_->pruned_size() < 0) {
    bucket_rows_.resize(buckets);
    for (size_t b = 0; b < buckets; ++b) bucket_rows_[b] = nwords_ + static_cast<int32_t>(b);
  } else {
    bucket_rows_.assign(buckets, -1);
    for (const auto& [bucket, row] : dictionary_->pruned_rows()) {
      bucket_rows_[static_cast<size_t>(bucket)] = nwords_ + row;
    }
  }
  const int64_t row_count = nwords_ + (dictionary_->pruned_size() < 0 ? dictionary_->bucket()
                                                                      : dictionary_->pruned_size());
  rows_.resize(static_cast<size_t>(row_count) * dim_);
  fasttext::Vector row(static_cast<int64_t>(dim_));
  for (int32_t r = 0; r < row_count; ++r) {
    model.getInputVector(row, r);
    std::copy(row.data(), row.data() + dim_, rows_.begin() + static_cast<int64_t>(r * dim_));
  }

  word_sums_.assign(static_cast<size_t>(nwords_) * dim_, 0.0F);
  word_counts_.assign(static_cast<size_t>(nwords_), 0);
  std::vector<int32_t> ids;
  for (int32_t word = 0; word < nwords_; ++word) {
    ids.clear();
    dictionary_->Subwords(ids, dictionary_->getWord(word), word);
    float* sum = &word_sums_[static_cast<size_t>(word) * dim_];
    for (int32_t id : ids) AddRow(sum, Row(id), dim_);
    word_counts_[static_cast<size_t>(word)] = static_cast<int32_t>(ids.size());
  }

  const auto output = model.getOutputMatrix();
  labels_ = static_cast<size_t>(output->size(0));
  for (int64_t label = 0; label < output->size(0); ++label) {
    for (int64_t j = 0; j < output->size(1); ++j) output_.push_back(output->at(label, j));
  }
}

PreparedHead::~PreparedHead() = default;

int32_t PreparedHead::BucketRow(uint64_t bucket) const {
  return bucket_rows_[static_cast<size_t>(bucket % bucket_rows_.size())];
}

// Dictionary::computeSubwords over "<word>": every n-gram of minn..maxn
// characters (UTF-8 sequences kept whole), except "<" and ">" alone.
void PreparedHead::AddSubwordRows(std::string_view token, std::vector<float>& hidden,
                                  int64_t& rows) const {
  std::string word;
  word.reserve(token.size() + 2);
  word += '<';
  word += token;
  word += '>';
  for (size_t i = 0; i < word.size(); ++i) {
    if (IsContinuationByte(word[i])) continue;
    uint32_t h = kHashStart;
    for (size_t j = i, n = 1; j < word.size() && n <= static_cast<size_t>(maxn_); ++n) {
      h = HashByte(h, word[j++]);
      while (j < word.size() && IsContinuationByte(word[j])) h = HashByte(h, word[j++]);
      if (n >= static_cast<size_t>(minn_) && !(n == 1 && (i == 0 || j == word.size()))) {
        const int32_t row = BucketRow(h);
        if (row < 0) continue;
        AddRow(hidden.data(), Row(row), dim_);
        ++rows;
      }
    }
  }
}

std::vector<double> PreparedHead::Predict(std::string_view input) const {
  std::vector<float> hidden(dim_, 0.0F);
  int64_t rows = 0;
  // As Dictionary::getLine reads a line for a classifier: every token
  // (its rows, or its n-grams' rows), then the end of the line, then the
  // bigrams of the tokens' hashes.
  std::vector<int32_t> hashes;
  std::string word;
  const auto take = [&](std::string_view token) {
    word.assign(token);
    uint32_t h = kHashStart;
    for (char c : token) h = HashByte(h, c);
    const int32_t id = dictionary_->getId(word, h);
    if (id >= 0) {
      AddRow(hidden.data(), &word_sums_[static_cast<size_t>(id) * dim_], dim_);
      rows += word_counts_[static_cast<size_t>(id)];
    } else if (token != fasttext::Dictionary::EOS) {
      AddSubwordRows(token, hidden, rows);
    }
    hashes.push_back(static_cast<int32_t>(h));
  };
  for (size_t start = 0; start < input.size();) {
    size_t end = start;
    while (end < input.size() && !IsDelimiter(input[end])) ++end;
    if (end > start) take(input.substr(start, end - start));
    start = end + 1;
  }
  take(fasttext::Dictionary::EOS);
  // Dictionary::addWordNgrams: the int32 hashes widen with their sign.
  for (size_t i = 0; i < hashes.size(); ++i) {
    auto h = static_cast<uint64_t>(static_cast<int64_t>(hashes[i]));
    for (size_t j = i + 1; j < hashes.size() && j < i + static_cast<size_t>(word_ngrams_); ++j) {
      h = h * 116049371 + static_cast<uint64_t>(static_cast<int64_t>(hashes[j]));
      const int32_t row = BucketRow(h);
      if (row < 0) continue;
      AddRow(hidden.data(), Row(row), dim_);
      ++rows;
    }
  }

  std::vector<double> probabilities(labels_, 0.0);
  if (rows == 0) return probabilities;
  const float scale = 1.0F / static_cast<float>(rows);
  double highest = -1e300;
  for (size_t label = 0; label < labels_; ++label) {
    const float* weights = &output_[label * dim_];
    float logit = 0;
    for (size_t j = 0; j < dim_; ++j) logit += weights[j] * hidden[j] * scale;
    probabilities[label] = logit;
    highest = std::max(highest, probabilities[label]);
  }
  double total = 0;
  for (double& p : probabilities) total += (p = std::exp(p - highest));
  for (double& p : probabilities) p /= total;
  return probabilities;
}

}  // namespace civicpost::moderation
