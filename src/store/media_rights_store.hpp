#pragma once
// Rights records, the consent ledger and takedown requests (see
// core/media_rights.hpp). Every write is audited in the caller's transaction.

#include <optional>
#include <utility>
#include <vector>

#include "core/media_rights.hpp"
#include "core/post.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

namespace civicpost::store {

class MediaRightsStore {
 public:
  MediaRightsStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  Result<std::optional<MediaRights>> GetRights(SqlSession& db, MediaId media);
  // Creates or replaces the media's rights record.
  Status PutRights(Transaction& tx, const Actor& actor, MediaRights rights);

  // The people on a media file, in the order they were recorded.
  Result<std::vector<MediaPerson>> ListPeople(SqlSession& db, MediaId media);
  Result<MediaPerson> GetPerson(SqlSession& db, int64_t id);
  Result<int64_t> AddPerson(Transaction& tx, const Actor& actor, MediaPerson person);
  // kConflict when the consent was withdrawn before.
  Status MarkWithdrawn(Transaction& tx, const Actor& actor, int64_t person_id);
  // Consents (not exceptions) that ended before `today` and were not withdrawn.
  Result<std::vector<MediaPerson>> ListExpiredConsents(SqlSession& db, Date today);

  // Posts showing the media, with their state, oldest first.
  Result<std::vector<std::pair<PostId, PostState>>> ListPostsUsing(SqlSession& db, MediaId media);

  // Records that a post must come down; false when it was requested before
  // for the same person.
  Result<bool> RequestTakedown(Transaction& tx, const Actor& actor, Takedown takedown);
  // Open takedowns of the authority's posts, oldest first: what the channels
  // still have to do and the dashboard shows.
  Result<std::vector<Takedown>> ListOpenTakedowns(SqlSession& db, OrganizationId org);
  Status MarkTakedownDone(Transaction& tx, const Actor& actor, int64_t id);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
