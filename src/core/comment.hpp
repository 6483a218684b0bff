#pragma once
// A citizen's comment on a channel, the moderation decisions about it and the
// evidence kept before anything potentially criminal is hidden or deleted.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"

namespace civicpost {

enum class CommentSource { kWebhook, kPoll };
inline constexpr EnumTable<CommentSource, 2> kCommentSourceNames{{{
    {CommentSource::kWebhook, "webhook"},
    {CommentSource::kPoll, "poll"},
}}};

enum class CommentState { kNew, kVisible, kNeedsReview, kHidden, kDeleted };
inline constexpr EnumTable<CommentState, 5> kCommentStateNames{{{
    {CommentState::kNew, "new"},
    {CommentState::kVisible, "visible"},
    {CommentState::kNeedsReview, "needs_review"},
    {CommentState::kHidden, "hidden"},
    {CommentState::kDeleted, "deleted"},
}}};

struct Comment {
  CommentId id;
  ChannelId channel_id;
  std::optional<PostId> post_id;
  std::string remote_id;  // the platform's comment id; unique per channel
  std::string parent_remote_id;
  std::string author_handle;
  std::string text;
  CommentState state = CommentState::kNew;
  Timestamp received_at;
  std::string author_id{};                  // the platform's id of the author
  std::string media_remote_id{};            // the platform's media the comment is on
  std::optional<Timestamp> commented_at{};  // the platform's time
  CommentSource source = CommentSource::kWebhook;
  std::string raw_json = "{}";  // the event as it arrived, for evidence
  // Set when retention erased text, author and raw event (the periods in
  // the concept's [moderation]); the row stays for ids and counts.
  std::optional<Timestamp> redacted_at{};
};

// A comment as a channel reports it (webhook or polling), before civicpost
// knows which of its channels and posts it belongs to.
struct IncomingComment {
  std::string account_id;  // the authority's account on the platform
  std::string remote_id;
  std::string parent_remote_id{};  // replies only
  std::string media_remote_id{};
  std::string author_id{};  // may be missing (dev mode, permissions)
  std::string author_handle{};
  std::string text{};
  std::optional<Timestamp> commented_at{};
  std::string raw_json = "{}";  // the event as it came
};

// What was decided about a comment. The first five act on the comment; the
// others answer an earlier decision (Decision::refers_to): a second person
// approves or rejects a proposal, a review of a hide or delete restores the
// comment or confirms the measure.
enum class ModerationAction {
  kNone,
  kHide,
  kDelete,
  kReply,
  kEscalate,
  kRestore,
  kConfirm,
  kApprove,
  kReject
};
inline constexpr EnumTable<ModerationAction, 9> kModerationActionNames{{{
    {ModerationAction::kNone, "none"},
    {ModerationAction::kHide, "hide"},
    {ModerationAction::kDelete, "delete"},
    {ModerationAction::kReply, "reply"},
    {ModerationAction::kEscalate, "escalate"},
    {ModerationAction::kRestore, "restore"},
    {ModerationAction::kConfirm, "confirm"},
    {ModerationAction::kApprove, "approve"},
    {ModerationAction::kReject, "reject"},
}}};

// Why a comment was (or was not) acted on. `clause_id` cites the netiquette,
// `legal_ground` a statute (moderation/legal_grounds.hpp); a measure needs
// one of them and a reason.
struct Decision {
  DecisionId id;
  CommentId comment_id;
  std::string category;  // e.g. "insult", "spam", "none"
  double score = 0;
  ModerationAction action = ModerationAction::kNone;
  std::string clause_id;
  std::optional<UserId> decided_by;  // empty: decided automatically
  std::string reason;
  Timestamp decided_at;
  std::string legal_ground{};  // "stgb_185"
  bool critical = false;       // the comment criticises the authority
  bool needs_second = false;   // a proposal: a second person must approve it
  std::optional<DecisionId> refers_to{};
  std::string reply_text{};  // what was answered (kReply)
};

// A tamper-evident snapshot of a comment and its context.
struct Evidence {
  EvidenceId id;
  CommentId comment_id;
  std::string snapshot_json;
  std::string sha256;     // of snapshot_json
  std::string prev_hash;  // chain over all evidence rows
  std::string hash;
  std::optional<UserId> created_by;
  Timestamp created_at;
};

}  // namespace civicpost
