#pragma once
// The complaint deadline reminders wired from the configuration: the SMTP
// mailer [mail] describes, and one logged run (what `serve` does hourly).

#include <memory>

#include "app/config.hpp"
#include "core/mailer.hpp"
#include "moderation/complaint_reminders.hpp"

namespace civicpost::app {

// The mailer of [mail] with its password read from password_file; null
// without [mail]. Errors name the setting.
Result<std::unique_ptr<Mailer>> MailerOf(const MailConfig& mail);

// Sender and staff app address for the reminders.
moderation::ReminderSettings ReminderSettingsOf(const Config& config);

// One run; what went out and what failed goes to the log.
void SendReminders(moderation::ComplaintReminders& reminders);

}  // namespace civicpost::app
