#pragma once
// The forms of a comment the rules and the classifier read, so that spelling
// tricks do not get past them: Unicode NFKC with case folding (ICU), which
// also drops zero-width and other invisible characters; Cyrillic and Greek
// look-alikes mapped to the Latin letters they imitate; leetspeak undone
// inside words ("sch31ss3" -> "scheisse", "14 uhr" untouched); a letter
// repeated three times or more collapsed ("scheeeisse" -> "scheisse");
// whitespace runs made one space. The original text is never changed: it
// is what the evidence keeps.
//
// Thread-safe.

#include <string>
#include <string_view>

namespace civicpost::moderation {

// Two forms, both NFKC-casefolded with invisible characters gone,
// look-alikes mapped and whitespace made one space: `plain` keeps every
// character (for addresses, numbers, links: "max.muster@web.de"), `words`
// also undoes leetspeak and collapses repeated letters (for words).
struct FoldedText {
  std::string plain;
  std::string words;
};

// Invalid UTF-8 becomes U+FFFD first. Characters U+0000..U+00FF are
// normalised from a table and only the rest by ICU, piece by piece.
FoldedText Fold(std::string_view utf8);

// The same with the whole text normalised in one ICU call: what `Fold`
// must equal byte for byte (tests, benchmarks).
FoldedText FoldWithIcu(std::string_view utf8);

// Calls `f` with every word of a folded form (or of a model input): the
// pieces between single spaces.
template <typename F>
void ForEachWord(std::string_view folded, F&& f) {
  while (!folded.empty()) {
    const size_t space = folded.find(' ');
    f(folded.substr(0, space));
    if (space == std::string_view::npos) return;
    folded.remove_prefix(space + 1);
  }
}

}  // namespace civicpost::moderation
