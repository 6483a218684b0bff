#include "store/job_store.hpp"

#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kJobColumns =
    "id, kind, payload_json, state, run_at, attempts, max_attempts, lease_until, last_error, "
    "created_at, lease_owner";

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
  j.lease_owner = row.Text(10);
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
  auto rows =
      db.Query("SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = $1", {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no job with id " + id.ToString());
  return JobFromRow((*rows)[0]);
}

Result<bool> JobStore::HasOpen(SqlSession& db, std::string_view kind,
                               std::string_view payload_json) {
  auto rows = db.Query(
      "SELECT 1 FROM jobs WHERE kind = $1 AND payload_json = $2 "
      "AND state IN ('queued', 'running', 'failed') LIMIT 1",
      {std::string(kind), std::string(payload_json)});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<std::optional<Job>> JobStore::ClaimNext(Transaction& tx, std::chrono::seconds lease,
                                               const std::string& owner) {
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
  job.lease_owner = owner;
  auto claimed = tx.Execute(
      "UPDATE jobs SET state = 'running', attempts = $1, lease_until = $2, lease_owner = $3 "
      "WHERE id = $4",
      {int64_t{job.attempts}, TimeValue(job.lease_until), owner, job.id.value()});
  if (!claimed) return claimed.error();
  return std::optional<Job>(std::move(job));
}

Status JobStore::MarkDone(Transaction& tx, JobId id) {
  auto job = Get(tx, id);
  if (!job) return job.error();
  auto changed = tx.Execute(
      "UPDATE jobs SET state = 'done', lease_until = NULL, lease_owner = '', last_error = '' "
      "WHERE id = $1",
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
      "UPDATE jobs SET state = $1, run_at = $2, lease_until = NULL, lease_owner = '', "
      "last_error = $3 WHERE id = $4",
      {EnumValue(kJobStateNames, after.state), TimeValue(after.run_at), error, id.value()});
  if (!changed) return changed.error();
  if (after.state != JobState::kDead) return Status::Ok();
  return audit_.Append(tx, Actor::System(),
                       {"job.dead", "job", id.ToString(), ToJson(*job), ToJson(after)});
}

Status JobStore::Postpone(Transaction& tx, JobId id, Timestamp run_at, const std::string& note) {
  auto changed = tx.Execute(
      "UPDATE jobs SET state = 'queued', run_at = $1, lease_until = NULL, lease_owner = '', "
      "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, last_error = $2 WHERE id = "
      "$3 AND state = 'running'",
      {TimeValue(run_at), note, id.value()});
  if (!changed) return changed.error();
  if (*changed == 0) return Conflict("job " + id.ToString() + " is not running");
  return Status::Ok();
}

Result<int> JobStore::ReleaseLeases(Transaction& tx,
                                    const std::function<bool(std::string_view)>& owner_is_gone) {
  auto rows =
      tx.Query("SELECT id, lease_owner FROM jobs WHERE state = 'running' AND lease_until > $1",
               {TimeValue(clock_.Now())});
  if (!rows) return rows.error();
  int released = 0;
  for (const Row& row : *rows) {
    if (!owner_is_gone(row.Text(1))) continue;
    auto changed = tx.Execute("UPDATE jobs SET lease_until = $1 WHERE id = $2",
                              {TimeValue(clock_.Now()), row.Int(0)});
    if (!changed) return changed.error();
    ++released;
  }
  return released;
}

}  // namespace civicpost::store
