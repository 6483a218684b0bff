#include "concept/suggest.hpp"

#include <algorithm>

namespace civicpost::usage {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  // Three rolling rows are enough for the adjacent-swap rule.
  std::vector<std::size_t> two_back(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], two_back[j - 2] + 1);
      }
    }
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        std::size_t max_distance) {
  // Two edits turn any short word into any other ("id" -> "url"), so words of
  // up to three characters get at most one.
  constexpr std::size_t kShortWord = 3;
  if (word.size() <= kShortWord) max_distance = std::min<std::size_t>(max_distance, 1);
  std::optional<std::string> best;
  std::size_t best_distance = max_distance + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  // "warn" -> "warning": a unique candidate that starts with the word.
  constexpr std::size_t kMinPrefix = 3;
  if (word.size() < kMinPrefix) return std::nullopt;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > word.size() && candidate.compare(0, word.size(), word) == 0) {
      if (best) return std::nullopt;  // ambiguous
      best = candidate;
    }
  }
  return best;
}

}  // namespace civicpost::usage
