#include "concept/concept_loader.hpp"

#include <utility>

#include "concept/concept_checks.hpp"
#include "concept/concept_schema.hpp"
#include "concept/toml_document.hpp"

namespace civicpost::usage {
namespace {

// The converters below run only on tables that passed ConceptSchema() and
// CheckConceptRules(), so every required key is present with the right type;
// the fallbacks of value_or() are never used for required keys.

std::string Str(const toml::table& table, std::string_view key) {
  return table[key].value_or(std::string{});
}

std::optional<std::string> OptionalStr(const toml::table& table, std::string_view key) {
  return table[key].value<std::string>();
}

const toml::table& Sub(const toml::table& table, std::string_view key) {
  static const toml::table kEmpty;
  const toml::table* sub = table[key].as_table();
  return sub != nullptr ? *sub : kEmpty;
}

std::vector<std::string> Strings(const toml::table& table, std::string_view key) {
  std::vector<std::string> out;
  if (const toml::array* array = table[key].as_array()) {
    for (const toml::node& element : *array) out.push_back(element.value_or(std::string{}));
  }
  return out;
}

template <typename E, std::size_t N>
E EnumValue(const EnumTable<E, N>& names, const toml::table& table, std::string_view key) {
  return names.Parse(table[key].value_or(std::string_view{})).value_or(names.entries[0].first);
}

template <typename E, std::size_t N>
std::vector<E> EnumValues(const EnumTable<E, N>& names, const toml::table& table,
                          std::string_view key) {
  std::vector<E> out;
  for (const std::string& name : Strings(table, key)) {
    if (auto value = names.Parse(name)) out.push_back(*value);
  }
  return out;
}

// Calls `convert(table)` for each table in table[key] and collects the results.
template <typename Convert>
auto Tables(const toml::table& table, std::string_view key, Convert convert) {
  std::vector<decltype(convert(table))> out;
  if (const toml::array* array = table[key].as_array()) {
    for (const toml::node& element : *array) {
      if (const toml::table* item = element.as_table()) out.push_back(convert(*item));
    }
  }
  return out;
}

int Int(const toml::table& table, std::string_view key) {
  return static_cast<int>(table[key].value_or(int64_t{0}));
}

Link ToLink(const toml::table& t) { return {Str(t, "label"), Str(t, "url")}; }

PostalAddress ToAddress(const toml::table& t) {
  return {Str(t, "street"), Str(t, "postal_code"), Str(t, "city"), Str(t, "state")};
}

Authority ToAuthority(const toml::table& t) {
  Authority a{Str(t, "name"),
              Str(t, "slug"),
              Str(t, "kind"),
              Str(t, "website"),
              Str(t, "service_portal"),
              Str(t, "intro"),
              ToAddress(Sub(t, "address")),
              ""};
  a.name_accusative = t["name_accusative"].value_or(a.name);
  return a;
}

Channel ToChannel(const toml::table& t) {
  Channel channel;
  channel.id = Str(t, "id");
  channel.platform = EnumValue(kChannelPlatformNames, t, "platform");
  channel.name = Str(t, "name");
  channel.handle = OptionalStr(t, "handle");
  channel.url = Str(t, "url");
  channel.mirror = t["mirror"].value_or(false);
  if (const toml::table* policy = t["platform_privacy_policy"].as_table()) {
    channel.platform_privacy_policy = ToLink(*policy);
  }
  const toml::table& scope = Sub(t, "scope");
  channel.scope.kinds = EnumValues(kPostKindNames, scope, "kinds");
  channel.scope.kinds_text = Str(scope, "kinds_text");
  channel.scope.scope_text = Str(scope, "scope_text");
  channel.scope.posts_per_week = Int(scope, "posts_per_week");
  channel.scope.stories_and_reels = scope["stories_and_reels"].value_or(false);
  channel.scope.advice_in_comments = scope["advice_in_comments"].value_or(false);
  if (const toml::table* reasons = t["reasons"].as_table()) {
    channel.reasons = ChannelReasons{Str(*reasons, "title"), Str(*reasons, "text")};
  }
  return channel;
}

Responsibility ToResponsibility(const toml::table& t) {
  Responsibility r;
  r.department = Str(t, "department");
  r.lead = Str(t, "lead");
  r.text = Str(t, "text");
  r.channel_ids = Strings(t, "channels");
  r.address = ToAddress(Sub(t, "address"));
  r.staff = Tables(t, "staff", [](const toml::table& s) {
    return StaffMember{Str(s, "salutation"), Str(s, "name"), Str(s, "email"), Str(s, "phone"),
                       EnumValues(kRoleNames, s, "roles")};
  });
  return r;
}

Dpia ToDpia(const toml::table& t) {
  Dpia dpia;
  dpia.legal_framework = Str(t, "legal_framework");
  dpia.justification = Str(t, "justification");
  dpia.risk = Str(t, "risk");
  dpia.evaluation = Str(t, "evaluation");
  dpia.further_information = Tables(t, "further_information", ToLink);
  dpia.rating = EnumValue(kRiskRatingNames, t, "rating");
  dpia.review_interval_months = Int(t, "review_interval_months");
  if (auto date = t["last_review"].value<toml::date>()) {
    dpia.last_review =
        std::chrono::year_month_day(std::chrono::year(date->year), std::chrono::month(date->month),
                                    std::chrono::day(date->day));
  }
  dpia.dpo_opinion = OptionalStr(t, "dpo_opinion");
  dpia.residual_risk_accepted = t["residual_risk_accepted"].value<bool>();
  dpia.status = kDpiaStatusNames.Parse(t["status"].value_or(std::string("draft")))
                    .value_or(DpiaStatus::kDraft);
  dpia.risks = Tables(t, "risks", [](const toml::table& risk) {
    return DpiaRisk{Str(risk, "name"), EnumValue(kRiskLevelNames, risk, "likelihood"),
                    EnumValue(kRiskLevelNames, risk, "severity"), Str(risk, "measures")};
  });
  dpia.review_triggers = Tables(t, "review_triggers", [](const toml::table& trigger) {
    const toml::date date = trigger["date"].value_or(toml::date{});
    return ReviewTrigger{
        std::chrono::year_month_day(std::chrono::year(date.year), std::chrono::month(date.month),
                                    std::chrono::day(date.day)),
        EnumValue(kReviewTriggerKindNames, trigger, "kind"), Str(trigger, "note")};
  });
  return dpia;
}

Privacy ToPrivacy(const toml::table& t) {
  Privacy p;
  p.legal_basis = Str(t, "legal_basis");
  p.joint_controllership = Str(t, "joint_controllership");
  const toml::table& authority = Sub(t, "supervisory_authority");
  p.supervisory_authority = {Str(authority, "name"), ToAddress(Sub(authority, "address")),
                             Str(authority, "url"), Str(authority, "email")};
  p.processing = Tables(t, "processing", [](const toml::table& a) {
    return ProcessingActivity{EnumValue(kProcessingKindNames, a, "kind"),
                              Str(a, "name"),
                              Str(a, "purpose"),
                              Str(a, "legal_basis"),
                              Str(a, "data_subjects"),
                              Str(a, "data_categories"),
                              Str(a, "recipients"),
                              Str(a, "third_countries"),
                              Str(a, "retention"),
                              Str(a, "measures")};
  });
  return p;
}

OfficeHours ToOfficeHours(const toml::table& t) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  OfficeHours hours;
  hours.timezone = Str(t, "timezone");
  for (std::size_t day = 0; day < kDays.size(); ++day) {
    if (auto text = t[kDays[day]].value<std::string>()) {
      hours.weekdays[day] = ParseTimeRanges(*text).value_or(std::vector<TimeRange>{});
    }
  }
  return hours;
}

Concept ToConcept(const toml::table& root) {
  Concept c;
  c.schema_version = Int(root, "schema_version");
  c.title = Str(root, "title");
  c.authority = ToAuthority(Sub(root, "authority"));
  c.channels = Tables(root, "channels", ToChannel);
  const toml::table& purpose = Sub(root, "purpose");
  c.purpose = {Strings(purpose, "paragraphs"), purpose["crisis_channel"].value_or(false)};
  c.topics = Tables(root, "topics", [](const toml::table& t) {
    return Topic{Str(t, "id"), Str(t, "name"), Str(t, "description")};
  });
  c.responsibility = ToResponsibility(Sub(root, "responsibility"));
  const toml::table& dpo = Sub(root, "data_protection_officer");
  c.data_protection_officer = {Str(dpo, "organization"), Str(dpo, "title"), Str(dpo, "salutation"),
                               Str(dpo, "name"),         Str(dpo, "email"), Str(dpo, "phone")};
  const toml::table& assessment = Sub(root, "assessment");
  c.assessment = {Strings(assessment, "advantages"), Strings(assessment, "disadvantages")};
  const toml::table& alternatives = Sub(root, "alternatives");
  c.alternatives.paragraphs = Strings(alternatives, "paragraphs");
  c.alternatives.contacts = Tables(alternatives, "contacts", [](const toml::table& t) {
    return AlternativeContact{EnumValue(kContactKindNames, t, "kind"), Str(t, "label"),
                              Str(t, "value")};
  });
  c.dpia = ToDpia(Sub(root, "dpia"));
  c.netiquette = Tables(root, "netiquette", [](const toml::table& t) {
    return NetiquetteClause{Str(t, "id"), Str(t, "title"), Str(t, "text"),
                            EnumValue(kNetiquetteActionNames, t, "action"),
                            EnumValue(kNetiquetteCategoryNames, t, "category")};
  });
  c.office_hours = ToOfficeHours(Sub(root, "office_hours"));
  if (const toml::table* privacy = root["privacy"].as_table()) c.privacy = ToPrivacy(*privacy);
  if (const toml::table* impressum = root["impressum"].as_table()) {
    c.impressum = Impressum{Str(*impressum, "represented_by"),
                            Str(*impressum, "supervisory_authority"), Str(*impressum, "vat_id"),
                            Str(*impressum, "bio_link"), Strings(*impressum, "paragraphs")};
  }
  if (const toml::table* accessibility = root["accessibility"].as_table()) {
    const toml::table& t = *accessibility;
    const toml::date prepared = t["prepared_on"].value_or(toml::date{});
    c.accessibility = Accessibility{EnumValue(kAccessibilityStatusNames, t, "status"),
                                    std::chrono::year_month_day(std::chrono::year(prepared.year),
                                                                std::chrono::month(prepared.month),
                                                                std::chrono::day(prepared.day)),
                                    Str(t, "method"),
                                    Strings(t, "known_barriers"),
                                    static_cast<int>(t["feedback_response_days"].value_or(
                                        int64_t{kDefaultFeedbackResponseDays})),
                                    ToLink(Sub(t, "enforcement")),
                                    static_cast<int>(t["feedback_retention_days"].value_or(
                                        int64_t{kDefaultFeedbackRetentionDays}))};
  }
  const toml::table& moderation = Sub(root, "moderation");
  const double auto_hide = moderation["auto_hide_threshold"].value_or(1.0);
  c.moderation = {auto_hide,
                  moderation["review_threshold"].value_or(1.0),
                  moderation["off_hours_auto_hide_threshold"].value_or(auto_hide),
                  Int(moderation, "response_target_hours"),
                  moderation["crisis_mode"].value_or(false),
                  static_cast<int>(moderation["decision_retention_days"].value_or(
                      int64_t{kDefaultDecisionRetentionDays})),
                  static_cast<int>(moderation["evidence_retention_days"].value_or(
                      int64_t{kDefaultEvidenceRetentionDays})),
                  static_cast<int>(moderation["burst_comments_per_hour"].value_or(int64_t{0})),
                  moderation["second_look_for_deletion"].value_or(false)};
  return c;
}

ConceptLoad FromDocument(TomlDocument doc, std::string_view file) {
  ConceptLoad load;
  load.diagnostics = std::move(doc.diagnostics);
  if (!doc.table) return load;  // unreadable file or syntax error
  std::vector<Diagnostic> rules = CheckConceptRules(*doc.table, file);
  load.diagnostics.insert(load.diagnostics.end(), rules.begin(), rules.end());
  SortByPosition(load.diagnostics);
  if (load.diagnostics.empty()) load.concept_value = ToConcept(*doc.table);
  return load;
}

}  // namespace

ConceptLoad LoadConceptFile(const std::filesystem::path& path) {
  return FromDocument(LoadTomlFile(path, ConceptSchema()), path.string());
}

ConceptLoad ParseConcept(std::string_view toml_text, std::string source_name) {
  TomlDocument doc = ParseAndCheckToml(toml_text, source_name, ConceptSchema());
  return FromDocument(std::move(doc), source_name);
}

}  // namespace civicpost::usage
