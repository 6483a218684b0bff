#pragma once
// Whether a media file may be published on the given channels today: the
// copyright side (source, author, licence, Creative Commons' required
// fields, a licence's end) and every recognisable person's consent or legal
// exception, with the extra rules for minors and sensitive settings.
//
// Problems block approval; warnings (a non-commercial licence) are shown but
// do not. Codes are message-catalogue keys under "check.rights_".

#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/media_rights.hpp"
#include "core/result.hpp"
#include "store/media_rights_store.hpp"

namespace civicpost::media {

struct RightsPolicy {
  int own_consent_age = 14;  // from this age a minor's own consent is needed too
};

struct RightsFinding {
  std::string code;  // "missing", "cc_field_missing", "consent_withdrawn", ...
  std::vector<std::pair<std::string, std::string>> args;  // {"person", "Anna K."}, ...
};

struct RightsReport {
  std::vector<RightsFinding> problems;
  std::vector<RightsFinding> warnings;
  bool cleared() const { return problems.empty(); }
};

// `rights` is null when nobody has recorded the media's rights yet.
RightsReport CheckRights(const MediaRights* rights, const std::vector<MediaPerson>& people,
                         const std::vector<std::string>& channel_keys, Date today,
                         const RightsPolicy& policy);

// The same for a stored media file: reads its rights record and people.
Result<RightsReport> CheckStoredRights(store::SqlSession& db, store::MediaRightsStore& store,
                                       MediaId media, const std::vector<std::string>& channel_keys,
                                       Date today, const RightsPolicy& policy);

// Today's date (UTC) on `clock`, the day consents and licences are judged by.
Date Today(const Clock& clock);

// Creative Commons licences that forbid changes (ND) may not be cropped.
bool ForbidsChanges(const MediaRights& rights);

// The credit line for a caption and the public page: the staff's own text
// if the licence asks for one, or for Creative Commons works
// "„Title“ – Author – CC BY-SA 4.0 (licence url) – source url".
// Empty when nobody needs to be credited.
std::string Attribution(const MediaRights& rights);

}  // namespace civicpost::media
