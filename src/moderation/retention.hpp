#pragma once
// The retention run (legal requirements R54, R55): for every authority with
// a loaded concept, by the periods of its [moderation] table,
// 1. evidence secured more than evidence_retention_days ago is deleted,
//    leaving a tombstone with its hashes;
// 2. decisions made more than decision_retention_days ago are deleted;
// 3. comments received more than decision_retention_days ago with no
//    decision and no evidence left have their text, author and raw event
//    erased;
// 4. accessibility feedback answered (or, unanswered, received) more than
//    [accessibility] feedback_retention_days ago has its message, sender and
//    note erased.
// A legal hold on a comment keeps all three; comments still waiting for a
// person (new, needs_review) keep their decisions and words. Each deletion
// has its audit entry; the report says what went, when and under which
// rule, and a real run stores it in the audit log too ("retention.run").
//
// `serve` runs it daily; `civicpost retention run [--dry-run]` on demand.
// One caller at a time per object; runs in several processes are harmless
// (each deletion checks again inside its transaction).

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/repositories.hpp"

namespace civicpost::moderation {

// One authority's part of a run.
struct AuthorityRetention {
  OrganizationId organization;
  std::string name;  // "Stadt Sassenberg"
  int concept_version = 0;
  int decision_retention_days = 0;
  int evidence_retention_days = 0;
  int feedback_retention_days = 0;
  std::vector<EvidenceId> evidence_deleted;
  std::vector<DecisionId> decisions_deleted;
  std::vector<CommentId> comments_redacted;
  std::vector<SiteFeedbackId> feedback_redacted;
  // Comments whose expired records a legal hold keeps.
  std::vector<CommentId> held;

  std::string evidence_rule() const;  // "evidence_retention_days=183"
  std::string decision_rule() const;  // "decision_retention_days=365"
  std::string feedback_rule() const;  // "feedback_retention_days=365"
};

struct RetentionReport {
  Timestamp at;
  bool dry_run = false;
  std::vector<AuthorityRetention> authorities;
  // Authorities without a (loadable) concept: nothing of theirs is deleted.
  std::vector<std::string> skipped;
};

class Retention {
 public:
  Retention(store::Database& db, store::Repositories& repos, const Clock& clock)
      : db_(db), repos_(repos), clock_(clock) {}

  // `dry_run` finds what would go and changes nothing. `actor` is who the
  // audit entries name (System for serve, Cli for the command).
  Result<RetentionReport> Run(const Actor& actor, bool dry_run = false);

 private:
  Status RunFor(const Actor& actor, bool dry_run, AuthorityRetention& authority);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
};

// The report as plain text, German first: a header per authority and one
// line per rule with its count and numbers.
std::string FormatRetentionReport(const RetentionReport& report);

}  // namespace civicpost::moderation
