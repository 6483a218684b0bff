#pragma once
// The standard notices sent to the person whose comment was hidden or
// deleted (legal requirement R23): the authority's text, who sent it, and
// what the platform made of it. One notice per comment (a unique index);
// the platform allows one private reply per comment too.
//
// Audit entries carry ids, the notice's text (the authority's own words),
// its sender and the platform's answer, never the comment's text or its
// author: the audit log is kept for ever, a citizen's words are not.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

struct CommentNotice {
  CommentNoticeId id;
  CommentId comment_id;
  std::optional<DecisionId> decision_id{};  // the hide or delete it explains
  std::string text{};
  UserId sent_by;
  Timestamp created_at{};
  std::optional<Timestamp> sent_at{};  // when the platform took it
  std::string remote_id{};             // the platform's message id
  std::string error_key{};             // why the platform refused ("graph.private_reply_sent")
};

class CommentNoticeStore {
 public:
  CommentNoticeStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Stores a notice not yet sent (created_at is now). kConflict when the
  // comment has one already.
  Result<CommentNoticeId> Add(Transaction& tx, const Actor& actor, CommentNotice notice);
  Result<CommentNotice> Get(SqlSession& db, CommentNoticeId id);
  // The comment's notice, if it has one.
  Result<std::optional<CommentNotice>> FindByComment(SqlSession& db, CommentId comment);
  // The platform took it: sent_at is now, remote_id its message id.
  Status MarkSent(Transaction& tx, const Actor& actor, CommentNoticeId id,
                  const std::string& remote_id);
  // The platform refused for good; `error_key` is a catalogue key.
  Status MarkFailed(Transaction& tx, const Actor& actor, CommentNoticeId id,
                    const std::string& error_key);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
