#pragma once
// The rights behind one media file: where it comes from and under which
// licence (copyright), and for every recognisable person the consent or the
// legal exception that allows showing them (the right to one's own image,
// §§ 22, 23 KUG, Art. 6 GDPR). Staff record them; publish::Workflow refuses
// approval while media::RightsProblems finds anything missing.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"

namespace civicpost {

enum class MediaSource { kOwn, kStaff, kAgency, kCitizen, kCreativeCommons };
inline constexpr EnumTable<MediaSource, 5> kMediaSourceNames{{{
    {MediaSource::kOwn, "own"},
    {MediaSource::kStaff, "staff"},
    {MediaSource::kAgency, "agency"},
    {MediaSource::kCitizen, "citizen"},
    {MediaSource::kCreativeCommons, "creative_commons"},
}}};

// Settings where showing people needs a recorded legal review first.
enum class SensitiveSetting { kNone, kAssembly, kSchool, kEmergency };
inline constexpr EnumTable<SensitiveSetting, 4> kSensitiveSettingNames{{{
    {SensitiveSetting::kNone, "none"},
    {SensitiveSetting::kAssembly, "assembly"},
    {SensitiveSetting::kSchool, "school"},
    {SensitiveSetting::kEmergency, "emergency"},
}}};

struct MediaRights {
  MediaId media_id{};
  MediaSource source = MediaSource::kOwn;
  std::string author{};            // the creator as they want to be named
  std::string copyright_notice{};  // "© Stadt Sassenberg"
  std::string licence{};           // "CC BY-SA 4.0", "Agenturvertrag 2026-17", ...
  std::string licence_url{};
  std::string source_url{};        // where a Creative Commons work was found
  std::string title{};             // of a Creative Commons work
  bool attribution_required = false;
  std::string attribution{};       // the credit line as the licence asks for it
  std::optional<Date> licensed_until{};
  bool people_recognisable = false;
  SensitiveSetting sensitive_setting = SensitiveSetting::kNone;
  std::string legal_review{};      // who reviewed a sensitive setting, when, with what result
  std::optional<UserId> updated_by{};
  Timestamp updated_at{};
};

// Why a recognisable person may be shown.
enum class PersonBasis { kConsent, kPublicEvent, kContemporaryHistory, kCrowd };
inline constexpr EnumTable<PersonBasis, 4> kPersonBasisNames{{{
    {PersonBasis::kConsent, "consent"},
    {PersonBasis::kPublicEvent, "public_event"},
    {PersonBasis::kContemporaryHistory, "contemporary_history"},
    {PersonBasis::kCrowd, "crowd"},
}}};

// One recognisable person on a media file, with their consent or the legal
// exception (§ 23 KUG) noted instead.
struct MediaPerson {
  int64_t id = 0;
  MediaId media_id{};
  std::string name{};
  PersonBasis basis = PersonBasis::kConsent;
  // The consent's scope: channel keys (empty: none) and purpose.
  std::vector<std::string> channels{};
  std::string purpose{};
  std::optional<Date> given_on{};
  std::optional<Date> expires_on{};
  bool minor = false;
  int age = 0;                 // at consent, for minors: their own consent counts from 14
  int guardians_custodial = 0; // parents with custody, all of whom must consent
  int guardians_consented = 0;
  bool own_consent = false;    // the minor's own
  std::string form_location{};   // where the signed form is filed
  std::string note{};            // the exception's reasoning
  std::optional<Timestamp> withdrawn_at{};
};

// A published or planned post that must come down because a consent ended.
enum class TakedownReason { kConsentWithdrawn, kConsentExpired };
inline constexpr EnumTable<TakedownReason, 2> kTakedownReasonNames{{{
    {TakedownReason::kConsentWithdrawn, "consent_withdrawn"},
    {TakedownReason::kConsentExpired, "consent_expired"},
}}};

struct Takedown {
  int64_t id = 0;
  PostId post_id{};
  MediaId media_id{};
  int64_t person_id = 0;
  TakedownReason reason = TakedownReason::kConsentWithdrawn;
  Timestamp requested_at{};
  std::optional<Timestamp> done_at{};
};

}  // namespace civicpost
