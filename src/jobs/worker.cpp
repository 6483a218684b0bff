#include "jobs/worker.hpp"

#include <exception>

namespace civicpost::jobs {

void Worker::Handle(std::string kind, JobHandler handler) {
  handlers_[std::move(kind)] = std::move(handler);
}

Result<int> Worker::ReleaseDeadLeases() {
  if (!options_.owner_is_gone) return 0;
  return store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.jobs.ReleaseLeases(tx, options_.owner_is_gone);
  });
}

Result<int> Worker::RunDue() {
  int ran = 0;
  while (true) {
    auto one = RunOne();
    if (!one) return one.error();
    if (!*one) return ran;
    ++ran;
  }
}

Result<bool> Worker::RunOne() {
  auto claimed = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.jobs.ClaimNext(tx, options_.lease, options_.identity);
  });
  if (!claimed) return claimed.error();
  if (!*claimed) return false;
  const Job& job = **claimed;
  auto handler = handlers_.find(job.kind);
  JobOutcome outcome;
  if (handler == handlers_.end()) {
    outcome = JobOutcome::Retry(clock_.Now() + std::chrono::hours(1),
                                "no handler for jobs of kind '" + job.kind + "'");
  } else {
    try {
      outcome = handler->second.run(job);
    } catch (const std::exception& e) {
      outcome = JobOutcome::Retry(clock_.Now() + std::chrono::minutes(5),
                                  std::string("the handler threw: ") + e.what());
    }
  }
  if (outcome.kind == JobOutcome::Kind::kRetry && job.attempts >= job.max_attempts &&
      handler != handlers_.end() && handler->second.gave_up) {
    handler->second.gave_up(job, outcome.note);
  }
  if (Status recorded = Record(job, outcome); !recorded.ok()) return recorded.error();
  return true;
}

Status Worker::Record(const Job& job, const JobOutcome& outcome) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    switch (outcome.kind) {
      case JobOutcome::Kind::kDone:
        return repos_.jobs.MarkDone(tx, job.id);
      case JobOutcome::Kind::kRetry:
        return repos_.jobs.MarkFailed(tx, job.id, outcome.note, outcome.at);
      case JobOutcome::Kind::kPostpone:
        return repos_.jobs.Postpone(tx, job.id, outcome.at, outcome.note);
    }
    return Status::Ok();
  });
}

}  // namespace civicpost::jobs
