#pragma once
// Insight readings, appended per poll (store::InsightStore). A reading
// repeated for the same time is stored once. Not audited: measurements,
// not decisions.

#include <vector>

#include "core/insight.hpp"
#include "store/database.hpp"

namespace civicpost::store {

class InsightStore {
 public:
  // Returns how many readings were new.
  Result<int> Append(Transaction& tx, const std::vector<InsightReading>& readings);
  // A post's readings of one metric, oldest first.
  Result<std::vector<InsightReading>> SeriesForPost(SqlSession& db, PostId post,
                                                    std::string_view metric);
  // An account's readings of one metric, oldest first.
  Result<std::vector<InsightReading>> SeriesForAccount(SqlSession& db, ChannelId channel,
                                                       std::string_view metric);
};

}  // namespace civicpost::store
