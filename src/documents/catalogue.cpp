// Which documents exist, what each needs, and building one by name.

#include <set>

#include "concept/toml_schema.hpp"
#include "core/german_format.hpp"
#include "documents/builders.hpp"

namespace civicpost::documents {
namespace {

bool NeedsPrivacy(std::string_view name) { return name == "datenschutzhinweise" || name == "vvt"; }

}  // namespace

const std::vector<std::string_view>& DocumentNames() {
  static const std::vector<std::string_view> kNames = {"nutzungskonzept", "dsfa",
                                                       "datenschutzhinweise", "netiquette", "vvt"};
  return kNames;
}

bool IsDocumentName(std::string_view name) {
  for (std::string_view n : DocumentNames()) {
    if (n == name) return true;
  }
  return false;
}

std::string DocumentNameList() {
  std::string list;
  for (std::string_view n : DocumentNames()) list += (list.empty() ? "" : ", ") + std::string(n);
  return list;
}

std::vector<usage::Diagnostic> CheckDocumentNeeds(std::string_view name, const toml::table& root,
                                                  std::string_view file) {
  std::vector<usage::Diagnostic> out;
  if (!NeedsPrivacy(name)) return out;
  const toml::table* privacy = root["privacy"].as_table();
  if (privacy == nullptr) {
    out.push_back(usage::DiagnosticAt(file, root.source(), "privacy",
                                      "the document '" + std::string(name) +
                                          "' needs the [privacy] section (legal basis, "
                                          "supervisory authority, processing with retention "
                                          "periods; see docs/concept-schema.md)"));
    return out;
  }
  if (name != "vvt") return out;
  std::set<std::string> present;
  const toml::array* processing = (*privacy)["processing"].as_array();
  if (processing != nullptr) {
    for (const toml::node& entry : *processing) {
      if (const toml::table* t = entry.as_table()) present.insert((*t)["kind"].value_or(""));
    }
  }
  for (const auto& [kind, kind_name] : usage::kProcessingKindNames.entries) {
    if (present.count(std::string(kind_name))) continue;
    out.push_back(usage::DiagnosticAt(
        file, processing ? processing->source() : privacy->source(), "privacy.processing",
        "the document 'vvt' needs an entry with kind = \"" + std::string(kind_name) + "\""));
  }
  return out;
}

Result<Document> BuildDocument(std::string_view name, const usage::Concept& c,
                               const DocumentContext& context) {
  Document d;
  if (NeedsPrivacy(name) && !c.privacy) {
    return InvalidArgument("the document '" + std::string(name) +
                           "' needs the [privacy] section of the concept");
  }
  if (name == "nutzungskonzept") {
    d = BuildNutzungskonzept(c);
  } else if (name == "dsfa") {
    d = BuildDpia(c, context.today);
  } else if (name == "datenschutzhinweise") {
    d = BuildPrivacyNotice(c);
  } else if (name == "netiquette") {
    d = BuildNetiquette(c);
  } else if (name == "vvt") {
    d = BuildRecordsOfProcessing(c);
  } else {
    return InvalidArgument("unknown document '" + std::string(name) +
                           "' (available: " + DocumentNameList() + ")");
  }
  d.date = GermanDate(context.today);
  d.concept_version = context.concept_version;
  return d;
}

}  // namespace civicpost::documents
