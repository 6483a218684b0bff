#include "store/insight_store.hpp"

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kColumns =
    "channel_id, scope, remote_id, post_id, metric, value, measured_at, period_end";

InsightReading ReadingFromRow(const Row& row) {
  InsightReading r;
  r.channel_id = ChannelId(row.Int(0));
  r.scope = EnumAt(kInsightScopeNames, row, 1, InsightScope::kMedia);
  r.remote_id = row.Text(2);
  if (auto post = row.OptionalInt(3)) r.post_id = PostId(*post);
  r.metric = row.Text(4);
  r.value = row.Int(5);
  r.measured_at = TimeAt(row, 6);
  r.period_end = OptionalTimeAt(row, 7);
  return r;
}

Result<std::vector<InsightReading>> Series(SqlSession& db, std::string_view where,
                                           const SqlParams& params) {
  auto rows = db.Query("SELECT " + std::string(kColumns) + " FROM insights WHERE " +
                           std::string(where) + " ORDER BY measured_at, period_end, id",
                       params);
  if (!rows) return rows.error();
  std::vector<InsightReading> out;
  for (const Row& row : *rows) out.push_back(ReadingFromRow(row));
  return out;
}

}  // namespace

Result<int> InsightStore::Append(Transaction& tx, const std::vector<InsightReading>& readings) {
  int added = 0;
  for (const InsightReading& r : readings) {
    auto changed =
        tx.Execute("INSERT INTO insights (" + std::string(kColumns) +
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                   {r.channel_id.value(), EnumValue(kInsightScopeNames, r.scope), r.remote_id,
                    r.post_id ? SqlValue(r.post_id->value()) : SqlValue(), r.metric, r.value,
                    TimeValue(r.measured_at), TimeValue(r.period_end)});
    if (!changed) return changed.error();
    added += static_cast<int>(*changed);
  }
  return added;
}

Result<std::vector<InsightReading>> InsightStore::SeriesForPost(SqlSession& db, PostId post,
                                                                std::string_view metric) {
  return Series(db, "post_id = $1 AND metric = $2", {post.value(), std::string(metric)});
}

Result<std::vector<InsightReading>> InsightStore::SeriesForAccount(SqlSession& db,
                                                                   ChannelId channel,
                                                                   std::string_view metric) {
  return Series(db, "channel_id = $1 AND scope = 'account' AND metric = $2",
                {channel.value(), std::string(metric)});
}

}  // namespace civicpost::store
