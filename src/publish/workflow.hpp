#pragma once
// The editorial workflow: draft -> in_review -> approved -> scheduled ->
// published | failed; withdrawn. It enforces the four-eyes rule (nobody
// approves a post they wrote a version of) and the concept's checks, keeps
// every version, and records each step in the audit log.
//
// Refusals are Errors whose message is a message-catalogue key under
// "workflow." so the web layer can say it in the person's language; the code
// says how bad it is: kPermissionDenied (role), kConflict (four-eyes, wrong
// state), kInvalidArgument (the concept's checks; see `problems`).
//
// Thread-safe: each call is one database transaction.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "concept/concept.hpp"
#include "core/organization.hpp"
#include "core/post.hpp"
#include "media/rights.hpp"
#include "publish/delivery_jobs.hpp"
#include "publish/post_checks.hpp"
#include "store/repositories.hpp"

namespace civicpost::publish {

// What the composer sends.
struct PostDraft {
  PostKind kind = PostKind::kFeedImage;
  std::string topic;
  std::string caption;
  std::vector<PostMedia> media;
  std::optional<PostEvent> event;
  std::vector<std::string> channel_keys;
  std::optional<Timestamp> scheduled_at;  // the wished publication time
};

// A post with what the pages show around it.
struct PostRecord {
  Post post;
  std::vector<std::string> channel_keys;
  std::vector<store::PostVersion> versions;
};

class Workflow {
 public:
  Workflow(store::Database& db, store::Repositories& repos, const Clock& clock,
           media::RightsPolicy rights_policy = {})
      : db_(db), repos_(repos), clock_(clock), rights_policy_(rights_policy) {}

  Result<PostId> CreateDraft(const User& author, const PostDraft& draft);
  // Saves a new version. Editing an approved or scheduled post sends it back
  // to review; published and withdrawn posts cannot be edited.
  Status Edit(const User& author, PostId id, const PostDraft& draft);
  // Each of the following fills `problems` when the concept's checks fail.
  Status Submit(const User& who, PostId id, const usage::Concept& usage_concept,
                std::vector<Problem>* problems);
  // Approval also needs cleared rights for every media file.
  Status Approve(const User& who, PostId id, const usage::Concept& usage_concept,
                 std::vector<Problem>* problems);
  // Back to the editors as a draft, with the approver's reason.
  Status Return(const User& who, PostId id, const std::string& note);
  // Also plans the deliveries: one per channel, each with a publishing job
  // (kPublishJobKind) due at `at`.
  Status Schedule(const User& who, PostId id, Timestamp at);
  Status Unschedule(const User& who, PostId id);
  // Stops a post wherever it is; published deliveries are marked withdrawn
  // for the channels to take down.
  Status Withdraw(const User& who, PostId id);

  Result<PostRecord> Load(PostId id);
  // The caption as the channels publish it: the text, then a credit line for
  // each media file whose licence asks for one (Creative Commons always).
  Result<std::string> PublishedCaption(const PostRecord& record);
  // Every check approval would run now: the concept's and the media's rights.
  Result<std::vector<Problem>> Check(const PostRecord& record, const usage::Concept& usage_concept);
  // True when `who` wrote any version of the post: they may not approve it.
  static bool IsAuthor(const PostRecord& record, UserId who);

 private:
  Result<PostRecord> LoadRecord(store::SqlSession& db, PostId id);
  // Loads the post inside `tx`, checks it belongs to the person's authority.
  Result<PostRecord> LoadFor(store::Transaction& tx, const User& who, PostId id);
  // Loads the post in a transaction, lets `change` check and alter it, and
  // stores it (audited) unless `change` refuses.
  Status Change(const User& who, PostId id,
                const std::function<Status(store::Transaction&, PostRecord&)>& change);
  // Every media file whose rights are not cleared for the post's channels
  // (field "rights_<media id>", code "rights_<finding>").
  Result<std::vector<Problem>> RightsProblems(store::SqlSession& db, const PostRecord& record);
  Result<std::string> CaptionWithCredits(store::SqlSession& db, const PostRecord& record);
  Result<std::vector<Problem>> ChecksIn(store::SqlSession& db, const PostRecord& record,
                                        const usage::Concept& usage_concept);
  Status SaveVersion(store::Transaction& tx, const User& author, const PostRecord& record);
  Status PlanDeliveries(store::Transaction& tx, const User& who, const Post& post, Timestamp at);
  Status StopDeliveries(store::Transaction& tx, const User& who, PostId id);
  Status SetChannels(store::Transaction& tx, const User& who, PostId id,
                     const std::vector<std::string>& keys);

  store::Database& db_;
  store::Repositories& repos_;
  const Clock& clock_;
  media::RightsPolicy rights_policy_;
};

// The JSON of one version: the post's content and its channels.
std::string SnapshotJson(const Post& post, const std::vector<std::string>& channel_keys);
// Parses SnapshotJson's output; kInvalidArgument on anything else.
Result<std::pair<Post, std::vector<std::string>>> ParseSnapshotJson(std::string_view json);

}  // namespace civicpost::publish
