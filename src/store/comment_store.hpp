#pragma once
// Comments received on channels, the moderation decisions about them and the
// evidence kept. Evidence is append-only and hash-chained like the audit log.

#include <optional>
#include <string>
#include <vector>

#include "core/comment.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

// Which comments the inbox shows. Empty or zero fields do not filter.
struct InboxFilter {
  // Only what waits for a person: new, needs_review, and what the engine
  // hid and nobody has looked at yet.
  bool awaiting_person = true;
  std::optional<CommentState> state{};
  std::string category{};  // of the latest decision
  std::optional<PostId> post{};
  bool by_severity = false;  // highest score first; otherwise newest first
  int limit = 50;
  int offset = 0;
};

// A comment of the month and when it was first decided about.
struct DecisionTiming {
  CommentId comment;
  Timestamp received_at;
  std::optional<Timestamp> first_decision{};  // by anyone, the engine included
  std::optional<Timestamp> first_person{};    // by a person
  bool needed_person = false;                 // the engine left it to a person (or had no say)
};

struct InboxItem {
  Comment comment;
  std::optional<Decision> latest;  // the latest decision, if any
};

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
  // Comments on the authority's channels that wait for a person (as
  // InboxFilter::awaiting_person).
  Result<int64_t> CountAwaitingReview(SqlSession& db, OrganizationId org);
  // Comments that reached the authority's channels since `since`.
  Result<int64_t> CountReceivedSince(SqlSession& db, OrganizationId org, Timestamp since);
  // The post under which most of those comments are, with how many and the
  // latest of them (to open); nullopt when none is under a known post.
  struct BusiestPost {
    PostId post;
    int64_t comments = 0;
    CommentId latest;
  };
  Result<std::optional<BusiestPost>> BusiestPostSince(SqlSession& db, OrganizationId org,
                                                      Timestamp since);
  Result<std::vector<InboxItem>> ListInbox(SqlSession& db, OrganizationId org,
                                           const InboxFilter& filter);
  // The comments beside this one: on the same media (or post), oldest first.
  Result<std::vector<Comment>> ListThread(SqlSession& db, const Comment& comment, int limit);
  // The first person's decision citing one of `grounds` (legal ground ids)
  // on each of the authority's comments, with the comment, oldest first.
  Result<std::vector<InboxItem>> ListByLegalGround(SqlSession& db, OrganizationId org,
                                                   const std::vector<std::string>& grounds);
  // The authority's decisions made in `month` ("2026-11", UTC), oldest first.
  Result<std::vector<Decision>> ListDecisionsInMonth(SqlSession& db, OrganizationId org,
                                                     const std::string& month);
  // The comments received in `month` ("2026-11", UTC) with their first decisions.
  Result<std::vector<DecisionTiming>> ListTimingsInMonth(SqlSession& db, OrganizationId org,
                                                         const std::string& month);
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
