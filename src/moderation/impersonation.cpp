#include "moderation/impersonation.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>

#include "moderation/text_fold.hpp"

namespace civicpost::moderation {
namespace {

// Case folded, invisible characters gone, look-alikes mapped (text_fold).
icu::UnicodeString Folded(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(Fold(utf8).plain);
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

// Only the case folded: a look-alike letter makes another handle.
std::string AsWritten(std::string_view utf8) {
  return Utf8(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))
          .foldCase());
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
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* checker = uspoof_open(&status);
  if (U_SUCCESS(status)) checker_ = std::shared_ptr<USpoofChecker>(checker, &uspoof_close);
  for (const std::string& name : own) {
    const icu::UnicodeString core = Core(Folded(name));
    if (core.isEmpty()) continue;
    own_.push_back({AsWritten(name), Utf8(core), Skeleton(core)});
  }
}

std::string ImpersonationCheck::ReasonFor(std::string_view text) const {
  if (text.empty()) return "";
  const icu::UnicodeString core_text = Core(Folded(text));
  const std::string core = Utf8(core_text);
  const std::string skeleton = Skeleton(core_text);
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

std::string ImpersonationCheck::Skeleton(const icu::UnicodeString& text) const {
  if (!checker_) return Utf8(text);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(checker_.get(), 0, text, skeleton, &status);
  return U_SUCCESS(status) ? Utf8(Folded(Utf8(skeleton))) : Utf8(text);
}

std::string ImpersonationCheck::Imitates(std::string_view handle, std::string_view name) const {
  const std::string as_written = AsWritten(handle);
  for (const Own& mine : own_) {
    if (as_written == mine.exact) return "";  // the authority's own account
  }
  std::string reason = ReasonFor(handle);
  if (reason.empty()) reason = ReasonFor(name);
  return reason;
}

}  // namespace civicpost::moderation
