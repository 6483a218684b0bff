// The rules that decide whether a photo's rights are cleared.
#include "media/rights.hpp"

#include <gtest/gtest.h>

namespace civicpost::media {
namespace {

const Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{25}};
const std::vector<std::string> kBoth{"instagram", "website"};

std::vector<std::string> Codes(const std::vector<RightsFinding>& findings) {
  std::vector<std::string> out;
  for (const RightsFinding& f : findings) out.push_back(f.code);
  return out;
}

std::string Arg(const RightsFinding& finding, const std::string& name) {
  for (const auto& [key, value] : finding.args) {
    if (key == name) return value;
  }
  return "";
}

MediaPerson Consenting(std::string name) {
  MediaPerson p;
  p.name = std::move(name);
  p.basis = PersonBasis::kConsent;
  p.channels = kBoth;
  p.given_on = Date{std::chrono::year{2026}, std::chrono::May, std::chrono::day{2}};
  p.form_location = "Ordner Öffentlichkeitsarbeit 2026, Blatt 14";
  return p;
}

TEST(Rights, NothingRecordedIsNotCleared) {
  const RightsReport report = CheckRights(nullptr, {}, kBoth, kToday, {});
  EXPECT_FALSE(report.cleared());
  EXPECT_EQ(Codes(report.problems), std::vector<std::string>{"missing"});
}

TEST(Rights, AnOwnPhotoWithoutPeopleIsCleared) {
  const MediaRights own{.source = MediaSource::kOwn};
  EXPECT_TRUE(CheckRights(&own, {}, kBoth, kToday, {}).cleared());
}

TEST(Rights, AnAgencyPhotoNeedsItsAuthorLicenceAndAValidTerm) {
  MediaRights agency{.source = MediaSource::kAgency};
  EXPECT_EQ(Codes(CheckRights(&agency, {}, kBoth, kToday, {}).problems),
            (std::vector<std::string>{"author_missing", "licence_missing"}));
  agency.author = "Jana Fotografin";
  agency.licence = "Rahmenvertrag 2026-17";
  agency.licensed_until = Date{std::chrono::year{2026}, std::chrono::October, std::chrono::day{31}};
  const RightsReport expired = CheckRights(&agency, {}, kBoth, kToday, {});
  ASSERT_EQ(Codes(expired.problems), std::vector<std::string>{"licence_expired"});
  EXPECT_EQ(Arg(expired.problems[0], "date"), "2026-10-31");
  agency.licensed_until = Date{std::chrono::year{2027}, std::chrono::January, std::chrono::day{1}};
  EXPECT_TRUE(CheckRights(&agency, {}, kBoth, kToday, {}).cleared());
}

TEST(Rights, CreativeCommonsNeedsTitleAuthorLicenceLinkAndSource) {
  MediaRights cc{.source = MediaSource::kCreativeCommons, .author = "Wiki Nutzer"};
  const RightsReport report = CheckRights(&cc, {}, kBoth, kToday, {});
  std::vector<std::string> fields;
  for (const RightsFinding& f : report.problems) fields.push_back(Arg(f, "field"));
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "licence", "licence_url", "source_url"}));

  cc.title = "Schloss Harkotten im Nebel";
  cc.licence = "CC BY-NC-SA 4.0";
  cc.licence_url = "https://creativecommons.org/licenses/by-nc-sa/4.0/";
  cc.source_url = "https://commons.wikimedia.org/wiki/File:Harkotten.jpg";
  const RightsReport complete = CheckRights(&cc, {}, kBoth, kToday, {});
  EXPECT_TRUE(complete.cleared());
  EXPECT_EQ(Codes(complete.warnings), std::vector<std::string>{"cc_non_commercial"});
  EXPECT_FALSE(ForbidsChanges(cc));
  EXPECT_EQ(Attribution(cc),
            "„Schloss Harkotten im Nebel“ – Wiki Nutzer – CC BY-NC-SA 4.0 "
            "(https://creativecommons.org/licenses/by-nc-sa/4.0/) – "
            "https://commons.wikimedia.org/wiki/File:Harkotten.jpg");

  cc.licence = "CC BY-ND 4.0";
  cc.licence_url = "https://creativecommons.org/licenses/by-nd/4.0/";
  EXPECT_TRUE(ForbidsChanges(cc));
  EXPECT_TRUE(CheckRights(&cc, {}, kBoth, kToday, {}).warnings.empty());
}

TEST(Rights, AnOwnPhotoNeedsNoCredit) {
  const MediaRights own{.source = MediaSource::kOwn, .author = "Pressestelle"};
  EXPECT_EQ(Attribution(own), "");
  const MediaRights credited{.source = MediaSource::kAgency,
                             .author = "Jana Fotografin",
                             .licence = "Vertrag",
                             .attribution_required = true};
  EXPECT_EQ(Codes(CheckRights(&credited, {}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"attribution_missing"});
}

TEST(Rights, EveryRecognisablePersonNeedsAConsentForEveryChannel) {
  const MediaRights people{.source = MediaSource::kOwn, .people_recognisable = true};
  EXPECT_EQ(Codes(CheckRights(&people, {}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"people_unrecorded"});

  MediaPerson anna = Consenting("Anna K.");
  anna.channels = {"website"};
  const RightsReport scope = CheckRights(&people, {anna}, kBoth, kToday, {});
  ASSERT_EQ(Codes(scope.problems), std::vector<std::string>{"consent_scope"});
  EXPECT_EQ(Arg(scope.problems[0], "person"), "Anna K.");
  EXPECT_EQ(Arg(scope.problems[0], "channel"), "instagram");
  EXPECT_TRUE(CheckRights(&people, {anna}, {"website"}, kToday, {}).cleared());

  MediaPerson unsigned_form = Consenting("Bernd L.");
  unsigned_form.form_location.clear();
  EXPECT_EQ(Codes(CheckRights(&people, {unsigned_form}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"consent_unrecorded"});

  MediaPerson ended = Consenting("Carla M.");
  ended.expires_on = Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{24}};
  EXPECT_EQ(Codes(CheckRights(&people, {ended}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"consent_expired"});

  MediaPerson withdrawn = Consenting("Dieter N.");
  withdrawn.withdrawn_at = Timestamp{};
  EXPECT_EQ(Codes(CheckRights(&people, {withdrawn}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"consent_withdrawn"});
}

TEST(Rights, AMinorNeedsEveryCustodialParentAndFromFourteenTheirOwnConsent) {
  const MediaRights rights{.source = MediaSource::kOwn, .people_recognisable = true};
  MediaPerson child = Consenting("Emma, 15");
  child.minor = true;
  child.age = 15;
  child.guardians_custodial = 2;
  child.guardians_consented = 1;
  const RightsReport report = CheckRights(&rights, {child}, kBoth, kToday, {});
  ASSERT_EQ(Codes(report.problems),
            (std::vector<std::string>{"minor_guardians", "minor_own_consent"}));
  EXPECT_EQ(Arg(report.problems[0], "custodial"), "2");
  EXPECT_EQ(Arg(report.problems[1], "age"), "14");
  // An authority may set the age higher.
  EXPECT_EQ(Codes(CheckRights(&rights, {child}, kBoth, kToday, {.own_consent_age = 16}).problems),
            std::vector<std::string>{"minor_guardians"});
  child.guardians_consented = 2;
  child.own_consent = true;
  EXPECT_TRUE(CheckRights(&rights, {child}, kBoth, kToday, {}).cleared());

  MediaPerson in_crowd = child;
  in_crowd.basis = PersonBasis::kCrowd;
  in_crowd.note = "Stadtfest, Menge vor der Bühne";
  EXPECT_EQ(Codes(CheckRights(&rights, {in_crowd}, kBoth, kToday, {}).problems),
            std::vector<std::string>{"minor_needs_consent"});
}

TEST(Rights, ALegalExceptionNeedsItsReasonAndSensitiveSettingsALegalReview) {
  MediaRights rights{.source = MediaSource::kOwn,
                     .people_recognisable = true,
                     .sensitive_setting = SensitiveSetting::kAssembly};
  MediaPerson mayor;
  mayor.name = "Bürgermeister";
  mayor.basis = PersonBasis::kContemporaryHistory;
  RightsReport report = CheckRights(&rights, {mayor}, kBoth, kToday, {});
  EXPECT_EQ(Codes(report.problems),
            (std::vector<std::string>{"legal_review_missing", "exception_reason_missing"}));
  rights.legal_review = "Rechtsamt, Frau O., 2026-11-20: Versammlung, Übersichtsaufnahme zulässig";
  mayor.note = "Amtsträger bei öffentlicher Ansprache";
  EXPECT_TRUE(CheckRights(&rights, {mayor}, kBoth, kToday, {}).cleared());
}

}  // namespace
}  // namespace civicpost::media
