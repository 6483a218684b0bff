#pragma once
// The durable job queue's rows. A worker claims a due job with a lease; a
// job whose lease ran out (its worker died) can be claimed again.
//
// Audited: enqueueing and the final outcome (done, dead). Leases and retry
// bookkeeping are machinery, not decisions, and stay out of the audit log.

#include <chrono>
#include <optional>

#include "core/job.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

class JobStore {
 public:
  JobStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  Result<JobId> Enqueue(Transaction& tx, const Actor& actor, Job job);
  Result<Job> Get(SqlSession& db, JobId id);
  // The oldest due job (queued or failed with run_at <= now, or running with
  // an expired lease), now leased until now + lease.
  Result<std::optional<Job>> ClaimNext(Transaction& tx, std::chrono::seconds lease);
  Status MarkDone(Transaction& tx, JobId id);
  // Retries at `retry_at`, or gives up (dead) after max_attempts.
  Status MarkFailed(Transaction& tx, JobId id, const std::string& error, Timestamp retry_at);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
