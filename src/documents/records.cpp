// Entries of the Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO),
// one per processing activity, each with every field of Art. 30(1)(a)-(g).
// REQUIRES: concept.privacy with all five kinds (CheckDocumentNeeds).

#include "documents/builders.hpp"
#include "documents/common.hpp"

namespace civicpost::documents {

Document BuildRecordsOfProcessing(const usage::Concept& c) {
  const usage::Privacy& privacy = *c.privacy;
  Document d;
  d.id = "vvt";
  d.title = "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)";
  d.authority = c.authority.name;
  d.Paragraph("Einträge für den Betrieb der Social-Media-Auftritte und der eigenen Website.");
  const std::string controller = c.authority.name + ", " + AddressLine(c.authority.address) +
                                 ", " + c.responsibility.department;
  int number = 0;
  for (const usage::ProcessingActivity& a : privacy.processing) {
    d.Heading(1, std::to_string(++number) + " " + a.name);
    d.Table({"Angabe (Art. 30 Abs. 1 DSGVO)", "Inhalt"},
            {{"a) Verantwortlicher", controller},
             {"a) Datenschutzbeauftragter", DpoLine(c)},
             {"b) Zwecke der Verarbeitung", a.purpose},
             {"Rechtsgrundlage", a.legal_basis.empty() ? privacy.legal_basis : a.legal_basis},
             {"c) Kategorien betroffener Personen", a.data_subjects},
             {"c) Kategorien personenbezogener Daten", a.data_categories},
             {"d) Empfänger", a.recipients},
             {"e) Übermittlung in Drittländer", a.third_countries},
             {"f) Fristen für die Löschung", a.retention},
             {"g) Technische und organisatorische Maßnahmen", a.measures}});
  }
  return d;
}

}  // namespace civicpost::documents
