#include "app/reminders.hpp"

#include <spdlog/spdlog.h>

#include "sys/curl_mailer.hpp"

namespace civicpost::app {

Result<std::unique_ptr<Mailer>> MailerOf(const MailConfig& mail) {
  if (!mail.configured()) return std::unique_ptr<Mailer>();
  sys::SmtpSettings settings;
  settings.url = mail.smtp_url;
  settings.username = mail.username;
  settings.starttls = mail.starttls;
  auto password = SecretOf("", mail.password_file, "mail.password_file");
  if (!password) return password.error();
  settings.password = *password;
  return std::unique_ptr<Mailer>(std::make_unique<sys::CurlMailer>(std::move(settings)));
}

moderation::ReminderSettings ReminderSettingsOf(const Config& config) {
  moderation::ReminderSettings settings;
  settings.from = config.mail.from;
  settings.staff_url = config.public_base_url();
  return settings;
}

void SendReminders(moderation::ComplaintReminders& reminders) {
  auto report = reminders.Run(Actor::System());
  if (!report) {
    spdlog::error("complaint reminders: {}", report.error().message);
    return;
  }
  for (const moderation::ReminderOutcome& r : report->reminders) {
    if (!r.sent_to.empty()) {
      spdlog::info("complaint reminder ({} days) for comment {} of {} sent to {} person(s)",
                   r.due.step_days, r.due.comment.ToString(), r.due.authority, r.sent_to.size());
    }
    // Failures are logged where they happen, per recipient.
  }
}

}  // namespace civicpost::app
