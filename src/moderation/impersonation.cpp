#include "moderation/impersonation.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>

namespace civicpost::moderation {
namespace {

icu::UnicodeString Folded(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_FAILURE(status)) return text;
  icu::UnicodeString folded = nfkc_cf->normalize(text, status);
  return U_SUCCESS(status) ? folded : text;
}

// Letters and digits only: "stadt_sassenberg.info" -> "stadtsassenberginfo".
icu::UnicodeString Core(const icu::UnicodeString& folded) {
  icu::UnicodeString core;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = folded.char32At(i);
    if (u_isalnum(c)) core.append(c);
  }
  return core;
}

std::string Utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string Skeleton(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker(uspoof_open(&status),
                                                                  &uspoof_close);
  if (U_FAILURE(status)) return Utf8(text);
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(checker.get(), 0, text, skeleton, &status);
  return U_SUCCESS(status) ? Utf8(Folded(Utf8(skeleton))) : Utf8(text);
}

// Levenshtein distance over bytes, enough for ASCII handles; stops early.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

constexpr std::string_view kMarkers[] = {"offiziell", "official", "echt",    "real",   "info",
                                         "team",      "support",  "service", "presse", "hilfe"};

}  // namespace

ImpersonationCheck::ImpersonationCheck(std::vector<std::string> own) {
  for (const std::string& name : own) {
    const icu::UnicodeString folded = Folded(name);
    const icu::UnicodeString core = Core(folded);
    if (core.isEmpty()) continue;
    own_.push_back({Utf8(folded), Utf8(core), Skeleton(core)});
  }
}

std::string ImpersonationCheck::ReasonFor(std::string_view text) const {
  if (text.empty()) return "";
  const icu::UnicodeString folded = Folded(text);
  const std::string core = Utf8(Core(folded));
  const std::string skeleton = Skeleton(Core(folded));
  for (const Own& mine : own_) {
    if (core == mine.core || skeleton == mine.skeleton) return "confusable";
    if (mine.core.size() >= 6 && EditDistance(core, mine.core) <= 2) return "typo";
    // The name wrapped in words that claim to be the real one.
    const size_t at = skeleton.find(mine.skeleton);
    if (at == std::string::npos) continue;
    std::string rest = skeleton;
    rest.erase(at, mine.skeleton.size());
    for (std::string_view marker : kMarkers) {
      if (rest.find(marker) != std::string::npos) return "official_marker";
    }
  }
  return "";
}

std::string ImpersonationCheck::Imitates(std::string_view handle, std::string_view name) const {
  const std::string folded = Utf8(Folded(handle));
  for (const Own& mine : own_) {
    if (folded == mine.exact) return "";  // the authority's own account
  }
  std::string reason = ReasonFor(handle);
  if (reason.empty()) reason = ReasonFor(name);
  return reason;
}

}  // namespace civicpost::moderation
