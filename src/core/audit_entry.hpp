#pragma once
// One row of the append-only, hash-chained audit log.

#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace civicpost {

// Who caused a change: "user:<id> <email>", "cli", "system", "demo".
struct Actor {
  std::string name;

  static Actor System() { return {"system"}; }
  static Actor Cli() { return {"cli"}; }
  static Actor ForUser(UserId id, const std::string& email) {
    return {"user:" + id.ToString() + " " + email};
  }
};

struct AuditEntry {
  AuditEntryId id;
  Timestamp at;
  std::string actor;
  std::string action;       // e.g. "post.create"
  std::string target_type;  // e.g. "post"
  std::string target_id;
  std::string before_json;  // empty for creations
  std::string after_json;   // empty for deletions
  std::string prev_hash;
  std::string hash;
};

}  // namespace civicpost
