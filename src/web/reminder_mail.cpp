#include "web/reminder_mail.hpp"

#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

// Who may file, by ground: the insulted person, the authority's head or an
// official's superior (§ 194(3) StGB) for §§ 185-188; the relatives for
// § 189; the person shown for § 33 KUG.
std::string_view WhoMayFileKey(std::string_view ground) {
  if (ground == "stgb_189") return "reminder.who_memory";
  if (ground == "kug_33") return "reminder.who_image";
  return "reminder.who_insult";
}

}  // namespace

moderation::ReminderText CatalogueReminderWording::Write(const moderation::DueReminder& due,
                                                         const User& recipient) const {
  const std::string lang = catalogue_.Resolve(recipient.language);
  const std::string id = due.comment.ToString();
  const std::string date = DateText(due.deadline, catalogue_, lang);
  const std::string left = due.days_left == 0 ? catalogue_.Text(lang, "reminder.left_today")
                           : due.days_left == 1
                               ? catalogue_.Text(lang, "reminder.left_tomorrow")
                               : catalogue_.Format(lang, "reminder.left_days",
                                                   {{"days", std::to_string(due.days_left)}});
  const std::string title(lang == "de" ? due.ground->title_de : due.ground->title_en);
  moderation::ReminderText words;
  words.subject = catalogue_.Format(lang, "reminder.subject", {{"id", id}, {"date", date}});
  const std::string paragraphs[] = {
      catalogue_.Format(lang, "reminder.greeting", {{"name", recipient.display_name}}),
      catalogue_.Format(lang, "reminder.deadline",
                        {{"id", id},
                         {"authority", due.authority},
                         {"statute", std::string(due.ground->statute)},
                         {"title", title},
                         {"date", date},
                         {"left", left}}),
      catalogue_.Format(lang, "reminder.counted",
                        {{"received", DateText(due.received, catalogue_, lang)}}),
      catalogue_.Text(lang, WhoMayFileKey(due.ground->id)),
      catalogue_.Format(lang, "reminder.link", {{"url", due.comment_url}}),
      catalogue_.Text(lang, "reminder.filed"),
      catalogue_.Text(lang, "reminder.no_text"),
      "-- \n" + catalogue_.Format(lang, "reminder.signature", {{"authority", due.authority}}),
  };
  for (const std::string& paragraph : paragraphs) {
    words.text += (words.text.empty() ? "" : "\n\n") + paragraph;
  }
  words.text += "\n";
  return words;
}

}  // namespace civicpost::web
