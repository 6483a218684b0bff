#include "core/time_zone.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace civicpost {
namespace {

TEST(TimeZone, BerlinWinterAndSummerTime) {
  auto berlin = TimeZone::Find("Europe/Berlin");
  ASSERT_TRUE(berlin) << berlin.error().message;
  const LocalTime winter = berlin->ToLocal(*ParseIsoUtc("2026-11-25T09:30:00Z"));
  EXPECT_EQ(winter.hour, 10);
  EXPECT_EQ(winter.weekday, 3u);  // a Wednesday
  const LocalTime summer = berlin->ToLocal(*ParseIsoUtc("2026-07-01T09:30:00Z"));
  EXPECT_EQ(summer.hour, 11);
  EXPECT_EQ(FormatIsoUtc(berlin->FromLocal(2026, 7, 1, 11, 30)), "2026-07-01T09:30:00Z");
  EXPECT_EQ(FormatIsoUtc(berlin->FromLocal(2026, 12, 24, 16, 0)), "2026-12-24T15:00:00Z");
}

TEST(TimeZone, UnknownZoneIsNamed) {
  auto zone = TimeZone::Find("Europe/Sassenberg");
  ASSERT_FALSE(zone);
  EXPECT_NE(zone.error().message.find("Europe/Sassenberg"), std::string::npos);
}

}  // namespace
}  // namespace civicpost
