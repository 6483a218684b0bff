#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace civicpost {
namespace {

TEST(TimeFormat, RoundTripsUtc) {
  auto t = ParseIsoUtc("2026-11-25T09:30:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIsoUtc(*t), "2026-11-25T09:30:05Z");
}

TEST(TimeFormat, OffsetsAreConvertedToUtc) {
  // Berlin winter time is UTC+1: 10:00 local is 09:00 UTC.
  EXPECT_EQ(FormatIsoUtc(*ParseIsoUtc("2026-11-25T10:00:00+01:00")), "2026-11-25T09:00:00Z");
  EXPECT_EQ(FormatIsoUtc(*ParseIsoUtc("2026-11-25 23:30:00-01:00")), "2026-11-26T00:30:00Z");
}

TEST(TimeFormat, RejectsImpossibleDatesAndJunk) {
  EXPECT_FALSE(ParseIsoUtc("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseIsoUtc("2026-11-25T25:00:00Z"));
  EXPECT_FALSE(ParseIsoUtc("25.11.2026 10:00"));
  EXPECT_FALSE(ParseIsoUtc("2026-11-25T10:00:00 Berlin"));
  EXPECT_FALSE(ParseIsoUtc(""));
}

}  // namespace
}  // namespace civicpost
