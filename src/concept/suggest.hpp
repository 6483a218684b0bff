#pragma once
// Spelling suggestions for "did you mean ...?" hints.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civicpost::usage {

// Edit distance counting insertions, deletions, substitutions and swaps of
// two adjacent characters as one edit each ("optimal string alignment").
// Works on bytes, so an umlaut counts as up to two edits.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is at most `max_distance` edits away
// and not equal to it; ties go to the earlier candidate. Words of up to three
// characters allow only one edit, whatever `max_distance` says. Failing
// that, the only candidate that starts with `word` (3+ characters) is taken.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        std::size_t max_distance = 2);

}  // namespace civicpost::usage
