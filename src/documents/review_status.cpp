#include "documents/review_status.hpp"

#include "core/german_format.hpp"

namespace civicpost::documents {

DpiaReview DpiaReviewStatus(const usage::Dpia& dpia, std::chrono::year_month_day today) {
  using namespace std::chrono;
  DpiaReview review;
  review.last = dpia.last_review;
  for (const usage::ReviewTrigger& t : dpia.review_triggers) {
    const bool since_last = !dpia.last_review || sys_days(t.date) > sys_days(*dpia.last_review);
    if (since_last && (!review.trigger || sys_days(t.date) > sys_days(review.trigger->date))) {
      review.trigger = t;
    }
  }
  if (!dpia.last_review) return review;
  year_month_day next = *dpia.last_review + months(dpia.review_interval_months);
  if (!next.ok()) next = next.year() / next.month() / last;  // 31 March + 1 month
  review.next = next;
  review.days_left = static_cast<int>((sys_days(next) - sys_days(today)).count());
  if (review.days_left < 0) {
    review.state = ReviewState::kOverdue;
  } else if (review.days_left <= kDueSoonDays) {
    review.state = ReviewState::kDueSoon;
  } else {
    review.state = ReviewState::kCurrent;
  }
  if (review.trigger && review.state != ReviewState::kOverdue) review.state = ReviewState::kTriggered;
  return review;
}

std::string DpiaReview::Sentence() const {
  switch (state) {
    case ReviewState::kNeverReviewed:
      return std::string(trigger ? "Anlass: " + trigger->note + ". " : "") + "Für die Datenschutz-Folgenabschätzung ist keine Überprüfung eingetragen "
             "(dpia.last_review): bitte jetzt prüfen und das Datum eintragen.";
    case ReviewState::kOverdue:
      return "Die Datenschutz-Folgenabschätzung ist seit " + std::to_string(-days_left) +
             " Tagen zur Überprüfung fällig (fällig am " + GermanDate(*next) + ").";
    case ReviewState::kDueSoon:
      return "Die Datenschutz-Folgenabschätzung ist in " + std::to_string(days_left) +
             " Tagen zu überprüfen (am " + GermanDate(*next) + ").";
    case ReviewState::kTriggered:
      return "Die Datenschutz-Folgenabschätzung ist vorzeitig zu überprüfen: " + trigger->note +
             " (" + GermanDate(trigger->date) + ").";
    case ReviewState::kCurrent:
      return "Die Datenschutz-Folgenabschätzung ist aktuell; nächste Überprüfung am " +
             GermanDate(*next) + ".";
  }
  return "";
}

}  // namespace civicpost::documents
