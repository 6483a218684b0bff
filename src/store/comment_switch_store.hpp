#pragma once
// Comments switched off (or on again) under a published post (R25): who
// wished it and why, and when the platform took it or why it refused. The
// latest switch of a delivery is the wish in force; older ones are its
// history.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct CommentSwitch {
  CommentSwitchId id;
  DeliveryId delivery_id;
  bool enabled = false;
  std::string reason{};
  std::optional<UserId> decided_by{};  // nullopt: the system
  Timestamp decided_at{};
  std::optional<Timestamp> done_at{};  // when the platform took it
  std::string error_key{};             // why it refused for good
};

class CommentSwitchStore {
 public:
  CommentSwitchStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Stores the wish (decided_at is now, not yet done).
  Result<CommentSwitchId> Add(Transaction& tx, const Actor& actor, CommentSwitch wish);
  Result<CommentSwitch> Get(SqlSession& db, CommentSwitchId id);
  // The delivery's switches, newest first.
  Result<std::vector<CommentSwitch>> ListByDelivery(SqlSession& db, DeliveryId delivery);
  Status MarkDone(Transaction& tx, const Actor& actor, CommentSwitchId id);
  Status MarkFailed(Transaction& tx, const Actor& actor, CommentSwitchId id,
                    const std::string& error_key);

 private:
  Status Update(Transaction& tx, const Actor& actor, const CommentSwitch& before,
                const CommentSwitch& after, std::string_view action);

  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
