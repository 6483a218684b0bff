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

// Invalid UTF-8 becomes U+FFFD first.
FoldedText Fold(std::string_view utf8);

}  // namespace civicpost::moderation
