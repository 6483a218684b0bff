#include "moderation/text_fold.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
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
  if (c < 0x80) return c;  // every look-alike is outside ASCII
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

const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? nfkc_cf : nullptr;
  }();
  return instance;
}

// What ICU says about U+0000..U+00FF, asked once: most comments are written
// in these, and a table lookup is much cheaper than ICU's per-character
// calls and UTF-16 round trips.
struct Latin1 {
  struct Char {
    bool white_space = false;
    bool ignorable = false;  // Default_Ignorable_Code_Point
    bool alpha = false;
    // Normalisation starts afresh before it (ICU's hasBoundaryBefore), so
    // its NFKC casefolding is `folded` whatever surrounds it.
    bool boundary_before = false;
    std::string folded;
  };
  std::array<Char, 256> chars;

  static const Latin1& Get() {
    static const Latin1 table = [] {
      Latin1 latin1;
      const icu::Normalizer2* nfkc_cf = NfkcCasefold();
      for (UChar32 c = 0; c < 256; ++c) {
        Char& ch = latin1.chars[static_cast<size_t>(c)];
        ch.white_space = u_isUWhiteSpace(c) != 0;
        ch.ignorable = u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0;
        ch.alpha = u_isalpha(c) != 0;
        if (nfkc_cf == nullptr) continue;
        UErrorCode status = U_ZERO_ERROR;
        const icu::UnicodeString folded = nfkc_cf->normalize(icu::UnicodeString(c), status);
        ch.boundary_before = U_SUCCESS(status) && nfkc_cf->hasBoundaryBefore(c);
        folded.toUTF8String(ch.folded);
      }
      return latin1;
    }();
    return table;
  }
};

bool IsWhiteSpace(UChar32 c) {
  return c < 256 ? Latin1::Get().chars[static_cast<size_t>(c)].white_space : u_isUWhiteSpace(c);
}
bool IsIgnorable(UChar32 c) {
  return c < 256 ? Latin1::Get().chars[static_cast<size_t>(c)].ignorable
                 : u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}
bool IsAlpha(UChar32 c) {
  return c < 256 ? Latin1::Get().chars[static_cast<size_t>(c)].alpha : u_isalpha(c);
}

void AppendUtf8(std::string& out, UChar32 c) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, c);  // c comes from valid UTF-8 or the tables here
  out.append(bytes, static_cast<size_t>(length));
}

// Calls `f(c, start, end)` for every code point of valid UTF-8.
template <typename F>
void ForEachCodePoint(std::string_view utf8, F&& f) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    f(c, static_cast<size_t>(start), static_cast<size_t>(i));
  }
}

bool IsValidUtf8(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// NFKC casefolding of a whole text in one ICU call; invalid UTF-8 becomes
// U+FFFD, and without ICU's data the text stays as it is.
std::string NormalizeWithIcu(std::string_view utf8) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = NfkcCasefold();
  icu::UnicodeString folded = nfkc_cf != nullptr ? nfkc_cf->normalize(text, status) : text;
  if (U_FAILURE(status)) folded = text;
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// The same result, cut where normalisation starts afresh (Unicode's
// normalisation boundaries, which ICU guarantees may be processed apart):
// each Latin-1 character with a boundary before it comes from the table,
// every other run goes through ICU as one piece.
std::string Normalize(std::string_view utf8) {
  const icu::Normalizer2* nfkc_cf = NfkcCasefold();
  if (nfkc_cf == nullptr || !IsValidUtf8(utf8)) return NormalizeWithIcu(utf8);
  const Latin1& latin1 = Latin1::Get();
  std::string out;
  out.reserve(utf8.size());
  constexpr size_t kNone = std::string_view::npos;
  size_t run = kNone;       // start of the run ICU has still to normalise
  size_t previous = 0;      // start of the previous code point
  size_t previous_out = 0;  // where its table form begins in `out`
  const auto flush_run = [&](size_t end) {
    if (run == kNone) return;
    UErrorCode status = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&out);
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(utf8.data() + run, static_cast<int32_t>(end - run)),
                           sink, nullptr, status);
    run = kNone;
  };
  ForEachCodePoint(utf8, [&](UChar32 c, size_t start, size_t) {
    if (c < 256 && latin1.chars[static_cast<size_t>(c)].boundary_before) {
      flush_run(start);
      previous_out = out.size();
      const std::string& folded = latin1.chars[static_cast<size_t>(c)].folded;
      if (folded.size() == 1) {
        out.push_back(folded[0]);
      } else {
        out += folded;
      }
    } else if (run == kNone) {
      run = start;
      // A combining mark after a table character ("a" + U+0308 = "ä"):
      // the two are normalised together.
      if (start > 0 && !nfkc_cf->hasBoundaryBefore(c)) {
        run = previous;
        out.resize(previous_out);
      }
    }
    previous = start;
  });
  flush_run(utf8.size());
  return out;
}

// Undoes leetspeak in a word that mixes letters with leet digits or signs
// ("4rschl0ch"), but not in numbers, times or amounts ("14", "3,50").
void UnleetWord(std::string& word) {
  // Every leet sign is ASCII, so bytes tell whether there is one.
  if (std::none_of(word.begin(), word.end(), [](char c) { return IsLeet(c); })) return;
  bool letter = false;
  ForEachCodePoint(word, [&](UChar32 c, size_t, size_t) { letter = letter || IsAlpha(c); });
  if (!letter) return;
  // Trailing "!" and "$" end a sentence or an amount ("super!!!"), they
  // are not letters; a leading "@" names an account.
  size_t trailing = word.size();
  while (trailing > 0 && (word[trailing - 1] == '!' || word[trailing - 1] == '$')) --trailing;
  std::string out;
  out.reserve(word.size());
  ForEachCodePoint(word, [&](UChar32 c, size_t start, size_t) {
    const bool kept = start >= trailing || (start == 0 && c == '@');
    AppendUtf8(out, kept ? c : Unleet(c));
  });
  word = std::move(out);
}

// Everything after normalisation, on the NFKC-casefolded text.
FoldedText FoldNormalized(std::string_view folded) {
  const Latin1& latin1 = Latin1::Get();
  // Words of both forms: look-alikes mapped; whitespace made one space.
  std::string plain;
  std::string words;
  std::string word;
  plain.reserve(folded.size());
  words.reserve(folded.size());
  const auto flush = [&] {
    if (word.empty()) return;
    if (!plain.empty()) {
      plain += ' ';
      words += ' ';
    }
    plain += word;
    UnleetWord(word);
    words += word;
    word.clear();
  };
  ForEachCodePoint(folded, [&](UChar32 c, size_t start, size_t end) {
    if (c < 0x80) {  // most of a German comment: no look-alikes here
      const Latin1::Char& ch = latin1.chars[static_cast<size_t>(c)];
      if (ch.white_space) {
        flush();
      } else if (!ch.ignorable) {
        word.push_back(static_cast<char>(c));
      }
    } else if (IsWhiteSpace(c)) {
      flush();
    } else if (!IsIgnorable(c)) {
      const UChar32 latin = Latin(c);
      if (latin == c) {
        word.append(folded.substr(start, end - start));
      } else {
        AppendUtf8(word, latin);
      }
    }
  });
  flush();

  // A letter three or more times in a row is emphasis, not spelling.
  FoldedText out;
  out.plain = std::move(plain);
  out.words.reserve(words.size());
  UChar32 last = U_SENTINEL;
  int run = 0;
  ForEachCodePoint(words, [&](UChar32 c, size_t start, size_t end) {
    run = c == last ? run + 1 : 1;
    last = c;
    if (run >= 3 && IsAlpha(c)) {
      if (run == 3) out.words.resize(out.words.size() - (end - start));  // two become one
      return;
    }
    if (c < 0x80) {
      out.words.push_back(static_cast<char>(c));
    } else {
      out.words.append(words, start, end - start);
    }
  });
  return out;
}

}  // namespace

FoldedText Fold(std::string_view utf8) { return FoldNormalized(Normalize(utf8)); }

FoldedText FoldWithIcu(std::string_view utf8) { return FoldNormalized(NormalizeWithIcu(utf8)); }

}  // namespace civicpost::moderation
