#pragma once
// Posts with their media and per-channel deliveries.

#include <optional>
#include <string>
#include <vector>

#include "core/organization.hpp"
#include "core/post.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

// One saved version of a post's content (see PostStore::AddVersion).
struct PostVersion {
  int version = 0;
  std::string snapshot_json;
  std::optional<UserId> author;
  Timestamp created_at;
};

// A post as the website shows it: when its website copy went out and where
// the platform's copy is (the newest published delivery elsewhere; may be
// empty).
struct WebsitePost {
  Post post;
  Timestamp on_website_at;
  std::string platform_permalink;
  ChannelPlatform platform = ChannelPlatform::kInstagram;
};

class PostStore {
 public:
  PostStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // Stores the post and its media list.
  Result<PostId> Create(Transaction& tx, const Actor& actor, Post post);
  Result<Post> Get(SqlSession& db, PostId id);
  // The posts on an authority's own website: their delivery on a website
  // channel is published and the post is not withdrawn. Newest first.
  Result<std::vector<WebsitePost>> ListOnWebsite(SqlSession& db, OrganizationId org);
  Result<std::vector<Post>> ListByOrganization(SqlSession& db, OrganizationId org);
  // `published_at` is set when moving to kPublished and kept otherwise.
  Status UpdateState(Transaction& tx, const Actor& actor, PostId id, PostState state);
  // Stores every field of `post` (content, state, approval) and its media list;
  // audited as "post.state" when the state changes, else "post.update".
  Status Update(Transaction& tx, const Actor& actor, Post post);
  // The channels the post is meant for (audited with the version that sets them).
  Status SetChannels(Transaction& tx, PostId post, const std::vector<ChannelId>& channels);
  Result<std::vector<ChannelId>> ListChannels(SqlSession& db, PostId post);
  // Appends the next version (1, 2, ...) and returns its number.
  Result<int> AddVersion(Transaction& tx, PostId post, std::optional<UserId> author,
                         const std::string& snapshot_json);
  Result<std::vector<PostVersion>> ListVersions(SqlSession& db, PostId post);
  // True when the media belongs to a post on the website: only those are public.
  Result<bool> IsMediaPublished(SqlSession& db, MediaId id);

  Result<DeliveryId> CreateDelivery(Transaction& tx, const Actor& actor, Delivery delivery);
  Result<Delivery> GetDelivery(SqlSession& db, DeliveryId id);
  // Stores every field; audited when the state, remote id, permalink or error
  // changes (the progress record and the attempt count are machinery).
  Status UpdateDelivery(Transaction& tx, const Actor& actor, const Delivery& delivery);
  Result<std::vector<Delivery>> ListDeliveries(SqlSession& db, PostId post);
  // The delivery a platform's media id belongs to, if any.
  Result<std::optional<Delivery>> FindDeliveryByRemote(SqlSession& db, ChannelId channel,
                                                       std::string_view remote_id);
  // A channel's published deliveries last changed since `since`.
  Result<std::vector<Delivery>> ListPublishedDeliveries(SqlSession& db, ChannelId channel,
                                                        Timestamp since);
  // Deliveries of the authority's posts that failed, newest first.
  Result<std::vector<Delivery>> ListFailedDeliveries(SqlSession& db, OrganizationId org);

 private:
  Result<std::vector<PostMedia>> LoadMedia(SqlSession& db, PostId post);
  Result<std::vector<Post>> LoadPosts(SqlSession& db, std::string_view where,
                                      const SqlParams& params);

  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
