#pragma once
// The complaint deadline reminder's words (moderation/complaint_reminders)
// from the staff app's catalogue ([reminder]), in the recipient's language
// (German when the catalogue does not have theirs). Plain text; it names
// the comment's number and link, never its words.
//
// Thread-safe: reads the catalogue only.

#include "moderation/complaint_reminders.hpp"
#include "web/i18n.hpp"

namespace civicpost::web {

class CatalogueReminderWording final : public moderation::ReminderWording {
 public:
  explicit CatalogueReminderWording(const Catalogue& catalogue) : catalogue_(catalogue) {}
  moderation::ReminderText Write(const moderation::DueReminder& due,
                                 const User& recipient) const override;

 private:
  const Catalogue& catalogue_;
};

}  // namespace civicpost::web
