// Datenschutzhinweise for the social-media presence (Art. 13 and 26 DSGVO).
// REQUIRES: concept.privacy (CheckDocumentNeeds says what is missing).

#include "documents/builders.hpp"
#include "documents/common.hpp"

namespace civicpost::documents {

Document BuildPrivacyNotice(const usage::Concept& c) {
  const usage::Privacy& privacy = *c.privacy;
  Document d;
  d.id = "datenschutzhinweise";
  d.title = "Datenschutzhinweise für unsere Social-Media-Auftritte";
  d.authority = c.authority.name;

  d.Heading(1, "1 Verantwortliche Stelle");
  d.List({c.authority.name, AddressLine(c.authority.address), c.authority.website,
          c.responsibility.department});

  d.Heading(1, "2 Gemeinsame Verantwortlichkeit mit den Plattformbetreibern");
  std::vector<std::string> notices;
  std::string platforms;
  for (const usage::Channel& channel : c.channels) {
    if (IsOwnWebsite(channel)) continue;
    platforms += (platforms.empty() ? "" : ", ") + PlatformName(channel.platform);
    if (channel.platform_privacy_policy) {
      notices.push_back(channel.platform_privacy_policy->label + ": " +
                        channel.platform_privacy_policy->url);
    }
  }
  d.Paragraph(!privacy.joint_controllership.empty()
                  ? privacy.joint_controllership
                  : "Für die Verarbeitung personenbezogener Daten auf unseren Auftritten bei " +
                        platforms +
                        " sind wir gemeinsam mit dem jeweiligen Plattformbetreiber verantwortlich "
                        "(Art. 26 DSGVO). Auf die Verarbeitung durch die Plattform selbst haben "
                        "wir keinen Einfluss; sie ist in deren eigenen Datenschutzhinweisen "
                        "beschrieben:");
  d.List(notices);

  d.Heading(1, "3 Zwecke der Verarbeitung");
  for (const std::string& p : c.purpose.paragraphs) d.Paragraph(p);

  d.Heading(1, "4 Rechtsgrundlage");
  d.Paragraph(privacy.legal_basis);

  d.Heading(1, "5 Welche Daten wir selbst verarbeiten und wie lange");
  std::vector<std::vector<std::string>> rows;
  for (const usage::ProcessingActivity& a : privacy.processing) {
    rows.push_back({a.name, a.data_categories, a.purpose, a.retention});
  }
  d.Table({"Verarbeitung", "Daten", "Zweck", "Speicherdauer"}, rows);

  d.Heading(1, "6 Ihre Rechte");
  d.Paragraph("Sie haben gegenüber uns das Recht");
  d.List({"auf Auskunft über die zu Ihrer Person gespeicherten Daten (Art. 15 DSGVO),",
          "auf Berichtigung unrichtiger Daten (Art. 16 DSGVO),",
          "auf Löschung (Art. 17 DSGVO) und auf Einschränkung der Verarbeitung (Art. 18 DSGVO),",
          "auf Widerspruch gegen die Verarbeitung aus Gründen Ihrer besonderen Situation "
          "(Art. 21 DSGVO),",
          "sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren (Art. 77 DSGVO)."});
  d.Paragraph("Rechte gegenüber dem Plattformbetreiber machen Sie am wirksamsten direkt bei "
              "diesem geltend; wir leiten Ihre Anfrage auf Wunsch weiter.");

  d.Heading(1, "7 Datenschutzbeauftragter");
  d.Paragraph(DpoLine(c));

  const usage::SupervisoryAuthority& authority = privacy.supervisory_authority;
  d.Heading(1, "8 Zuständige Aufsichtsbehörde");
  d.List({authority.name, AddressLine(authority.address), authority.url});
  if (!authority.email.empty()) d.Paragraph("E-Mail: " + authority.email);

  d.Heading(1, "9 Ohne Social Media zu uns");
  for (const std::string& p : c.alternatives.paragraphs) d.Paragraph(p);
  std::vector<std::string> contacts;
  for (const usage::AlternativeContact& contact : c.alternatives.contacts) {
    contacts.push_back(contact.label + ": " + contact.value);
  }
  d.List(contacts);
  return d;
}

}  // namespace civicpost::documents
