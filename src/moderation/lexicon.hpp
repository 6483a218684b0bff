#pragma once
// Words that are abusive in themselves ("Arschloch", "Drecksack"), from
// CC BY 4.0 lists (models/README.md), folded as the classifier reads them.
// The decision hides a comment on the classifier's word only if it holds
// one of them: implicit abuse ("Kinder impfen für den Nutzen der
// Gesellschaft" scored like an insult) goes to a person.
//
// A token matches when it is a lexicon word or begins or ends with one of
// four letters or more, as German compounds do ("Vollidiot", "Idioten").

#include <bitset>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "moderation/text_fold.hpp"

namespace civicpost::moderation {

inline constexpr std::string_view kLexiconFile = "lexicon.txt";

class Lexicon {
 public:
  Lexicon() = default;
  explicit Lexicon(const std::vector<std::string>& words);

  // From the lists in `data_dir` (naughty-words.de.json, the offensive
  // compounds' DEROGATORY compounds and nouns); errors name the file.
  static Result<Lexicon> Build(const std::filesystem::path& data_dir);
  // One folded word per line, as `Save` writes it.
  static Result<Lexicon> Load(const std::filesystem::path& file);
  Status Save(const std::filesystem::path& file) const;

  // Whether any token of a model input (model_input.hpp) is or carries a
  // lexicon word.
  bool Matches(std::string_view model_input) const;
  size_t size() const { return words_.size(); }

 private:
  bool Carries(std::string_view token) const;  // is or begins or ends with a lexicon word

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
  // The first and the last four bytes of every word long enough to be part
  // of a token, hashed into bits: most splits of a token are ruled out by
  // two bit tests instead of two hash-set lookups.
  static constexpr size_t kFilterBits = 1 << 16;
  std::bitset<kFilterBits> starts_;
  std::bitset<kFilterBits> ends_;
};

}  // namespace civicpost::moderation
