#include "concept/concept_checks.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "concept/concept.hpp"
#include "concept/suggest.hpp"
#include "concept/toml_schema.hpp"
#include "concept/value_formats.hpp"

namespace civicpost::usage {
namespace {

// Calls `visit(table, index)` for each table in root[array_key].
template <typename Visit>
void ForEachTable(const toml::table& root, std::string_view array_key, Visit visit) {
  const toml::array* array = root[array_key].as_array();
  if (array == nullptr) return;
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const toml::table* table = array->get(i)->as_table()) visit(*table, i);
  }
}

// Reports the second and later uses of the same `id` in root[array_key].
void CheckUniqueIds(const toml::table& root, std::string_view array_key, std::string_view what,
                    std::string_view file, std::vector<Diagnostic>& out) {
  std::map<std::string, uint32_t, std::less<>> first_line;
  ForEachTable(root, array_key, [&](const toml::table& table, std::size_t i) {
    const toml::node* id = table.get("id");
    if (id == nullptr || !id->is_string()) return;
    const std::string value = *id->value<std::string>();
    const auto [it, inserted] = first_line.emplace(value, id->source().begin.line);
    if (!inserted) {
      out.push_back(DiagnosticAt(file, id->source(), JoinKeyPath(IndexKeyPath(array_key, i), "id"),
                                 "duplicate " + std::string(what) + " id '" + value +
                                     "' (first used on line " + std::to_string(it->second) + ")"));
    }
  });
}

std::vector<std::string> ChannelIds(const toml::table& root) {
  std::vector<std::string> ids;
  ForEachTable(root, "channels", [&](const toml::table& table, std::size_t) {
    if (auto id = table["id"].value<std::string>()) ids.push_back(*id);
  });
  return ids;
}

void CheckResponsibilityChannels(const toml::table& root, std::string_view file,
                                 std::vector<Diagnostic>& out) {
  const toml::array* refs = root["responsibility"]["channels"].as_array();
  if (refs == nullptr) return;
  const std::vector<std::string> ids = ChannelIds(root);
  for (std::size_t i = 0; i < refs->size(); ++i) {
    const toml::node& ref = *refs->get(i);
    const auto value = ref.value<std::string>();
    if (!value || std::find(ids.begin(), ids.end(), *value) != ids.end()) continue;
    std::string message = "no channel has the id '" + *value + "'";
    if (auto suggestion = ClosestMatch(*value, ids))
      message += " (did you mean '" + *suggestion + "'?)";
    out.push_back(DiagnosticAt(file, ref.source(), IndexKeyPath("responsibility.channels", i),
                               std::move(message)));
  }
}

// The first path segment of these belongs to civicpost itself, not to an
// authority's public pages.
void CheckSlugNotReserved(const toml::table& root, std::string_view file,
                          std::vector<Diagnostic>& out) {
  static constexpr std::string_view kReserved[] = {"app", "static", "media", "healthz", "metrics"};
  const toml::node* slug = root["authority"]["slug"].node();
  if (slug == nullptr || !slug->is_string()) return;
  const std::string value = *slug->value<std::string>();
  if (std::find(std::begin(kReserved), std::end(kReserved), value) != std::end(kReserved)) {
    out.push_back(DiagnosticAt(file, slug->source(), "authority.slug",
                               "'" + value + "' is reserved for civicpost's own pages"));
  }
}

void CheckThresholds(const toml::table& root, std::string_view file, std::vector<Diagnostic>& out) {
  const toml::node* review = root["moderation"]["review_threshold"].node();
  const toml::node* hide = root["moderation"]["auto_hide_threshold"].node();
  if (review == nullptr || hide == nullptr || !review->is_number() || !hide->is_number()) return;
  const double review_value = *review->value<double>();
  const double hide_value = *hide->value<double>();
  if (review_value >= hide_value) {
    out.push_back(DiagnosticAt(
        file, review->source(), "moderation.review_threshold",
        "must be lower than moderation.auto_hide_threshold (" + FormatNumber(hide_value) +
            "), got " + FormatNumber(review_value) +
            "; comments between the two go to review, above auto_hide_threshold they are hidden"));
    return;
  }
  const toml::node* off_hours = root["moderation"]["off_hours_auto_hide_threshold"].node();
  if (off_hours == nullptr || !off_hours->is_number()) return;
  const double off_hours_value = *off_hours->value<double>();
  if (off_hours_value > review_value && off_hours_value <= hide_value) return;
  out.push_back(DiagnosticAt(
      file, off_hours->source(), "moderation.off_hours_auto_hide_threshold",
      "must be above moderation.review_threshold (" + FormatNumber(review_value) +
          ") and at most moderation.auto_hide_threshold (" + FormatNumber(hide_value) + "), got " +
          FormatNumber(off_hours_value) +
          "; outside office hours hiding may start lower, never stricter than in them"));
}

void CheckContactValues(const toml::table& root, std::string_view file,
                        std::vector<Diagnostic>& out) {
  const toml::array* contacts = root["alternatives"]["contacts"].as_array();
  if (contacts == nullptr) return;
  for (std::size_t i = 0; i < contacts->size(); ++i) {
    const toml::table* contact = contacts->get(i)->as_table();
    if (contact == nullptr) continue;
    const auto kind = kContactKindNames.Parse((*contact)["kind"].value_or(std::string_view{}));
    const toml::node* value = contact->get("value");
    if (!kind || value == nullptr || !value->is_string()) continue;
    const std::string text = *value->value<std::string>();
    std::string problem;
    switch (*kind) {
      case ContactKind::kWebsite:
      case ContactKind::kServicePortal:
        if (!IsValidHttpUrl(text)) problem = "not a valid URL (expected http:// or https://)";
        break;
      case ContactKind::kPhone:
        if (!IsValidGermanPhone(text)) problem = "not a valid German phone number";
        break;
      case ContactKind::kEmail:
        if (!IsValidEmail(text)) problem = "not a valid e-mail address";
        break;
    }
    if (problem.empty()) continue;
    out.push_back(
        DiagnosticAt(file, value->source(), IndexKeyPath("alternatives.contacts", i) + ".value",
                     problem + " for kind '" + std::string(kContactKindNames.Name(*kind)) +
                         "': \"" + text + "\""));
  }
}

// A DPIA is final only with the DPO's opinion and the residual risk accepted.
void CheckDpiaFinal(const toml::table& root, std::string_view file, std::vector<Diagnostic>& out) {
  const toml::table* dpia = root["dpia"].as_table();
  if (dpia == nullptr) return;
  const toml::node* status = dpia->get("status");
  if (status == nullptr || status->value_or(std::string_view{}) != "final") return;
  if (!dpia->contains("dpo_opinion")) {
    out.push_back(DiagnosticAt(file, status->source(), "dpia.status",
                               "a final DPIA needs the DPO's opinion (dpia.dpo_opinion)"));
  }
  if (!(*dpia)["residual_risk_accepted"].value_or(false)) {
    out.push_back(DiagnosticAt(file, status->source(), "dpia.status",
                               "a final DPIA needs the residual risk accepted "
                               "(dpia.residual_risk_accepted = true)"));
  }
}

}  // namespace

std::vector<Diagnostic> CheckConceptRules(const toml::table& root, std::string_view file) {
  std::vector<Diagnostic> out;
  CheckUniqueIds(root, "topics", "topic", file, out);
  CheckUniqueIds(root, "channels", "channel", file, out);
  CheckUniqueIds(root, "netiquette", "netiquette clause", file, out);
  CheckResponsibilityChannels(root, file, out);
  CheckSlugNotReserved(root, file, out);
  CheckThresholds(root, file, out);
  CheckContactValues(root, file, out);
  CheckDpiaFinal(root, file, out);
  SortByPosition(out);
  return out;
}

}  // namespace civicpost::usage
