#include "channels/channel.hpp"

namespace civicpost::channels {
namespace {

ActionOutcome NoComments() {
  return {.error_key = "publish.no_comments", .message = "this channel has no comments"};
}

}  // namespace

ActionOutcome Channel::SetHidden(const std::string&, bool) { return NoComments(); }
ActionOutcome Channel::Delete(const std::string&) { return NoComments(); }
ActionOutcome Channel::Reply(const std::string&, const std::string&) { return NoComments(); }
ActionOutcome Channel::SendPrivateReply(const std::string&, const std::string&) {
  return NoComments();
}
ActionOutcome Channel::SetCommentsEnabled(const std::string&, bool) { return NoComments(); }
PublishCheck Channel::CheckPublished(const Delivery&) { return {}; }

}  // namespace civicpost::channels
