#include "channels/website/website_channel.hpp"

namespace civicpost::channels::website {

PublishOutcome WebsiteChannel::Publish(const Outgoing& post, Delivery& delivery, DeliveryJournal&) {
  delivery.remote_id = post.post_id.ToString();
  delivery.permalink = post.public_url;
  return {.kind = PublishOutcome::Kind::kPublished};
}

}  // namespace civicpost::channels::website
