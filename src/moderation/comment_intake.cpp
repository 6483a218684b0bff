#include "moderation/comment_intake.hpp"

#include <map>

namespace civicpost::moderation {

Result<IntakeResult> CommentIntake::Store(ChannelPlatform platform,
                                          const std::vector<IncomingComment>& comments,
                                          CommentSource source) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Result<IntakeResult> {
    IntakeResult result;
    std::map<std::string, std::optional<Channel>> channels;  // by account, per call
    std::map<std::pair<ChannelId, std::string>, std::optional<PostId>> posts;  // by media
    for (const IncomingComment& incoming : comments) {
      auto found = channels.find(incoming.account_id);
      if (found == channels.end()) {
        auto channel = repos_.channels.FindByAccount(tx, platform, incoming.account_id);
        if (!channel) return channel.error();
        found = channels.emplace(incoming.account_id, std::move(*channel)).first;
      }
      if (!found->second) {
        ++result.unmatched;
        continue;
      }
      Comment comment;
      comment.channel_id = found->second->id;
      if (!incoming.media_remote_id.empty()) {
        const auto key = std::make_pair(comment.channel_id, incoming.media_remote_id);
        auto post = posts.find(key);
        if (post == posts.end()) {
          auto delivery =
              repos_.posts.FindDeliveryByRemote(tx, comment.channel_id, incoming.media_remote_id);
          if (!delivery) return delivery.error();
          post = posts
                     .emplace(key, *delivery ? std::optional<PostId>((*delivery)->post_id)
                                             : std::nullopt)
                     .first;
        }
        comment.post_id = post->second;
      }
      comment.remote_id = incoming.remote_id;
      comment.parent_remote_id = incoming.parent_remote_id;
      comment.author_handle = incoming.author_handle;
      comment.author_id = incoming.author_id;
      comment.text = incoming.text;
      comment.media_remote_id = incoming.media_remote_id;
      comment.commented_at = incoming.commented_at;
      comment.received_at = clock_.Now();
      comment.source = source;
      comment.raw_json = incoming.raw_json;
      bool is_new = false;
      auto id = repos_.comments.Record(tx, comment, &is_new);
      if (!id) return id.error();
      if (is_new) ++result.stored;
    }
    return result;
  });
}

}  // namespace civicpost::moderation
