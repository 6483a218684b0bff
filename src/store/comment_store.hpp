#pragma once
// Comments received on channels, the moderation decisions about them and the
// evidence kept. Evidence is append-only and hash-chained like the audit log.

#include <vector>

#include "core/comment.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

class CommentStore {
 public:
  CommentStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Webhooks may deliver a comment twice: a known (channel, remote_id)
  // returns the stored comment's id without writing anything. Not audited:
  // a citizen's comment is not a decision, and the audit log, which keeps
  // everything for ever, must not become a second copy of citizens' words
  // that retention periods could not reach.
  // `is_new` (optional) says whether this call stored it.
  Result<CommentId> Record(Transaction& tx, Comment comment, bool* is_new = nullptr);
  Result<Comment> Get(SqlSession& db, CommentId id);
  // Comments on the authority's channels that wait for a person.
  Result<int64_t> CountAwaitingReview(SqlSession& db, OrganizationId org);
  Result<std::optional<Comment>> FindByRemote(SqlSession& db, ChannelId channel,
                                              const std::string& remote_id);
  // Comments nobody has decided about yet (state `new`), oldest first.
  Result<std::vector<Comment>> ListNew(SqlSession& db, int limit);
  Status UpdateState(Transaction& tx, const Actor& actor, CommentId id, CommentState state);

  Result<DecisionId> AddDecision(Transaction& tx, const Actor& actor, Decision decision);
  Result<std::vector<Decision>> ListDecisions(SqlSession& db, CommentId comment);

  // Computes sha256 and the chain hash; the snapshot is stored verbatim.
  Result<EvidenceId> AddEvidence(Transaction& tx, const Actor& actor, Evidence evidence);
  Result<std::vector<Evidence>> ListEvidence(SqlSession& db, CommentId comment);
  Result<Evidence> GetEvidence(SqlSession& db, EvidenceId id);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
