#include "concept/concept_schema.hpp"

#include <string>
#include <vector>

#include "concept/concept.hpp"

namespace civicpost::usage {
namespace {

template <typename E, std::size_t N>
std::vector<std::string> Names(const EnumTable<E, N>& table) {
  std::vector<std::string> names;
  for (const auto& [value, name] : table.entries) names.emplace_back(name);
  return names;
}

constexpr std::string_view kIdPattern = "[a-z0-9][a-z0-9_-]{0,31}";
constexpr const char* kIdHint = "a lower-case id (letters a-z, digits, '_' or '-', up to 32)";
constexpr std::string_view kSlugPattern = "[a-z0-9][a-z0-9-]{1,40}";
constexpr const char* kSlugHint = "lower-case letters, digits and '-' (2 to 41 characters)";
constexpr std::string_view kPostalCodePattern = "[0-9]{5}";
constexpr std::string_view kTimezonePattern = "UTC|[A-Za-z_]+(/[A-Za-z0-9_+-]+)+";
constexpr int kMaxPostsPerWeek = 21;
constexpr int kMaxReviewIntervalMonths = 36;
constexpr int kMaxResponseTargetHours = 7 * 24;

KeySpec Text(std::string name) { return spec::String(std::move(name)).NonEmpty(); }
KeySpec Paragraphs(std::string name) {
  return spec::StringArray(std::move(name)).NonEmpty().MinItems(1);
}

KeySpec Address(std::string name) {
  return spec::Table(std::move(name),
                     {
                         Text("street"),
                         spec::String("postal_code")
                             .Matching(kPostalCodePattern, "a five-digit German postal code"),
                         Text("city"),
                         Text("state").Optional(),
                     });
}

KeySpec LinkTable(std::string name) {
  return spec::Table(std::move(name), {Text("label"), spec::Url("url")});
}

KeySpec AuthoritySpec() {
  return spec::Table("authority", {
                                      Text("name"),
                                      Text("name_accusative").Optional(),
                                      spec::String("slug").Matching(kSlugPattern, kSlugHint),
                                      Text("kind"),
                                      spec::Url("website"),
                                      spec::Url("service_portal").Optional(),
                                      Text("intro").Optional(),
                                      Address("address"),
                                  });
}

KeySpec ChannelsSpec() {
  return spec::TableArray(
             "channels",
             {
                 spec::String("id").Matching(kIdPattern, kIdHint),
                 spec::Enum("platform", Names(kChannelPlatformNames)),
                 Text("name"),
                 Text("handle").Optional(),
                 spec::Url("url"),
                 spec::Boolean("mirror").Optional(),
                 LinkTable("platform_privacy_policy").Optional(),
                 spec::Table("scope",
                             {
                                 spec::EnumArray("kinds", Names(kPostKindNames)).MinItems(1),
                                 Text("kinds_text"),
                                 Text("scope_text"),
                                 spec::Integer("posts_per_week", 1, kMaxPostsPerWeek),
                                 spec::Boolean("stories_and_reels"),
                                 spec::Boolean("advice_in_comments"),
                             }),
                 spec::Table("reasons", {Text("title"), Text("text")}).Optional(),
             })
      .MinItems(1);
}

KeySpec ResponsibilitySpec() {
  return spec::Table(
      "responsibility",
      {
          Text("department"),
          Text("lead").Optional(),
          Text("text"),
          spec::StringArray("channels").NonEmpty().Optional(),
          Address("address"),
          spec::TableArray("staff",
                           {
                               Text("salutation").Optional(),
                               Text("name"),
                               spec::Email("email"),
                               spec::Phone("phone"),
                               spec::EnumArray("roles", Names(kRoleNames)).MinItems(1),
                           })
              .MinItems(1),
      });
}

KeySpec DataProtectionOfficerSpec() {
  return spec::Table("data_protection_officer", {
                                                    Text("organization").Optional(),
                                                    Text("title"),
                                                    Text("salutation").Optional(),
                                                    Text("name"),
                                                    spec::Email("email"),
                                                    spec::Phone("phone"),
                                                });
}

KeySpec DpiaSpec() {
  return spec::Table(
      "dpia",
      {
          Text("legal_framework"),
          Text("justification"),
          Text("risk"),
          Text("evaluation"),
          spec::TableArray("further_information", {Text("label"), spec::Url("url")}).Optional(),
          spec::Enum("rating", Names(kRiskRatingNames)),
          spec::Integer("review_interval_months", 1, kMaxReviewIntervalMonths),
          spec::Date("last_review").Optional(),
          Text("dpo_opinion").Optional(),
          spec::Boolean("residual_risk_accepted").Optional(),
          spec::Enum("status", Names(kDpiaStatusNames)).Optional(),
          spec::TableArray("risks",
                           {
                               Text("name"),
                               spec::Enum("likelihood", Names(kRiskLevelNames)),
                               spec::Enum("severity", Names(kRiskLevelNames)),
                               Text("measures"),
                           })
              .Optional(),
          spec::TableArray("review_triggers",
                           {
                               spec::Date("date"),
                               spec::Enum("kind", Names(kReviewTriggerKindNames)),
                               Text("note"),
                           })
              .Optional(),
      });
}

KeySpec PrivacySpec() {
  return spec::Table("privacy",
                     {
                         Text("legal_basis"),
                         Text("joint_controllership").Optional(),
                         spec::Table("supervisory_authority",
                                     {
                                         Text("name"),
                                         Address("address"),
                                         spec::Url("url"),
                                         spec::Email("email").Optional(),
                                     }),
                         spec::TableArray("processing",
                                          {
                                              spec::Enum("kind", Names(kProcessingKindNames)),
                                              Text("name"),
                                              Text("purpose"),
                                              Text("legal_basis").Optional(),
                                              Text("data_subjects"),
                                              Text("data_categories"),
                                              Text("recipients"),
                                              Text("third_countries"),
                                              Text("retention"),
                                              Text("measures"),
                                          })
                             .MinItems(1),
                     })
      .Optional();
}

KeySpec OfficeHoursSpec() {
  return spec::Table(
      "office_hours",
      {
          spec::String("timezone")
              .Matching(kTimezonePattern, "an IANA time zone name like \"Europe/Berlin\""),
          spec::TimeRange("monday"),
          spec::TimeRange("tuesday"),
          spec::TimeRange("wednesday"),
          spec::TimeRange("thursday"),
          spec::TimeRange("friday"),
          spec::TimeRange("saturday").Optional(),
          spec::TimeRange("sunday").Optional(),
      });
}

TableSpec Build() {
  return TableSpec{{
      spec::Integer("schema_version", kConceptSchemaVersion, kConceptSchemaVersion),
      Text("title").Optional(),
      AuthoritySpec(),
      ChannelsSpec(),
      spec::Table("purpose", {Paragraphs("paragraphs"), spec::Boolean("crisis_channel")}),
      spec::TableArray("topics",
                       {
                           spec::String("id").Matching(kIdPattern, kIdHint),
                           Text("name"),
                           Text("description").Optional(),
                       })
          .MinItems(1),
      ResponsibilitySpec(),
      DataProtectionOfficerSpec(),
      spec::Table("assessment", {Paragraphs("advantages"), Paragraphs("disadvantages")}),
      spec::Table("alternatives",
                  {
                      Paragraphs("paragraphs"),
                      spec::TableArray("contacts",
                                       {
                                           spec::Enum("kind", Names(kContactKindNames)),
                                           Text("label"),
                                           Text("value"),
                                       })
                          .MinItems(1),
                  }),
      DpiaSpec(),
      spec::TableArray(
          "netiquette",
          {
              spec::String("id").Matching("[A-Za-z0-9][A-Za-z0-9_-]{0,15}",
                                          "a short id like \"N1\" (letters, digits, '_' or '-')"),
              Text("title"),
              Text("text"),
              spec::Enum("action", Names(kNetiquetteActionNames)),
              spec::Enum("category", Names(kNetiquetteCategoryNames)),
          })
          .MinItems(1),
      OfficeHoursSpec(),
      spec::Table("moderation",
                  {
                      spec::Float("auto_hide_threshold", 0.0, 1.0),
                      spec::Float("review_threshold", 0.0, 1.0),
                      spec::Float("off_hours_auto_hide_threshold", 0.0, 1.0).Optional(),
                      spec::Integer("response_target_hours", 1, kMaxResponseTargetHours),
                      spec::Boolean("crisis_mode"),
                      spec::Integer("decision_retention_days", 1, kMaxRetentionDays).Optional(),
                      spec::Integer("evidence_retention_days", 1, kMaxRetentionDays).Optional(),
                      spec::Integer("burst_comments_per_hour", 1, 100000).Optional(),
                      spec::Boolean("second_look_for_deletion").Optional(),
                  }),
      PrivacySpec(),
      spec::Table("impressum",
                  {
                      Text("represented_by"),
                      Text("supervisory_authority").Optional(),
                      Text("vat_id").Optional(),
                      spec::Url("bio_link").Optional(),
                      Paragraphs("paragraphs").Optional(),
                  })
          .Optional(),
      spec::Table("accessibility",
                  {
                      spec::Enum("status", Names(kAccessibilityStatusNames)),
                      spec::Date("prepared_on"),
                      Text("method"),
                      spec::StringArray("known_barriers").NonEmpty().Optional(),
                      spec::Integer("feedback_response_days", 1, 90).Optional(),
                      LinkTable("enforcement"),
                      spec::Integer("feedback_retention_days", 30, kMaxRetentionDays).Optional(),
                  })
          .Optional(),
  }};
}

}  // namespace

const TableSpec& ConceptSchema() {
  static const TableSpec kSchema = Build();
  return kSchema;
}

}  // namespace civicpost::usage
