#pragma once
// The worker: claims due jobs from the durable queue (store::JobStore) one
// at a time and runs the handler registered for their kind. The outcome is
// stored after the handler returns, in a transaction of its own, so a crash
// in between runs the job again: handlers must be safe to run twice (the
// publisher journals its progress for exactly that).
//
// Several workers may share a database: each claims with a lease in its own
// name (sys::WorkerIdentity), and a worker starting after a crash on the
// same machine takes over the dead worker's jobs at once.

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "core/job.hpp"
#include "store/repositories.hpp"

namespace civicpost::jobs {

// What a handler says about the job it ran.
struct JobOutcome {
  enum class Kind {
    kDone,      // finished (successfully or with a recorded failure)
    kRetry,     // failed for now: run again at `at`, counting an attempt
    kPostpone,  // not yet (a time, a quota): run again at `at`, no attempt counted
  };
  Kind kind = Kind::kDone;
  Timestamp at{};
  std::string note{};  // the error or the reason to wait, kept on the job

  static JobOutcome Done() { return {}; }
  static JobOutcome Retry(Timestamp at, std::string error) {
    return {Kind::kRetry, at, std::move(error)};
  }
  static JobOutcome Postpone(Timestamp at, std::string reason) {
    return {Kind::kPostpone, at, std::move(reason)};
  }
};

// A handler is also told when the queue gives up on its job (the last
// attempt failed), so it can record the failure where staff will see it.
struct JobHandler {
  std::function<JobOutcome(const Job&)> run;
  std::function<void(const Job&, const std::string& error)> gave_up{};
};

struct WorkerOptions {
  std::string identity{};  // sys::WorkerIdentity()
  std::chrono::seconds lease{std::chrono::minutes(15)};
  // Says whether a lease's owner died (sys::IsDeadLocalWorker).
  std::function<bool(std::string_view)> owner_is_gone{};
};

class Worker {
 public:
  Worker(store::Database& db, store::Repositories& repos, const Clock& clock, WorkerOptions options)
      : db_(db), repos_(repos), clock_(clock), options_(std::move(options)) {}

  void Handle(std::string kind, JobHandler handler);

  // Takes over the jobs of workers that died on this machine; returns how many.
  Result<int> ReleaseDeadLeases();
  // Runs due jobs until none is due; returns how many ran.
  Result<int> RunDue();
  // Claims and runs one due job; false when none was due.
  Result<bool> RunOne();

 private:
  Status Record(const Job& job, const JobOutcome& outcome);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  WorkerOptions options_;
  std::map<std::string, JobHandler, std::less<>> handlers_;
};

}  // namespace civicpost::jobs
