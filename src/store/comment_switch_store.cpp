#include "store/comment_switch_store.hpp"

#include <nlohmann/json.hpp>

#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

constexpr std::string_view kSwitchColumns =
    "id, delivery_id, enabled, reason, decided_by, decided_at, done_at, error_key";

CommentSwitch SwitchFromRow(const Row& row) {
  CommentSwitch s;
  s.id = CommentSwitchId(row.Int(0));
  s.delivery_id = DeliveryId(row.Int(1));
  s.enabled = row.Int(2) != 0;
  s.reason = row.Text(3);
  if (auto by = row.OptionalInt(4)) s.decided_by = UserId(*by);
  s.decided_at = TimeAt(row, 5);
  s.done_at = OptionalTimeAt(row, 6);
  s.error_key = row.Text(7);
  return s;
}

std::string SwitchJson(const CommentSwitch& s) {
  json j{{"id", s.id.value()},
         {"delivery_id", s.delivery_id.value()},
         {"enabled", s.enabled},
         {"reason", s.reason},
         {"decided_by", s.decided_by ? json(s.decided_by->value()) : json(nullptr)},
         {"decided_at", FormatIsoUtc(s.decided_at)},
         {"done_at", s.done_at ? json(FormatIsoUtc(*s.done_at)) : json(nullptr)},
         {"error_key", s.error_key}};
  return j.dump();
}

}  // namespace

Result<CommentSwitchId> CommentSwitchStore::Add(Transaction& tx, const Actor& actor,
                                                CommentSwitch wish) {
  wish.decided_at = clock_.Now();
  wish.done_at.reset();
  wish.error_key.clear();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO comment_switches (delivery_id, enabled, reason, decided_by, decided_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {wish.delivery_id.value(), int64_t{wish.enabled ? 1 : 0}, wish.reason,
       OptionalUser(wish.decided_by), TimeValue(wish.decided_at)}));
  if (!id) return id.error();
  wish.id = CommentSwitchId(*id);
  Status s = audit_.Append(
      tx, actor,
      {"delivery.comments_switch", "delivery", wish.delivery_id.ToString(), "", SwitchJson(wish)});
  if (!s.ok()) return s.error();
  return wish.id;
}

Result<CommentSwitch> CommentSwitchStore::Get(SqlSession& db, CommentSwitchId id) {
  auto rows =
      db.Query("SELECT " + std::string(kSwitchColumns) + " FROM comment_switches WHERE id = $1",
               {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no comment switch with id " + id.ToString());
  return SwitchFromRow((*rows)[0]);
}

Result<std::vector<CommentSwitch>> CommentSwitchStore::ListByDelivery(SqlSession& db,
                                                                      DeliveryId delivery) {
  auto rows = db.Query("SELECT " + std::string(kSwitchColumns) +
                           " FROM comment_switches WHERE delivery_id = $1 ORDER BY id DESC",
                       {delivery.value()});
  if (!rows) return rows.error();
  std::vector<CommentSwitch> out;
  for (const Row& row : *rows) out.push_back(SwitchFromRow(row));
  return out;
}

Status CommentSwitchStore::MarkDone(Transaction& tx, const Actor& actor, CommentSwitchId id) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  CommentSwitch after = *before;
  after.done_at = clock_.Now();
  after.error_key.clear();
  return Update(tx, actor, *before, after, "delivery.comments_switched");
}

Status CommentSwitchStore::MarkFailed(Transaction& tx, const Actor& actor, CommentSwitchId id,
                                      const std::string& error_key) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  CommentSwitch after = *before;
  after.error_key = error_key;
  return Update(tx, actor, *before, after, "delivery.comments_switch_failed");
}

Status CommentSwitchStore::Update(Transaction& tx, const Actor& actor, const CommentSwitch& before,
                                  const CommentSwitch& after, std::string_view action) {
  auto changed =
      tx.Execute("UPDATE comment_switches SET done_at = $1, error_key = $2 WHERE id = $3",
                 {TimeValue(after.done_at), after.error_key, after.id.value()});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {std::string(action), "delivery", after.delivery_id.ToString(),
                        SwitchJson(before), SwitchJson(after)});
}

}  // namespace civicpost::store
