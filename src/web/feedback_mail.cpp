#include "web/feedback_mail.hpp"

#include <spdlog/spdlog.h>

#include "core/time_format.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

// "civicpost <civicpost@sassenberg.de>" -> "sassenberg.de".
std::string DomainOf(const std::string& from) {
  std::string domain = from.substr(from.rfind('@') + 1);
  while (!domain.empty() && (domain.back() == '>' || domain.back() == ' ')) domain.pop_back();
  return domain.empty() ? "civicpost.invalid" : domain;
}

}  // namespace

Result<int> FeedbackNotifier::Run() {
  auto pending = repos_.site_feedback.Unnotified(db_);
  if (!pending) return pending.error();
  int announced = 0;
  for (const store::SiteFeedback& feedback : *pending) {
    // Answered before any mail went out ([mail] came later): nothing to announce.
    if (feedback.answered_at) {
      Status marked = store::InTransaction(db_, [&](store::Transaction& tx) {
        return repos_.site_feedback.MarkNotified(tx, feedback.id);
      });
      if (!marked.ok()) return marked.error();
      continue;
    }
    auto org = repos_.organizations.Get(db_, feedback.organization);
    if (!org) return org.error();
    auto users = repos_.users.ListByOrganization(db_, feedback.organization);
    if (!users) return users.error();
    int days = usage::kDefaultFeedbackResponseDays;
    if (auto concept_ptr = concepts_.For(feedback.organization);
        concept_ptr && (*concept_ptr)->accessibility) {
      days = (*concept_ptr)->accessibility->feedback_response_days;
    }
    int recipients = 0;
    bool failed = false;
    for (const User& user : *users) {
      if (user.disabled || !(user.Has(Role::kModerator) || user.Has(Role::kAdmin))) continue;
      ++recipients;
      const std::string lang = catalogue_.Resolve(user.language);
      const std::string id = feedback.id.ToString();
      const std::string date = DateText(feedback.due_on, catalogue_, lang);
      MailMessage message;
      message.from = settings_.from;
      message.to = {user.email};
      message.subject =
          catalogue_.Format(lang, "feedback_mail.subject", {{"id", id}, {"date", date}});
      const std::string paragraphs[] = {
          catalogue_.Format(lang, "feedback_mail.greeting", {{"name", user.display_name}}),
          catalogue_.Format(lang, "feedback_mail.arrived", {{"authority", org->name}, {"id", id}}),
          catalogue_.Format(lang, "feedback_mail.deadline",
                            {{"date", date}, {"days", std::to_string(days)}}),
          catalogue_.Format(lang, "feedback_mail.link",
                            {{"url", settings_.staff_url + "/app/feedback#feedback-" + id}}),
          catalogue_.Text(lang, "feedback_mail.no_text"),
          "-- \n" + catalogue_.Format(lang, "feedback_mail.signature", {{"authority", org->name}}),
      };
      for (const std::string& paragraph : paragraphs) {
        message.text += (message.text.empty() ? "" : "\n\n") + paragraph;
      }
      message.text += "\n";
      message.message_id =
          "site-feedback." + id + "." + user.id.ToString() + "@" + DomainOf(settings_.from);
      if (Status sent = mailer_.Send(message); !sent.ok()) {
        failed = true;
        spdlog::error("feedback {} mail to {}: {}", id, user.email, sent.message());
      }
    }
    // Nobody to tell yet: asked again next time, when someone may be.
    if (failed || recipients == 0) continue;
    Status marked = store::InTransaction(db_, [&](store::Transaction& tx) {
      return repos_.site_feedback.MarkNotified(tx, feedback.id);
    });
    if (!marked.ok()) return marked.error();
    ++announced;
  }
  return announced;
}

}  // namespace civicpost::web
