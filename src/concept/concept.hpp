#pragma once
// The usage concept ("Nutzungskonzept") of an authority as plain data: what
// it publishes where, why, who is responsible, how data protection was
// assessed and which rules apply to comments. Loaded from concept.toml by
// concept_loader.hpp; docs/concept-schema.md describes every key.
//
// Enum names below are also the allowed strings in concept.toml; the schema
// is built from these tables so the two cannot drift apart.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "concept/value_formats.hpp"
#include "core/enum_table.hpp"
#include "core/organization.hpp"
#include "core/post.hpp"

namespace civicpost::usage {

// The schema_version this code reads.
inline constexpr int kConceptSchemaVersion = 1;

struct Link {
  std::string label;
  std::string url;
};

struct PostalAddress {
  std::string street;
  std::string postal_code;
  std::string city;
  std::string state;  // may be empty
};

struct Authority {
  std::string name;  // "Stadt Sassenberg"
  std::string slug;  // "sassenberg": URL segment of the public pages
  std::string kind;  // "Stadtverwaltung"
  std::string website;
  std::string service_portal;  // may be empty
  std::string intro;           // opening paragraph of the concept
  PostalAddress address;
  // With its article, for sentences like "für die Stadt Sassenberg";
  // defaults to `name`.
  std::string name_accusative;
};

// Channel platforms and post kinds are shared with core (kChannelPlatformNames,
// kPostKindNames).
struct ChannelScope {
  std::vector<PostKind> kinds;
  std::string kinds_text;  // "Art"
  std::string scope_text;  // "Umfang"
  int posts_per_week = 0;
  bool stories_and_reels = false;
  bool advice_in_comments = false;  // does the authority give advice in comments?
};

struct ChannelReasons {
  std::string title;
  std::string text;
};

struct Channel {
  std::string id;  // "instagram"; referenced by posts and the responsibility section
  ChannelPlatform platform = ChannelPlatform::kWebsite;
  std::string name;
  std::optional<std::string> handle;
  std::string url;
  bool mirror = false;  // republishes every post (the authority's own website)
  std::optional<Link> platform_privacy_policy;
  ChannelScope scope;
  std::optional<ChannelReasons> reasons;
};

struct Purpose {
  std::vector<std::string> paragraphs;
  bool crisis_channel = false;  // used to inform the public in a crisis
};

struct Topic {
  std::string id;  // "tourismus"; stored with each post
  std::string name;
  std::string description;  // may be empty
};

struct StaffMember {
  std::string salutation;  // "Frau", "Herr" or empty
  std::string name;
  std::string email;
  std::string phone;
  std::vector<Role> roles;

  // "Frau Jana Wiewel", or just the name without a salutation.
  std::string FormalName() const { return salutation.empty() ? name : salutation + " " + name; }

  bool HasRole(Role role) const {
    for (Role r : roles) {
      if (r == role) return true;
    }
    return false;
  }
};

struct Responsibility {
  std::string department;                // "Haupt- und Personalamt"
  std::string lead;                      // sentence introducing the department; may be empty
  std::string text;                      // duties of the staff
  std::vector<std::string> channel_ids;  // channels this applies to; empty = all
  PostalAddress address;
  std::vector<StaffMember> staff;
};

struct DataProtectionOfficer {
  std::string organization;  // may be empty
  std::string title;         // "Datenschutzbeauftragter"
  std::string salutation;
  std::string name;
  std::string email;
  std::string phone;

  std::string FormalName() const { return salutation.empty() ? name : salutation + " " + name; }
};

struct Assessment {
  std::vector<std::string> advantages;
  std::vector<std::string> disadvantages;
};

enum class ContactKind { kWebsite, kServicePortal, kPhone, kEmail };
inline constexpr EnumTable<ContactKind, 4> kContactKindNames{{{
    {ContactKind::kWebsite, "website"},
    {ContactKind::kServicePortal, "service_portal"},
    {ContactKind::kPhone, "phone"},
    {ContactKind::kEmail, "email"},
}}};

struct AlternativeContact {
  ContactKind kind = ContactKind::kWebsite;
  std::string label;
  std::string value;  // URL, phone number or e-mail address, matching `kind`
};

struct Alternatives {
  std::vector<std::string> paragraphs;
  std::vector<AlternativeContact> contacts;
};

enum class RiskRating { kLow, kLowToMedium, kMedium, kHigh };
inline constexpr EnumTable<RiskRating, 4> kRiskRatingNames{{{
    {RiskRating::kLow, "gering"},
    {RiskRating::kLowToMedium, "gering bis mittel"},
    {RiskRating::kMedium, "mittel"},
    {RiskRating::kHigh, "hoch"},
}}};

enum class DpiaStatus { kDraft, kFinal };
inline constexpr EnumTable<DpiaStatus, 2> kDpiaStatusNames{{{
    {DpiaStatus::kDraft, "draft"},
    {DpiaStatus::kFinal, "final"},
}}};

// Events that force a review before the interval is up.
enum class ReviewTriggerKind { kPlatformTerms, kCourtRuling, kNewProcessing, kOther };
inline constexpr EnumTable<ReviewTriggerKind, 4> kReviewTriggerKindNames{{{
    {ReviewTriggerKind::kPlatformTerms, "platform_terms"},
    {ReviewTriggerKind::kCourtRuling, "court_ruling"},
    {ReviewTriggerKind::kNewProcessing, "new_processing"},
    {ReviewTriggerKind::kOther, "other"},
}}};

struct ReviewTrigger {
  std::chrono::year_month_day date;
  ReviewTriggerKind kind = ReviewTriggerKind::kOther;
  std::string note;
};

enum class RiskLevel { kLow, kMedium, kHigh };
inline constexpr EnumTable<RiskLevel, 3> kRiskLevelNames{{{
    {RiskLevel::kLow, "gering"},
    {RiskLevel::kMedium, "mittel"},
    {RiskLevel::kHigh, "hoch"},
}}};

// One risk for the data subjects, assessed on its own.
struct DpiaRisk {
  std::string name;
  RiskLevel likelihood = RiskLevel::kHigh;
  RiskLevel severity = RiskLevel::kHigh;
  std::string measures;
};

// Data protection impact assessment (Datenschutz-Folgenabschätzung).
struct Dpia {
  std::string legal_framework;
  std::string justification;
  std::string risk;
  std::string evaluation;
  std::vector<Link> further_information;
  RiskRating rating = RiskRating::kHigh;
  int review_interval_months = 0;
  std::optional<std::chrono::year_month_day> last_review;
  std::optional<std::string> dpo_opinion;
  std::optional<bool> residual_risk_accepted;
  // kFinal only with the DPO's opinion and the residual risk accepted.
  DpiaStatus status = DpiaStatus::kDraft;
  std::vector<DpiaRisk> risks;
  std::vector<ReviewTrigger> review_triggers;
};

// The supervisory authority data subjects may complain to (Art. 77 DSGVO).
struct SupervisoryAuthority {
  std::string name;
  PostalAddress address;
  std::string url;
  std::string email;  // may be empty
};

// The processing activities the Verzeichnis (Art. 30 DSGVO) must list.
enum class ProcessingKind { kChannelOperation, kModeration, kImages, kMessages, kWebsite };
inline constexpr EnumTable<ProcessingKind, 5> kProcessingKindNames{{{
    {ProcessingKind::kChannelOperation, "channel_operation"},
    {ProcessingKind::kModeration, "moderation"},
    {ProcessingKind::kImages, "images"},
    {ProcessingKind::kMessages, "messages"},
    {ProcessingKind::kWebsite, "website"},
}}};

// One processing activity with every field of Art. 30(1) DSGVO.
struct ProcessingActivity {
  ProcessingKind kind = ProcessingKind::kChannelOperation;
  std::string name;
  std::string purpose;          // (b)
  std::string legal_basis;      // may be empty: privacy.legal_basis applies
  std::string data_subjects;    // (c)
  std::string data_categories;  // (c)
  std::string recipients;       // (d)
  std::string third_countries;  // (e)
  std::string retention;        // (f)
  std::string measures;         // (g)
};

// What the Datenschutzhinweise and the Verzeichnis need beyond the rest.
struct Privacy {
  std::string legal_basis;
  std::string joint_controllership;  // may be empty: a standard sentence is used
  SupervisoryAuthority supervisory_authority;
  std::vector<ProcessingActivity> processing;
};

enum class NetiquetteAction { kHide, kDelete, kHideAndEvidence, kReply };
inline constexpr EnumTable<NetiquetteAction, 4> kNetiquetteActionNames{{{
    {NetiquetteAction::kHide, "hide"},
    {NetiquetteAction::kDelete, "delete"},
    {NetiquetteAction::kHideAndEvidence, "hide_and_evidence"},
    {NetiquetteAction::kReply, "reply"},
}}};

enum class NetiquetteCategory {
  kInsult,
  kHate,
  kThreat,
  kSpam,
  kScam,
  kDoxxing,
  kOffTopic,
  kAdvertising,
  kIllegal
};
inline constexpr EnumTable<NetiquetteCategory, 9> kNetiquetteCategoryNames{{{
    {NetiquetteCategory::kInsult, "insult"},
    {NetiquetteCategory::kHate, "hate"},
    {NetiquetteCategory::kThreat, "threat"},
    {NetiquetteCategory::kSpam, "spam"},
    {NetiquetteCategory::kScam, "scam"},
    {NetiquetteCategory::kDoxxing, "doxxing"},
    {NetiquetteCategory::kOffTopic, "off_topic"},
    {NetiquetteCategory::kAdvertising, "advertising"},
    {NetiquetteCategory::kIllegal, "illegal"},
}}};

// One rule for comments; moderation decisions cite its id.
struct NetiquetteClause {
  std::string id;  // "N1"
  std::string title;
  std::string text;
  NetiquetteAction action = NetiquetteAction::kHide;
  NetiquetteCategory category = NetiquetteCategory::kIllegal;
};

// When the desk is staffed. weekdays[0] is Monday, [6] Sunday; an empty
// vector means closed.
struct OfficeHours {
  std::string timezone;  // IANA name, "Europe/Berlin"
  std::array<std::vector<TimeRange>, 7> weekdays;
};

inline constexpr int kDefaultDecisionRetentionDays = 365;
inline constexpr int kDefaultEvidenceRetentionDays = 183;  // six months
inline constexpr int kMaxRetentionDays = 3650;

struct ModerationPolicy {
  double auto_hide_threshold = 1.0;  // classifier score at which a comment is hidden
  double review_threshold = 1.0;     // score at which a comment goes to review
  // Outside office hours nobody can look soon, so hiding may start lower;
  // equal to auto_hide_threshold unless the concept says otherwise.
  double off_hours_auto_hide_threshold = 1.0;
  int response_target_hours = 0;
  bool crisis_mode = false;
  // Retention (R54): decisions are deleted this many days after they were
  // made, evidence records this many days after they were secured, unless a
  // legal hold keeps them; the privacy section promises these periods.
  int decision_retention_days = kDefaultDecisionRetentionDays;
  int evidence_retention_days = kDefaultEvidenceRetentionDays;
  // A burst (a "shitstorm"): this many comments within an hour alert the
  // dashboard, so someone can look and, if need be, switch comments off.
  // 0: no alert.
  int burst_comments_per_hour = 0;
  // Every deletion waits for a second person, not only deletions of
  // criticism.
  bool second_look_for_deletion = false;
};

// The Impressum (§ 5 DDG) on the public site. It covers the platform
// accounts too: their bio links to it, and civicpost checks daily that the
// bio's link still answers.
struct Impressum {
  std::string represented_by;           // "Bürgermeister Josef Uphoff"
  std::string supervisory_authority;    // Kommunalaufsicht; may be empty
  std::string vat_id;                   // may be empty
  std::string bio_link;                 // the address in the platform bio; may be empty
  std::vector<std::string> paragraphs;  // further text; may be empty
};

enum class AccessibilityStatus { kFully, kPartially, kNot };
inline constexpr EnumTable<AccessibilityStatus, 3> kAccessibilityStatusNames{{{
    {AccessibilityStatus::kFully, "fully"},
    {AccessibilityStatus::kPartially, "partially"},
    {AccessibilityStatus::kNot, "not"},
}}};

inline constexpr int kDefaultFeedbackResponseDays = 30;
inline constexpr int kDefaultFeedbackRetentionDays = 365;

// The accessibility statement of the public site (EU 2016/2102 Art. 7,
// § 10b BGG NRW and its counterparts): how far the site complies, what is
// known not to, how to give feedback and where to turn if the answer fails.
struct Accessibility {
  AccessibilityStatus status = AccessibilityStatus::kPartially;
  std::chrono::year_month_day prepared_on;
  std::string method;                       // "Selbstbewertung"
  std::vector<std::string> known_barriers;  // may be empty
  int feedback_response_days = kDefaultFeedbackResponseDays;
  Link enforcement;  // the state's ombudsman or arbitration body
  // After the answer (or, unanswered, the arrival): message and sender erased.
  int feedback_retention_days = kDefaultFeedbackRetentionDays;
};

struct Concept {
  int schema_version = kConceptSchemaVersion;
  std::string title;  // "Social Media Nutzungskonzept"
  Authority authority;
  std::vector<Channel> channels;
  Purpose purpose;
  std::vector<Topic> topics;
  Responsibility responsibility;
  DataProtectionOfficer data_protection_officer;
  Assessment assessment;
  Alternatives alternatives;
  Dpia dpia;
  std::vector<NetiquetteClause> netiquette;
  OfficeHours office_hours;
  ModerationPolicy moderation;
  std::optional<Privacy> privacy;              // required by datenschutzhinweise and vvt only
  std::optional<Impressum> impressum;          // the public site falls back on `authority`
  std::optional<Accessibility> accessibility;  // the public site says it is missing

  // nullptr if there is no such id.
  const Channel* FindChannel(std::string_view id) const {
    for (const Channel& channel : channels) {
      if (channel.id == id) return &channel;
    }
    return nullptr;
  }
  const Topic* FindTopic(std::string_view id) const {
    for (const Topic& topic : topics) {
      if (topic.id == id) return &topic;
    }
    return nullptr;
  }
  const NetiquetteClause* FindClause(std::string_view id) const {
    for (const NetiquetteClause& clause : netiquette) {
      if (clause.id == id) return &clause;
    }
    return nullptr;
  }
};

}  // namespace civicpost::usage
