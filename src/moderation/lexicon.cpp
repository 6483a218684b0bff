#include "moderation/lexicon.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "moderation/model_input.hpp"

namespace civicpost::moderation {
namespace {

constexpr size_t kShortestPart = 4;  // bytes; shorter words only match whole

// Four bytes (a part of a token has at least kShortestPart) to a filter bit.
size_t FilterBit(std::string_view four_bytes) {
  uint32_t key = 0;
  std::memcpy(&key, four_bytes.data(), sizeof key);
  return (key * 2654435761U) >> 16;
}

// The folded form of a list entry, or "" if it is not one word.
std::string FoldedWord(std::string_view entry) {
  std::string word = ModelInput(Fold(entry));
  return word.find(' ') == std::string::npos ? word : std::string();
}

// Tab-separated rows; `pick` returns the entry of a DEROGATORY row or "".
template <typename Pick>
Status ReadRows(const std::filesystem::path& file, std::vector<std::string>& out, Pick pick) {
  std::ifstream in(file);
  if (!in) return NotFound(file.string() + ": cannot be opened");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.back() != "DEROGATORY") continue;
    out.push_back(pick(fields));
  }
  return Status::Ok();
}

}  // namespace

Lexicon::Lexicon(const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    if (word.empty()) continue;
    words_.insert(word);
    if (word.size() >= kShortestPart) {
      starts_.set(FilterBit(word.substr(0, 4)));
      ends_.set(FilterBit(word.substr(word.size() - 4)));
    }
  }
}

Result<Lexicon> Lexicon::Build(const std::filesystem::path& data_dir) {
  std::vector<std::string> entries;
  const std::filesystem::path naughty = data_dir / "naughty-words.de.json";
  std::ifstream in(naughty);
  if (!in) return NotFound(naughty.string() + ": cannot be opened");
  try {
    for (const std::string& word : nlohmann::json::parse(in).get<std::vector<std::string>>()) {
      entries.push_back(word);
    }
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(naughty.string() + ": " + e.what());
  }
  // compound, modifier, head, label
  Status compounds =
      ReadRows(data_dir / "offensive-compounds.goldstandard.compounds.txt", entries,
               [](const std::vector<std::string>& f) { return f.size() == 4 ? f[0] : ""; });
  if (!compounds.ok()) return compounds.error();
  // English, German ("Trottel_noun" or "?"), label: the nouns only, since
  // adjectives there include mere criticism ("arrogant").
  Status unigrams = ReadRows(data_dir / "offensive-compounds.goldstandard.unigrams.txt", entries,
                             [](const std::vector<std::string>& f) {
                               if (f.size() != 3 || !f[1].ends_with("_noun")) return std::string();
                               return f[1].substr(0, f[1].size() - 5);
                             });
  if (!unigrams.ok()) return unigrams.error();
  std::vector<std::string> words;
  for (const std::string& entry : entries) words.push_back(FoldedWord(entry));
  return Lexicon(words);
}

Result<Lexicon> Lexicon::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return NotFound(file.string() + ": cannot be opened (run `civicpost model train`)");
  std::vector<std::string> words;
  for (std::string line; std::getline(in, line);) words.push_back(line);
  Lexicon lexicon(words);
  if (lexicon.size() == 0) return InvalidArgument(file.string() + ": no words");
  return lexicon;
}

Status Lexicon::Save(const std::filesystem::path& file) const {
  std::vector<std::string> sorted(words_.begin(), words_.end());
  std::sort(sorted.begin(), sorted.end());
  std::ofstream out(file, std::ios::trunc);
  for (const std::string& word : sorted) out << word << '\n';
  out.close();
  if (!out) return Unavailable(file.string() + ": cannot be written");
  return Status::Ok();
}

bool Lexicon::Matches(std::string_view model_input) const {
  bool found = false;
  ForEachWord(model_input, [&](std::string_view token) { found = found || Carries(token); });
  return found;
}

bool Lexicon::Carries(std::string_view token) const {
  if (token.size() < kShortestPart) return words_.contains(token);
  // A word at the start shares the token's first four bytes, one at the end its last four.
  const bool may_start = starts_.test(FilterBit(token.substr(0, 4)));
  const bool may_end = ends_.test(FilterBit(token.substr(token.size() - 4)));
  if (may_start && may_end && words_.contains(token)) return true;  // the whole token
  if (!may_start && !may_end) return false;
  // Every split at a character boundary: a lexicon word at either end.
  const auto* bytes = reinterpret_cast<const uint8_t*>(token.data());
  for (int32_t i = 0; i < static_cast<int32_t>(token.size());) {
    U8_FWD_1(bytes, i, static_cast<int32_t>(token.size()));
    const auto split = static_cast<size_t>(i);
    if (may_start && split >= kShortestPart && ends_.test(FilterBit(token.substr(split - 4, 4))) &&
        words_.contains(token.substr(0, split))) {
      return true;
    }
    if (may_end && token.size() - split >= kShortestPart &&
        starts_.test(FilterBit(token.substr(split, 4))) && words_.contains(token.substr(split))) {
      return true;
    }
  }
  return false;
}

}  // namespace civicpost::moderation
