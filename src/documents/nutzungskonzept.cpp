// The Nutzungskonzept: the seed document's sections, in its order, filled
// from the concept.

#include "documents/builders.hpp"
#include "documents/common.hpp"

namespace civicpost::documents {
namespace {

std::string ContactLine(const usage::AlternativeContact& c) {
  return c.label.empty() ? c.value : c.label + ": " + c.value;
}

}  // namespace

Document BuildNutzungskonzept(const usage::Concept& c) {
  Document d;
  d.id = "nutzungskonzept";
  d.title = c.title.empty() ? "Social Media Nutzungskonzept" : c.title;
  d.authority = c.authority.name;
  d.Paragraph(c.authority.intro);

  std::vector<const usage::Channel*> social;
  for (const usage::Channel& channel : c.channels) {
    if (!IsOwnWebsite(channel)) social.push_back(&channel);
  }

  d.Heading(1, "1 Unser Social Media Angebot");
  for (const usage::Channel* channel : social) {
    d.Heading(2, PlatformName(channel->platform));
    d.Paragraph(channel->name + ": " + channel->url);
  }
  for (const usage::Channel& channel : c.channels) {
    if (IsOwnWebsite(channel)) {
      d.Paragraph("Alle Beiträge erscheinen auch auf unserer eigenen Website: " + channel.url);
    }
  }

  d.Heading(1, "2 Zweck");
  for (const std::string& p : c.purpose.paragraphs) d.Paragraph(p);

  d.Heading(1, "3 Art und Umfang");
  int number = 0;
  for (const usage::Channel* channel : social) {
    d.Heading(2, "3." + std::to_string(++number) + " Art und Umfang – " +
                     PlatformName(channel->platform) + " " + channel->name);
    d.List({"Art – " + channel->scope.kinds_text, "Umfang – " + channel->scope.scope_text});
  }

  d.Heading(1, "4 Gründe für die Entscheidung");
  number = 0;
  for (const usage::Channel* channel : social) {
    if (!channel->reasons) continue;
    d.Heading(2, "4." + std::to_string(++number) + " " + channel->reasons->title);
    d.Paragraph(channel->reasons->text);
  }

  const usage::Responsibility& r = c.responsibility;
  d.Heading(1, "5 Festlegung der Verantwortlichkeiten");
  d.Paragraph(r.lead);
  for (const usage::Channel* channel : social) {
    d.Paragraph(PlatformName(channel->platform) + " " + channel->name);
  }
  d.Paragraph(r.department);
  std::vector<std::string> staff;
  for (const usage::StaffMember& s : r.staff) {
    staff.push_back(s.FormalName() + ", E-Mail: " + s.email +
                    ", Tel.: " + s.phone);
  }
  d.List(staff);
  d.Paragraph(AddressLine(r.address));
  d.Paragraph(r.text);
  const usage::DataProtectionOfficer& dpo = c.data_protection_officer;
  d.Heading(2, "Ansprechpartner für den Datenschutz");
  d.List({dpo.organization.empty() ? c.authority.name : dpo.organization, dpo.title,
          dpo.FormalName(), "E-Mail: " + dpo.email,
          "Telefon: " + dpo.phone});

  d.Heading(1, "6 Vorteile und Nachteile der Nutzung Sozialer Medien für " +
                   c.authority.name_accusative);
  d.Heading(2, "6.1 Vorteile");
  d.List(c.assessment.advantages);
  d.Heading(2, "6.2 Nachteile");
  d.List(c.assessment.disadvantages);

  d.Heading(1, "7 Alternative Informations- und Kontaktmöglichkeiten");
  for (const std::string& p : c.alternatives.paragraphs) d.Paragraph(p);
  std::vector<std::string> contacts;
  for (const usage::AlternativeContact& contact : c.alternatives.contacts) {
    contacts.push_back(ContactLine(contact));
  }
  d.List(contacts);

  d.Heading(1, "8 Abschätzung der Folgen der Verarbeitungsvorgänge");
  d.Heading(2, "8.1 Gesetzliche Rahmenbedingungen");
  d.Paragraph(c.dpia.legal_framework);
  d.Heading(2, "8.2 Begründung");
  d.Paragraph(c.dpia.justification);
  d.Heading(2, "8.3 Welches Risiko folgt daraus?");
  d.Paragraph(c.dpia.risk);
  if (!c.dpia.further_information.empty()) {
    d.Paragraph("Weitere Informationen:");
    std::vector<std::string> links;
    for (const usage::Link& link : c.dpia.further_information) {
      links.push_back(link.label + ": " + link.url);
    }
    d.List(links);
  }
  d.Heading(2, "8.4 Wie wird das Risiko bewertet?");
  d.Paragraph(c.dpia.evaluation);
  return d;
}

}  // namespace civicpost::documents
