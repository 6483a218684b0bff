// The Netiquette (house rules for comments): the numbered clauses moderation
// decisions cite, what happens on a breach and where to complain.

#include "documents/builders.hpp"
#include "documents/common.hpp"

namespace civicpost::documents {
namespace {

std::string Consequence(usage::NetiquetteAction action) {
  switch (action) {
    case usage::NetiquetteAction::kHide:
      return "Der Kommentar wird verborgen.";
    case usage::NetiquetteAction::kDelete:
      return "Der Kommentar wird gelöscht.";
    case usage::NetiquetteAction::kHideAndEvidence:
      return "Der Kommentar wird verborgen; vorher sichern wir ihn als Beweis.";
    case usage::NetiquetteAction::kReply:
      return "Wir antworten und verweisen auf den richtigen Weg.";
  }
  return "";
}

}  // namespace

Document BuildNetiquette(const usage::Concept& c) {
  Document d;
  d.id = "netiquette";
  d.title = "Netiquette – Regeln für Kommentare";
  d.authority = c.authority.name;
  std::string channels;
  for (const usage::Channel& channel : c.channels) {
    if (IsOwnWebsite(channel)) continue;
    channels += (channels.empty() ? "" : ", ") + PlatformName(channel.platform);
  }
  d.Paragraph("Wir freuen uns über Fragen, Anregungen und Kritik auf unseren Kanälen (" + channels +
              "). Kritik ist ausdrücklich erwünscht – auch deutliche. Damit der Austausch für "
              "alle offen bleibt, gelten die folgenden Regeln. Jede Entscheidung über einen "
              "Kommentar nennt die Regel, auf die sie sich stützt.");

  d.Heading(1, "Regeln");
  for (const usage::NetiquetteClause& clause : c.netiquette) {
    d.Heading(2, clause.id + " " + clause.title);
    d.Paragraph(clause.text);
    d.Paragraph("Bei Verstoß: " + Consequence(clause.action));
  }

  d.Heading(1, "Was bei Verstößen geschieht");
  d.List({"Wir gehen abgestuft vor: zuerst verbergen, erst bei schweren Verstößen löschen.",
          "Bevor wir möglicherweise strafbare Inhalte verbergen oder löschen, sichern wir sie "
          "mit Zeitpunkt und Zusammenhang als Beweis.",
          "Strafbare Inhalte bringen wir zur Anzeige und stellen, wo nötig, Strafantrag.",
          "Wer wiederholt und schwer gegen diese Regeln verstößt, kann nach Prüfung durch "
          "zwei Mitarbeitende blockiert werden."});
  d.Paragraph("Neue Kommentare sichten wir in der Regel innerhalb von " +
              std::to_string(c.moderation.response_target_hours) + " Stunden.");
  for (const usage::Channel& channel : c.channels) {
    if (!IsOwnWebsite(channel) && !channel.scope.advice_in_comments) {
      d.Paragraph("Über die Kommentare bei " + PlatformName(channel.platform) +
                  " beraten wir nicht. Für Anliegen an die Verwaltung nutzen Sie bitte " +
                  (c.authority.service_portal.empty() ? c.authority.website
                                                      : c.authority.service_portal) +
                  ".");
      break;
    }
  }

  d.Heading(1, "Beschwerde gegen eine Entscheidung");
  d.Paragraph("Halten Sie eine Entscheidung über Ihren Kommentar für falsch, schreiben Sie uns. "
              "Wir prüfen jede Beschwerde und antworten Ihnen. Zuständig ist " +
              c.responsibility.department + ":");
  std::vector<std::string> staff;
  for (const usage::StaffMember& s : c.responsibility.staff) {
    staff.push_back(s.FormalName() + ", E-Mail: " + s.email + ", Tel.: " +
                    s.phone);
  }
  d.List(staff);
  d.Paragraph("Bei Fragen zum Datenschutz: " + DpoLine(c) + ".");
  return d;
}

}  // namespace civicpost::documents
