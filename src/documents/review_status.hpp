#pragma once
// When the data protection impact assessment must be reviewed next, from its
// last review and interval. Used by `civicpost concept status` and, later,
// by the staff dashboard.

#include <chrono>
#include <optional>
#include <string>

#include "concept/concept.hpp"

namespace civicpost::documents {

// kTriggered: an event after the last review (new platform terms, a court
// ruling, a new kind of processing) forces a review before the interval ends.
enum class ReviewState { kNeverReviewed, kCurrent, kDueSoon, kOverdue, kTriggered };

inline constexpr int kDueSoonDays = 30;

struct DpiaReview {
  ReviewState state = ReviewState::kNeverReviewed;
  std::optional<std::chrono::year_month_day> last;
  std::optional<std::chrono::year_month_day> next;
  int days_left = 0;  // negative when overdue
  std::optional<usage::ReviewTrigger> trigger;  // the newest one since the last review

  // One German sentence for people: "Die DSFA ist seit 12 Tagen zur Überprüfung fällig ..."
  std::string Sentence() const;
};

DpiaReview DpiaReviewStatus(const usage::Dpia& dpia, std::chrono::year_month_day today);

}  // namespace civicpost::documents
