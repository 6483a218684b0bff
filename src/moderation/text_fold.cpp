#include "moderation/text_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <utility>

namespace civicpost::moderation {
namespace {

// Letters of other scripts that look like Latin ones, as spammers and
// trolls use them (Unicode's confusables for these scripts, lower case
// after folding).
constexpr std::array<std::pair<UChar32, UChar32>, 28> kLookAlikes{{
    {0x0432, 'b'}, {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'},
    {0x0443, 'y'}, {0x0445, 'x'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x0455, 's'}, {0x04CF, 'l'},
    {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'}, {0x043A, 'k'}, {0x043C, 'm'}, {0x043D, 'h'},
    {0x0442, 't'}, {0x03B1, 'a'}, {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03BD, 'v'}, {0x03B9, 'i'},
    {0x03BA, 'k'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'},
}};

UChar32 Latin(UChar32 c) {
  for (const auto& [from, to] : kLookAlikes) {
    if (from == c) return to;
  }
  return c;
}

UChar32 Unleet(UChar32 c) {
  switch (c) {
    case '0':
      return 'o';
    case '1':
      return 'i';
    case '3':
      return 'e';
    case '4':
      return 'a';
    case '5':
      return 's';
    case '7':
      return 't';
    case '8':
      return 'b';
    case '@':
      return 'a';
    case '$':
      return 's';
    case '!':
      return 'i';
    case '|':
      return 'l';
    default:
      return c;
  }
}

bool IsLeet(UChar32 c) { return Unleet(c) != c; }

// Undoes leetspeak in a word that mixes letters with leet digits or signs
// ("4rschl0ch"), but not in numbers, times or amounts ("14", "3,50").
void UnleetWord(icu::UnicodeString& word) {
  bool letter = false;
  bool leet = false;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    const UChar32 c = word.char32At(i);
    letter |= u_isalpha(c) != 0;
    leet |= IsLeet(c);
  }
  if (!letter || !leet) return;
  // Trailing "!" and "$" end a sentence or an amount ("super!!!"), they
  // are not letters; a leading "@" names an account.
  int32_t trailing = word.length();
  while (trailing > 0 && (word.charAt(trailing - 1) == '!' || word.charAt(trailing - 1) == '$')) {
    --trailing;
  }
  icu::UnicodeString out;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1)) {
    const UChar32 c = word.char32At(i);
    const bool kept = i >= trailing || (i == 0 && c == '@');
    out.append(kept ? c : Unleet(c));
  }
  word = out;
}

}  // namespace

FoldedText Fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded = U_SUCCESS(status) ? nfkc_cf->normalize(text, status) : text;
  if (U_FAILURE(status)) folded = text;

  // Words of both forms: look-alikes mapped; whitespace made one space.
  icu::UnicodeString plain;
  icu::UnicodeString words;
  icu::UnicodeString word;
  const auto flush = [&] {
    if (word.isEmpty()) return;
    if (!plain.isEmpty()) {
      plain.append(static_cast<UChar32>(' '));
      words.append(static_cast<UChar32>(' '));
    }
    plain.append(word);
    UnleetWord(word);
    words.append(word);
    word.remove();
  };
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = folded.char32At(i);
    if (u_isUWhiteSpace(c)) {
      flush();
    } else if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) == 0) {
      word.append(Latin(c));
    }
  }
  flush();

  // A letter three or more times in a row is emphasis, not spelling.
  icu::UnicodeString collapsed;
  UChar32 previous = U_SENTINEL;
  int run = 0;
  for (int32_t i = 0; i < words.length(); i = words.moveIndex32(i, 1)) {
    const UChar32 c = words.char32At(i);
    run = c == previous ? run + 1 : 1;
    previous = c;
    if (run >= 3 && u_isalpha(c)) {
      if (run == 3) collapsed.truncate(collapsed.length() - U16_LENGTH(c));  // two become one
      continue;
    }
    collapsed.append(c);
  }
  FoldedText out;
  plain.toUTF8String(out.plain);
  collapsed.toUTF8String(out.words);
  return out;
}

}  // namespace civicpost::moderation
