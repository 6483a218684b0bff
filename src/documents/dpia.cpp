// The data protection impact assessment (Datenschutz-Folgenabschätzung,
// Art. 35 DSGVO) as its own document, with the measures the concept makes
// civicpost enforce and the review dates.

#include "core/german_format.hpp"
#include "documents/builders.hpp"
#include "documents/common.hpp"
#include "documents/review_status.hpp"

namespace civicpost::documents {
namespace {

std::string KindsOf(const usage::Channel& channel) {
  std::string out;
  for (PostKind kind : channel.scope.kinds) {
    static constexpr EnumTable<PostKind, 4> kGerman{{{
        {PostKind::kFeedImage, "Bildbeiträge"},
        {PostKind::kCarousel, "Bildergalerien"},
        {PostKind::kStory, "Stories"},
        {PostKind::kReel, "Videos (Reels)"},
    }}};
    out += (out.empty() ? "" : ", ") + std::string(kGerman.Name(kind));
  }
  return out;
}

std::vector<std::string> Measures(const usage::Concept& c) {
  std::vector<std::string> measures;
  measures.push_back("Kontinuierliche redaktionelle Betreuung durch " + c.responsibility.department +
                     "; neue Kommentare werden innerhalb von " +
                     std::to_string(c.moderation.response_target_hours) + " Stunden gesichtet.");
  measures.push_back("Netiquette mit " + std::to_string(c.netiquette.size()) +
                     " Regeln: rechtswidrige und beleidigende Kommentare werden verborgen oder "
                     "gelöscht; vor dem Löschen möglicher Straftaten werden Beweise gesichert.");
  for (const usage::Channel& channel : c.channels) {
    if (!IsOwnWebsite(channel) && !channel.scope.advice_in_comments) {
      measures.push_back("Über die Kommentarfunktion von " + channel.name +
                         " werden keine Beratungen angeboten.");
    }
    if (IsOwnWebsite(channel)) {
      measures.push_back("Alle Beiträge erscheinen auch auf der eigenen Website " + channel.url +
                         ", ohne Anmeldung, Cookies und Tracking.");
    }
  }
  measures.push_back("Personen werden nur mit ihrer Einwilligung oder auf gesetzlicher Grundlage "
                     "abgebildet; Standortdaten werden vor der Veröffentlichung aus Bildern "
                     "entfernt.");
  std::string ways;
  for (const usage::AlternativeContact& contact : c.alternatives.contacts) {
    ways += (ways.empty() ? "" : ", ") + contact.label;
  }
  if (!ways.empty()) measures.push_back("Alternative Informations- und Kontaktwege: " + ways + ".");
  return measures;
}

}  // namespace

Document BuildDpia(const usage::Concept& c, std::chrono::year_month_day today) {
  Document d;
  d.id = "dsfa";
  d.title = "Datenschutz-Folgenabschätzung (Art. 35 DSGVO)";
  d.authority = c.authority.name;

  d.Heading(1, "1 Gesetzliche Rahmenbedingungen");
  d.Paragraph(c.dpia.legal_framework);

  d.Heading(1, "2 Beschreibung der Verarbeitung");
  std::vector<std::vector<std::string>> rows;
  for (const usage::Channel& channel : c.channels) {
    const bool own = IsOwnWebsite(channel);
    rows.push_back({channel.name + (own ? " (eigene Website)" : ""),
                    std::string(kChannelPlatformNames.Name(channel.platform)), channel.url,
                    KindsOf(channel),
                    channel.scope.posts_per_week > 0
                        ? "etwa " + std::to_string(channel.scope.posts_per_week) + " pro Woche"
                        : "–"});
  }
  d.Table({"Kanal", "Plattform", "Adresse", "Inhalte", "Beiträge"}, rows);
  std::string topics;
  for (const usage::Topic& topic : c.topics) topics += (topics.empty() ? "" : ", ") + topic.name;
  d.Paragraph("Themen: " + topics + ".");
  if (!c.purpose.paragraphs.empty()) d.Paragraph("Zweck: " + c.purpose.paragraphs.front());

  d.Heading(1, "3 Notwendigkeit und Begründung");
  d.Paragraph(c.dpia.justification);

  d.Heading(1, "4 Risiken für die Rechte und Freiheiten der Betroffenen");
  d.Paragraph(c.dpia.risk);
  if (c.dpia.risks.empty()) {
    d.Paragraph("Erkannte Risiken der Nutzung sozialer Medien (noch ohne Einstufung):");
    d.List(c.assessment.disadvantages);
  } else {
    std::vector<std::vector<std::string>> risks;
    for (const usage::DpiaRisk& r : c.dpia.risks) {
      risks.push_back({r.name, std::string(usage::kRiskLevelNames.Name(r.likelihood)),
                       std::string(usage::kRiskLevelNames.Name(r.severity)), r.measures});
    }
    d.Table({"Risiko", "Wahrscheinlichkeit", "Schwere", "Maßnahmen"}, risks);
  }

  d.Heading(1, "5 Maßnahmen");
  d.List(Measures(c));

  d.Heading(1, "6 Bewertung");
  d.Paragraph(c.dpia.evaluation);
  d.Paragraph("Einstufung des Risikos: " + std::string(usage::kRiskRatingNames.Name(c.dpia.rating)) +
              ".");
  d.Paragraph(c.dpia.dpo_opinion ? "Stellungnahme des Datenschutzbeauftragten: " + *c.dpia.dpo_opinion
                                 : "Die Stellungnahme des Datenschutzbeauftragten liegt noch "
                                   "nicht vor.");
  d.Paragraph(c.dpia.residual_risk_accepted.value_or(false)
                  ? "Das verbleibende Risiko wurde ausdrücklich akzeptiert."
                  : "Die Annahme des verbleibenden Risikos ist noch nicht erklärt.");

  const DpiaReview review = DpiaReviewStatus(c.dpia, today);
  d.Heading(1, "7 Überprüfung");
  d.Table({"Angabe", "Wert"},
          {{"Überprüfungsintervall", std::to_string(c.dpia.review_interval_months) + " Monate"},
           {"Letzte Überprüfung", review.last ? GermanDate(*review.last) : "nicht eingetragen"},
           {"Nächste Überprüfung", review.next ? GermanDate(*review.next) : "sofort"}});
  d.Paragraph(review.Sentence());
  return d;
}

}  // namespace civicpost::documents
