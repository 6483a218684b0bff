#pragma once
// The authority's own website as a channel: the public site shows every
// post whose delivery here is published, at the post's own page. Publishing
// needs no remote call, so it cannot be half done; a withdrawal takes the
// page down at once (the public site reads the post's state per request).

#include "channels/channel.hpp"

namespace civicpost::channels::website {

class WebsiteChannel : public Channel {
 public:
  PublishOutcome Publish(const Outgoing& post, Delivery& delivery,
                         DeliveryJournal& journal) override;
};

}  // namespace civicpost::channels::website
