#pragma once
// Accounts that pretend to be the authority (issue 7; the concept lists
// identity theft among its risks): a handle or display name that looks like
// one of the authority's own once confusable characters are reduced to
// their skeleton (ICU's spoof checker, Unicode TS #39), that is a typo or
// two away from it, or that wraps it in "official", "_info", "team" and the
// like. The authority's own accounts are never flagged.
//
// Thread-safe once built.

#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civicpost::moderation {

class ImpersonationCheck {
 public:
  // `own` are the authority's handles and names ("stadt.sassenberg",
  // "Stadt Sassenberg").
  explicit ImpersonationCheck(std::vector<std::string> own);

  // Why `handle` (or its display `name`) imitates the authority, or empty
  // when it does not: "confusable", "typo", "official_marker".
  std::string Imitates(std::string_view handle, std::string_view name = "") const;

 private:
  struct Own {
    std::string exact;     // as written, case folded
    std::string core;      // letters and digits only
    std::string skeleton;  // of core
  };
  std::string ReasonFor(std::string_view text) const;
  // The confusables skeleton (Unicode TS #39), case folded.
  std::string Skeleton(const icu::UnicodeString& text) const;
  std::vector<Own> own_;
  std::shared_ptr<USpoofChecker> checker_;  // read-only after construction
};

}  // namespace civicpost::moderation
