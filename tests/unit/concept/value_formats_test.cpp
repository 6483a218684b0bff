#include "concept/value_formats.hpp"

#include <gtest/gtest.h>

#include <string>

#include "concept/suggest.hpp"

namespace civicpost::usage {
namespace {

TEST(ValueFormats, AcceptsTheAddressesOfTheSassenbergConcept) {
  EXPECT_TRUE(IsValidEmail("wiewel@sassenberg.de"));
  EXPECT_TRUE(IsValidEmail("puttinso@sassenberg.de"));
  EXPECT_TRUE(IsValidEmail("vorname.nachname+presse@kreis-warendorf.de"));
  EXPECT_TRUE(IsValidEmail("info@xn--mnster-3ya.de"));
  EXPECT_TRUE(IsValidHttpUrl("https://www.sassenberg.de"));
  EXPECT_TRUE(IsValidHttpUrl("https://www.instagram.com/stadt_sassenberg/"));
  EXPECT_TRUE(IsValidHttpUrl("http://localhost:8080/health?x=1#top"));
  EXPECT_TRUE(IsValidHttpUrl("HTTPS://serviceportal.sassenberg.de"));
  EXPECT_TRUE(IsValidHttpUrl("https://www.sassenberg.de/bürgerservice"));
  EXPECT_TRUE(IsValidHttpUrl("https://sassenberg.de:8443/a"));
  EXPECT_TRUE(IsValidHttpUrl("http://[::1]:8080/"));
}

TEST(ValueFormats, RejectsTypicalSlipsInAddresses) {
  EXPECT_FALSE(IsValidEmail("wiewel(at)sassenberg.de"));
  EXPECT_FALSE(IsValidEmail("wiewel@sassenberg"));
  EXPECT_FALSE(IsValidEmail("wiewel@@sassenberg.de"));
  EXPECT_FALSE(IsValidEmail(".wiewel@sassenberg.de"));
  EXPECT_FALSE(IsValidEmail("wie wel@sassenberg.de"));
  EXPECT_FALSE(IsValidEmail("wiewel@-sassenberg.de"));
  EXPECT_FALSE(IsValidEmail(""));
  EXPECT_FALSE(IsValidEmail(std::string(300, 'a') + "@sassenberg.de"));
  EXPECT_FALSE(IsValidHttpUrl("www.sassenberg.de"));
  EXPECT_FALSE(IsValidHttpUrl("ftp://sassenberg.de"));
  EXPECT_FALSE(IsValidHttpUrl("https://"));
  EXPECT_FALSE(IsValidHttpUrl("https://www.sassenberg.de/a b"));
  EXPECT_FALSE(IsValidHttpUrl("https://user:pw@sassenberg.de"));
  EXPECT_FALSE(IsValidHttpUrl("https://sassenberg.de:0"));
  EXPECT_FALSE(IsValidHttpUrl("https://sassenberg.de:70000"));
  EXPECT_FALSE(IsValidHttpUrl("https://" + std::string(3000, 'a') + ".de"));
}

TEST(ValueFormats, AcceptsGermanPhoneSpellings) {
  for (const char* phone : {"02583/309-3031", "02583 / 309-3031", "02583 309 3031", "02583-3093031",
                            "(02583) 309-3031", "+49 2583 309-3031", "+49 (0)2583 3093031",
                            "0049 2583 3093031", "+492583309303", "0151 12345678", "030 123456"}) {
    EXPECT_TRUE(IsValidGermanPhone(phone)) << phone;
  }
}

TEST(ValueFormats, RejectsPhoneNumbersWithoutAreaCodeOrWithLetters) {
  for (const char* phone : {"309-3031", "2583 309 3031", "02583/309-3031 (Zentrale)", "+1 555 1234567",
                            "02583//3093031", "0 2583", "02583 309--3031", "", "0800 CALL NOW",
                            "+49 2583 309 3031 1234 5678 9"}) {
    EXPECT_FALSE(IsValidGermanPhone(phone)) << phone;
  }
}

TEST(ValueFormats, ParsesOfficeHours) {
  auto hours = ParseTimeRanges("08:00-16:00");
  ASSERT_TRUE(hours.has_value());
  EXPECT_EQ(*hours, (std::vector<TimeRange>{{8 * 60, 16 * 60}}));

  hours = ParseTimeRanges("08:00-12:30, 14:00 - 24:00");
  ASSERT_TRUE(hours.has_value());
  EXPECT_EQ(*hours, (std::vector<TimeRange>{{8 * 60, 12 * 60 + 30}, {14 * 60, 24 * 60}}));

  for (const char* bad : {"16:00-08:00", "08:00-08:00", "8:00-16:00", "08:00-16:60", "24:00-24:30",
                          "08:00-12:00, 11:00-16:00", "08:00-12:00,", "", "08:00 bis 16:00"}) {
    EXPECT_FALSE(ParseTimeRanges(bad).has_value()) << bad;
  }
}

TEST(Suggest, FindsTyposWithinTwoEdits) {
  EXPECT_EQ(EditDistance("posts_per_week", "posts_per_waek"), 1u);
  EXPECT_EQ(EditDistance("platfrom", "platform"), 1u);  // swapped letters count once
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  const std::vector<std::string> keys = {"id", "platform", "name", "handle", "url"};
  EXPECT_EQ(ClosestMatch("platfrom", keys), "platform");
  EXPECT_EQ(ClosestMatch("hnadle", keys), "handle");
  EXPECT_EQ(ClosestMatch("colour", keys), std::nullopt);
  EXPECT_EQ(ClosestMatch("ur", keys), "url");
  EXPECT_EQ(ClosestMatch("xy", keys), std::nullopt);  // "id" is two edits away: too far for a short word
}

}  // namespace
}  // namespace civicpost::usage
