#include "moderation/legal_grounds.hpp"

#include <array>

namespace civicpost::moderation {
namespace {

constexpr std::array<LegalGround, 12> kGrounds{{
    {"stgb_185", "§ 185 StGB", "Beleidigung", "Insult", true, false},
    {"stgb_186", "§ 186 StGB", "Üble Nachrede", "Defamation", true, false},
    {"stgb_187", "§ 187 StGB", "Verleumdung", "Calumny", true, false},
    {"stgb_188", "§ 188 StGB", "Gegen Personen des politischen Lebens gerichtete Beleidigung",
     "Insult of a person in political life", true, false},
    {"stgb_189", "§ 189 StGB", "Verunglimpfung des Andenkens Verstorbener",
     "Disparaging the memory of the dead", true, false},
    {"stgb_130", "§ 130 StGB", "Volksverhetzung", "Incitement to hatred", false, false},
    {"stgb_241", "§ 241 StGB", "Bedrohung", "Threat", false, false},
    {"stgb_111", "§ 111 StGB", "Öffentliche Aufforderung zu Straftaten",
     "Public incitement to crime", false, false},
    {"stgb_86a", "§ 86a StGB", "Verwenden von Kennzeichen verfassungswidriger Organisationen",
     "Symbols of unconstitutional organisations", false, false},
    {"stgb_263", "§ 263 StGB", "Betrug", "Fraud", false, false},
    {"kug_33", "§ 33 KUG", "Verbreiten von Bildnissen ohne Einwilligung",
     "Publishing a person's image without consent", true, false},
    {"stgb_184b", "§ 184b StGB", "Verdacht auf Darstellungen sexuellen Kindesmissbrauchs",
     "Suspected child sexual abuse material", false, true},
}};

}  // namespace

std::span<const LegalGround> LegalGrounds() { return kGrounds; }

const LegalGround* FindLegalGround(std::string_view id) {
  for (const LegalGround& ground : kGrounds) {
    if (ground.id == id) return &ground;
  }
  return nullptr;
}

std::chrono::year_month_day ComplaintDeadline(std::chrono::year_month_day knowledge) {
  std::chrono::year_month_day deadline = knowledge + std::chrono::months(3);
  if (!deadline.ok()) {
    deadline = std::chrono::year_month_day_last(deadline.year(),
                                                std::chrono::month_day_last(deadline.month()));
  }
  return deadline;
}

std::optional<int> ComplaintReminder(std::chrono::year_month_day deadline,
                                     std::chrono::year_month_day today) {
  const auto days_left = (std::chrono::sys_days(deadline) - std::chrono::sys_days(today)).count();
  if (days_left < 0) return 0;
  for (int reminder : {7, 14, 30}) {
    if (days_left <= reminder) return reminder;
  }
  return std::nullopt;
}

}  // namespace civicpost::moderation
