#include "store/job_store.hpp"

#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kJobColumns =
    "id, kind, payload_json, state, run_at, attempts, max_attempts, lease_until, last_error, "
    "created_at";

Job JobFromRow(const Row& row) {
  Job j;
  j.id = JobId(row.Int(0));
  j.kind = row.Text(1);
  j.payload_json = row.Text(2);
  j.state = EnumAt(kJobStateNames, row, 3, JobState::kDead);
  j.run_at = TimeAt(row, 4);
  j.attempts = static_cast<int>(row.Int(5));
  j.max_attempts = static_cast<int>(row.Int(6));
  j.lease_until = OptionalTimeAt(row, 7);
  j.last_error = row.Text(8);
  j.created_at = TimeAt(row, 9);
  return j;
}

}  // namespace

Result<JobId> JobStore::Enqueue(Transaction& tx, const Actor& actor, Job job) {
  job.created_at = clock_.Now();
  job.state = JobState::kQueued;
  auto id = ReturnedId(tx.Query(
      "INSERT INTO jobs (kind, payload_json, state, run_at, attempts, max_attempts, created_at) "
      "VALUES ($1, $2, $3, $4, 0, $5, $6) RETURNING id",
      {job.kind, job.payload_json, EnumValue(kJobStateNames, job.state), TimeValue(job.run_at),
       int64_t{job.max_attempts}, TimeValue(job.created_at)}));
  if (!id) return id.error();
  job.id = JobId(*id);
  Status s = audit_.Append(tx, actor, {"job.enqueue", "job", job.id.ToString(), "", ToJson(job)});
  if (!s.ok()) return s.error();
  return job.id;
}

Result<Job> JobStore::Get(SqlSession& db, JobId id) {
  auto rows = db.Query("SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no job with id " + id.ToString());
  return JobFromRow((*rows)[0]);
}

Result<std::optional<Job>> JobStore::ClaimNext(Transaction& tx, std::chrono::seconds lease) {
  const SqlValue now = TimeValue(clock_.Now());
  auto rows = tx.Query("SELECT " + std::string(kJobColumns) +
                           " FROM jobs WHERE (state IN ('queued', 'failed') AND run_at <= $1) "
                           "OR (state = 'running' AND lease_until <= $1) "
                           "ORDER BY run_at, id LIMIT 1",
                       {now});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Job>();
  Job job = JobFromRow((*rows)[0]);
  job.state = JobState::kRunning;
  job.attempts += 1;
  job.lease_until = clock_.Now() + lease;
  auto claimed = tx.Execute(
      "UPDATE jobs SET state = 'running', attempts = $1, lease_until = $2 WHERE id = $3",
      {int64_t{job.attempts}, TimeValue(job.lease_until), job.id.value()});
  if (!claimed) return claimed.error();
  return std::optional<Job>(std::move(job));
}

Status JobStore::MarkDone(Transaction& tx, JobId id) {
  auto job = Get(tx, id);
  if (!job) return job.error();
  auto changed = tx.Execute(
      "UPDATE jobs SET state = 'done', lease_until = NULL, last_error = '' WHERE id = $1",
      {id.value()});
  if (!changed) return changed.error();
  Job after = *job;
  after.state = JobState::kDone;
  return audit_.Append(tx, Actor::System(),
                       {"job.done", "job", id.ToString(), ToJson(*job), ToJson(after)});
}

Status JobStore::MarkFailed(Transaction& tx, JobId id, const std::string& error,
                            Timestamp retry_at) {
  auto job = Get(tx, id);
  if (!job) return job.error();
  Job after = *job;
  after.last_error = error;
  after.state = job->attempts >= job->max_attempts ? JobState::kDead : JobState::kFailed;
  after.run_at = retry_at;
  auto changed = tx.Execute(
      "UPDATE jobs SET state = $1, run_at = $2, lease_until = NULL, last_error = $3 "
      "WHERE id = $4",
      {EnumValue(kJobStateNames, after.state), TimeValue(after.run_at), error, id.value()});
  if (!changed) return changed.error();
  if (after.state != JobState::kDead) return Status::Ok();
  return audit_.Append(tx, Actor::System(),
                       {"job.dead", "job", id.ToString(), ToJson(*job), ToJson(after)});
}

}  // namespace civicpost::store
