#pragma once
// Retention of moderation records (legal requirements R54, R55): legal
// holds, deleting evidence and decisions after their periods, and erasing
// the words of comments nothing keeps any more.
//
// - Evidence is deleted after its tombstone is written: the record's hashes
//   stay, so the chain over all records still verifies, and an export of a
//   deleted number says when and why it went.
// - A legal hold on a comment keeps its evidence, decisions and text until a
//   person releases it.
// - Comments still `new` or in `needs_review` wait for a person: their
//   decisions stay and they are not erased.
//
// Every deletion and erasure appends one audit entry naming the record, the
// rule and the concept version; no entry carries a comment's text or author.
// The finders take the session a change runs in, so that "find, then
// delete" happens inside one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/comment.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct LegalHold {
  LegalHoldId id;
  CommentId comment_id;
  std::string reason;  // "Strafanzeige erstattet, Az. ...", "IFG-Antrag vom ..."
  UserId created_by;
  Timestamp created_at;
  std::optional<UserId> released_by{};
  std::optional<Timestamp> released_at{};
};

// What stays of a deleted evidence record.
struct EvidenceTombstone {
  EvidenceId evidence_id;
  CommentId comment_id;
  std::string sha256;
  std::string prev_hash;
  std::string hash;
  Timestamp created_at;  // when the record was secured
  Timestamp deleted_at;
  std::string rule;  // "evidence_retention_days=183"
};

// Why a record goes: the concept's key with its value, and the concept
// version that set it (0: not known).
struct RetentionRule {
  std::string name;  // "evidence_retention_days=183"
  int concept_version = 0;
};

class RetentionStore {
 public:
  RetentionStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // A person places a hold on a comment; `reason` must not be empty.
  Result<LegalHoldId> PlaceHold(Transaction& tx, const Actor& actor, CommentId comment,
                                const std::string& reason, UserId by);
  // A person releases it: the next retention run may delete what it kept.
  // kNotFound for an unknown hold, kConflict for one released already.
  Status ReleaseHold(Transaction& tx, const Actor& actor, LegalHoldId id, UserId by);
  // The holds of a comment not released yet, oldest first.
  Result<std::vector<LegalHold>> ActiveHolds(SqlSession& db, CommentId comment);

  // Evidence on the authority's comments secured before `cutoff`, whose
  // comment has no active hold; oldest first, at most `limit`.
  Result<std::vector<EvidenceId>> ExpiredEvidence(SqlSession& db, OrganizationId org,
                                                  Timestamp cutoff, int limit);
  // Writes the tombstone, then deletes the record. kConflict if a hold
  // keeps it.
  Status DeleteEvidence(Transaction& tx, const Actor& actor, EvidenceId id,
                        const RetentionRule& rule);
  Result<std::optional<EvidenceTombstone>> FindTombstone(SqlSession& db, EvidenceId id);
  // The hash record `id` chains to: that of the record or tombstone just
  // before it, or the genesis hash for the first.
  Result<std::string> PreviousEvidenceHash(SqlSession& db, EvidenceId id);

  // Decisions about the authority's comments made before `cutoff`, whose
  // comment has no active hold and does not wait for a person; oldest
  // first, at most `limit`.
  Result<std::vector<DecisionId>> ExpiredDecisions(SqlSession& db, OrganizationId org,
                                                   Timestamp cutoff, int limit);
  Status DeleteDecision(Transaction& tx, const Actor& actor, DecisionId id,
                        const RetentionRule& rule);

  // The authority's comments received before `decisions_cutoff` that
  // nothing keeps once the expired records are gone: no decision made since
  // `decisions_cutoff`, no evidence secured since `evidence_cutoff`, no
  // active hold, not waiting for a person, not erased yet. (So a dry run,
  // which deletes nothing, finds what a real run would erase.)
  Result<std::vector<CommentId>> RedactableComments(SqlSession& db, OrganizationId org,
                                                    Timestamp decisions_cutoff,
                                                    Timestamp evidence_cutoff, int limit);
  // Empties text, author handle and id and the raw event, and sets
  // redacted_at. Checks again that no decision, evidence or hold is left;
  // false (and nothing written) if something still keeps the comment.
  Result<bool> RedactComment(Transaction& tx, const Actor& actor, CommentId id,
                             const RetentionRule& rule);

  // Comments with an active hold that keep decisions or evidence past
  // their periods (for the report: "kept by a legal hold").
  Result<std::vector<CommentId>> HeldComments(SqlSession& db, OrganizationId org,
                                              Timestamp decisions_cutoff,
                                              Timestamp evidence_cutoff);

 private:
  Result<bool> HasActiveHold(SqlSession& db, CommentId comment);

  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
