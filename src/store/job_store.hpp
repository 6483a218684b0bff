#pragma once
// The durable job queue's rows. A worker claims a due job with a lease; a
// job whose lease ran out (its worker died) can be claimed again.
//
// Audited: enqueueing and the final outcome (done, dead). Leases and retry
// bookkeeping are machinery, not decisions, and stay out of the audit log.

#include <chrono>
#include <functional>
#include <optional>

#include "core/job.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

class JobStore {
 public:
  JobStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  Result<JobId> Enqueue(Transaction& tx, const Actor& actor, Job job);
  Result<Job> Get(SqlSession& db, JobId id);
  // True when a job of this kind and payload is still to run (or running).
  Result<bool> HasOpen(SqlSession& db, std::string_view kind, std::string_view payload_json);
  // The oldest due job (queued or failed with run_at <= now, or running with
  // an expired lease), now leased until now + lease.
  // `owner` names the worker ("<boot id>/<pid>") for ReleaseLeases.
  Result<std::optional<Job>> ClaimNext(Transaction& tx, std::chrono::seconds lease,
                                       const std::string& owner = "");
  Status MarkDone(Transaction& tx, JobId id);
  // Retries at `retry_at`, or gives up (dead) after max_attempts.
  Status MarkFailed(Transaction& tx, JobId id, const std::string& error, Timestamp retry_at);
  // Puts a running job back to wait until `run_at` without counting the
  // attempt: waiting for a quota or a platform's processing is not failing.
  Status Postpone(Transaction& tx, JobId id, Timestamp run_at, const std::string& note);
  // Ends the leases of running jobs whose owner `owner_is_gone` says died, so
  // they can be claimed now. Returns how many.
  Result<int> ReleaseLeases(Transaction& tx,
                            const std::function<bool(std::string_view)>& owner_is_gone);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
