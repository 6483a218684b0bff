#pragma once
// One reading of a platform metric (views, reach, likes, ...), kept as a
// time series for the reports.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"

namespace civicpost {

enum class InsightScope { kMedia, kAccount };
inline constexpr EnumTable<InsightScope, 2> kInsightScopeNames{{{
    {InsightScope::kMedia, "media"},
    {InsightScope::kAccount, "account"},
}}};

struct InsightReading {
  ChannelId channel_id;
  InsightScope scope = InsightScope::kMedia;
  std::string remote_id;  // the media's or the account's id on the platform
  std::optional<PostId> post_id{};
  std::string metric;
  int64_t value = 0;
  Timestamp measured_at{};
  std::optional<Timestamp> period_end{};  // account metrics: the day it covers
};

}  // namespace civicpost
