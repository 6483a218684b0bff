#include "media/rights.hpp"

#include <algorithm>
#include <cctype>

namespace civicpost::media {
namespace {

bool Blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// "CC BY-NC-ND 4.0" or ".../licenses/by-nc-nd/4.0/" -> has "NC"?
bool LicenceHas(const MediaRights& rights, std::string_view element) {
  const std::string text = Upper(rights.licence + " " + rights.licence_url);
  const std::string needle(element);
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
    const size_t end = at + needle.size();
    const bool ends = end == text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
    if (starts && ends) return true;
  }
  return false;
}

void CheckCopyright(const MediaRights& r, Date today, RightsReport* out) {
  auto problem = [&](std::string code, std::vector<std::pair<std::string, std::string>> args = {}) {
    out->problems.push_back({std::move(code), std::move(args)});
  };
  if (r.source != MediaSource::kOwn && Blank(r.author)) problem("author_missing");
  if (r.source == MediaSource::kAgency || r.source == MediaSource::kCitizen) {
    // An agency's contract or a citizen's written grant of use rights.
    if (Blank(r.licence)) problem("licence_missing");
  }
  if (r.source == MediaSource::kCreativeCommons) {
    const std::pair<const char*, const std::string*> required[] = {
        {"title", &r.title},
        {"licence", &r.licence},
        {"licence_url", &r.licence_url},
        {"source_url", &r.source_url}};
    for (const auto& [field, value] : required) {
      if (Blank(*value)) problem("cc_field_missing", {{"field", field}});
    }
    if (LicenceHas(r, "NC")) out->warnings.push_back({"cc_non_commercial", {}});
  }
  if (r.attribution_required && r.source != MediaSource::kCreativeCommons &&
      Blank(r.attribution)) {
    problem("attribution_missing");
  }
  if (r.licensed_until && *r.licensed_until < today) {
    problem("licence_expired", {{"date", FormatIsoDate(*r.licensed_until)}});
  }
  if (r.people_recognisable && r.sensitive_setting != SensitiveSetting::kNone &&
      Blank(r.legal_review)) {
    problem("legal_review_missing",
            {{"setting", std::string(kSensitiveSettingNames.Name(r.sensitive_setting))}});
  }
}

void CheckPerson(const MediaPerson& p, const std::vector<std::string>& channel_keys, Date today,
                 const RightsPolicy& policy, RightsReport* out) {
  auto problem = [&](std::string code, std::vector<std::pair<std::string, std::string>> args = {}) {
    args.insert(args.begin(), {"person", p.name});
    out->problems.push_back({std::move(code), std::move(args)});
  };
  if (p.withdrawn_at) {
    problem("consent_withdrawn");
    return;
  }
  if (p.basis != PersonBasis::kConsent) {
    // § 23 KUG's exceptions do not carry children: a minor needs consent.
    if (p.minor) {
      problem("minor_needs_consent");
    } else if (Blank(p.note)) {
      problem("exception_reason_missing");
    }
    return;
  }
  if (!p.given_on || Blank(p.form_location)) problem("consent_unrecorded");
  if (p.expires_on && *p.expires_on < today) {
    problem("consent_expired", {{"date", FormatIsoDate(*p.expires_on)}});
  }
  for (const std::string& channel : channel_keys) {
    if (std::find(p.channels.begin(), p.channels.end(), channel) == p.channels.end()) {
      problem("consent_scope", {{"channel", channel}});
    }
  }
  if (p.minor) {
    if (p.guardians_custodial < 1 || p.guardians_consented < p.guardians_custodial) {
      problem("minor_guardians",
              {{"consented", std::to_string(p.guardians_consented)},
               {"custodial", std::to_string(std::max(p.guardians_custodial, 1))}});
    }
    if (p.age >= policy.own_consent_age && !p.own_consent) {
      problem("minor_own_consent", {{"age", std::to_string(policy.own_consent_age)}});
    }
  }
}

}  // namespace

RightsReport CheckRights(const MediaRights* rights, const std::vector<MediaPerson>& people,
                         const std::vector<std::string>& channel_keys, Date today,
                         const RightsPolicy& policy) {
  RightsReport report;
  if (rights == nullptr) {
    report.problems.push_back({"missing", {}});
    return report;
  }
  CheckCopyright(*rights, today, &report);
  if (rights->people_recognisable && people.empty()) {
    report.problems.push_back({"people_unrecorded", {}});
  }
  // A person recorded on the file counts even if the box was not ticked.
  for (const MediaPerson& p : people) CheckPerson(p, channel_keys, today, policy, &report);
  return report;
}

Result<RightsReport> CheckStoredRights(store::SqlSession& db, store::MediaRightsStore& store,
                                       MediaId media, const std::vector<std::string>& channel_keys,
                                       Date today, const RightsPolicy& policy) {
  auto rights = store.GetRights(db, media);
  if (!rights) return rights.error();
  auto people = store.ListPeople(db, media);
  if (!people) return people.error();
  return CheckRights(*rights ? &**rights : nullptr, *people, channel_keys, today, policy);
}

Date Today(const Clock& clock) { return Date{std::chrono::floor<std::chrono::days>(clock.Now())}; }

bool ForbidsChanges(const MediaRights& rights) {
  return rights.source == MediaSource::kCreativeCommons && LicenceHas(rights, "ND");
}

std::string Attribution(const MediaRights& r) {
  if (r.source == MediaSource::kCreativeCommons) {
    // Title, author, licence, source (TASL), without words that would need
    // translating: the line goes into captions in whatever language they are.
    std::string line = "„" + r.title + "“ – " + r.author + " – " + r.licence;
    if (!Blank(r.licence_url)) line += " (" + r.licence_url + ")";
    if (!Blank(r.source_url)) line += " – " + r.source_url;
    return line;
  }
  if (r.attribution_required) return r.attribution;
  return "";
}

}  // namespace civicpost::media
