#pragma once
// A unit of durable background work (publishing, polling, reminders).

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"

namespace civicpost {

enum class JobState { kQueued, kRunning, kDone, kFailed, kDead };
inline constexpr EnumTable<JobState, 5> kJobStateNames{{{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kDone, "done"},
    {JobState::kFailed, "failed"},  // will be retried
    {JobState::kDead, "dead"},      // gave up; needs a person
}}};

struct Job {
  JobId id;
  std::string kind;  // e.g. "publish.instagram"
  std::string payload_json;
  JobState state = JobState::kQueued;
  Timestamp run_at;
  int attempts = 0;
  int max_attempts = 8;
  std::optional<Timestamp> lease_until;
  std::string lease_owner;  // "<boot id>/<pid>" of the worker holding the lease
  std::string last_error;
  Timestamp created_at;
};

}  // namespace civicpost
