#include "moderation/model_input.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace civicpost::moderation {
namespace {

bool IsWordChar(UChar32 c) {
  // ASCII: letters and digits only (no marks, combining class 0), without ICU's lookups.
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) != 0 || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void Append(std::string& out, std::string_view token) {
  if (token.empty()) return;
  if (!out.empty()) out += ' ';
  out += token;
}

// One whitespace-free piece of the fold: words, numbers and single signs.
void Tokenize(std::string_view piece, std::string& out) {
  if (piece.size() > 1 && piece[0] == '@') return Append(out, "@user");
  if (StartsWith(piece, "http://") || StartsWith(piece, "https://") || StartsWith(piece, "www.")) {
    return Append(out, "<url>");
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(piece.data());
  const auto length = static_cast<int32_t>(piece.size());
  int32_t word_start = -1;
  UChar32 last_sign = U_SENTINEL;
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (IsWordChar(c)) {
      if (word_start < 0) word_start = start;
      last_sign = U_SENTINEL;
      continue;
    }
    if (word_start >= 0) {
      Append(out, piece.substr(word_start, start - word_start));
      word_start = -1;
    }
    if (c != last_sign) Append(out, piece.substr(start, i - start));
    last_sign = c;
  }
  if (word_start >= 0) Append(out, piece.substr(word_start));
}

}  // namespace

std::string ModelInput(const FoldedText& text) {
  std::string out;
  out.reserve(text.words.size() + text.words.size() / 4);
  ForEachWord(text.words, [&out](std::string_view piece) { Tokenize(piece, out); });
  return out;
}

}  // namespace civicpost::moderation
