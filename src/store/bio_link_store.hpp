#pragma once
// The result of the daily Impressum link check (§ 5 DDG), per authority:
// whether the bio's link answers, with the HTTP status or the error, when
// it was checked and since when it is in that state. Recording a result
// that changes the state (or the link) appends an audit entry
// ("impressum.bio_link"); the same state again only updates the row.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct BioLinkResult {
  OrganizationId organization;
  std::string url;
  bool ok = false;
  std::optional<int> http_status{};  // the last answer's status; none without an answer
  std::string error{};               // why it failed, when no status says it ("timeout")
  Timestamp checked_at{};
  Timestamp since{};  // set by Record
};

class BioLinkStore {
 public:
  BioLinkStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  Result<std::optional<BioLinkResult>> Find(SqlSession& db, OrganizationId org);
  // Stores `result` as the authority's latest; returns true when the state
  // changed (and was audited).
  Result<bool> Record(Transaction& tx, const Actor& actor, const BioLinkResult& result);
  // The link is gone from the concept: the row goes too (audited).
  Status Forget(Transaction& tx, const Actor& actor, OrganizationId org);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
