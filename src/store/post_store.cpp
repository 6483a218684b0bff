#include "store/post_store.hpp"

#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kPostColumns =
    "id, organization_id, kind, state, topic, caption, event_title, event_starts_at, "
    "event_ends_at, event_place, scheduled_at, published_at, created_by, created_at, updated_at, "
    "approved_by, review_note";
constexpr std::string_view kDeliveryColumns =
    "id, post_id, channel_id, state, remote_id, permalink, attempts, last_error, updated_at, "
    "error_key, progress_json";

Post PostFromRow(const Row& row) {
  Post p;
  p.id = PostId(row.Int(0));
  p.organization_id = OrganizationId(row.Int(1));
  p.kind = EnumAt(kPostKindNames, row, 2, PostKind::kFeedImage);
  p.state = EnumAt(kPostStateNames, row, 3, PostState::kDraft);
  p.topic = row.Text(4);
  p.caption = row.Text(5);
  if (!row.IsNull(6)) {
    p.event = PostEvent{row.Text(6), TimeAt(row, 7), OptionalTimeAt(row, 8), row.Text(9)};
  }
  p.scheduled_at = OptionalTimeAt(row, 10);
  p.published_at = OptionalTimeAt(row, 11);
  if (auto by = row.OptionalInt(12)) p.created_by = UserId(*by);
  p.created_at = TimeAt(row, 13);
  p.updated_at = TimeAt(row, 14);
  if (auto by = row.OptionalInt(15)) p.approved_by = UserId(*by);
  p.review_note = row.Text(16);
  return p;
}

Delivery DeliveryFromRow(const Row& row) {
  Delivery d;
  d.id = DeliveryId(row.Int(0));
  d.post_id = PostId(row.Int(1));
  d.channel_id = ChannelId(row.Int(2));
  d.state = EnumAt(kDeliveryStateNames, row, 3, DeliveryState::kFailed);
  d.remote_id = row.Text(4);
  d.permalink = row.Text(5);
  d.attempts = static_cast<int>(row.Int(6));
  d.last_error = row.Text(7);
  d.updated_at = TimeAt(row, 8);
  d.error_key = row.Text(9);
  d.progress_json = row.Text(10);
  return d;
}

SqlValue EventField(const Post& p, std::string PostEvent::*field) {
  if (!p.event) return std::monostate{};
  return (*p.event).*field;
}

Status InsertMedia(Transaction& tx, const Post& post) {
  for (size_t i = 0; i < post.media.size(); ++i) {
    auto added = tx.Execute(
        "INSERT INTO post_media (post_id, position, media_id, alt_text) VALUES ($1, $2, $3, $4)",
        {post.id.value(), static_cast<int64_t>(i), post.media[i].media_id.value(),
         post.media[i].alt_text});
    if (!added) return added.error();
  }
  return Status::Ok();
}

}  // namespace

Result<PostId> PostStore::Create(Transaction& tx, const Actor& actor, Post post) {
  post.created_at = post.updated_at = clock_.Now();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO posts (organization_id, kind, state, topic, caption, event_title, "
      "event_starts_at, event_ends_at, event_place, scheduled_at, published_at, created_by, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14) RETURNING id",
      {post.organization_id.value(), EnumValue(kPostKindNames, post.kind),
       EnumValue(kPostStateNames, post.state), post.topic, post.caption,
       EventField(post, &PostEvent::title),
       post.event ? TimeValue(post.event->starts_at) : SqlValue(),
       post.event ? TimeValue(post.event->ends_at) : SqlValue(),
       EventField(post, &PostEvent::place), TimeValue(post.scheduled_at),
       TimeValue(post.published_at), OptionalUser(post.created_by), TimeValue(post.created_at),
       TimeValue(post.updated_at)}));
  if (!id) return id.error();
  post.id = PostId(*id);
  if (Status media = InsertMedia(tx, post); !media.ok()) return media.error();
  Status s =
      audit_.Append(tx, actor, {"post.create", "post", post.id.ToString(), "", ToJson(post)});
  if (!s.ok()) return s.error();
  return post.id;
}

Result<std::vector<PostMedia>> PostStore::LoadMedia(SqlSession& db, PostId post) {
  auto rows =
      db.Query("SELECT media_id, alt_text FROM post_media WHERE post_id = $1 ORDER BY position",
               {post.value()});
  if (!rows) return rows.error();
  std::vector<PostMedia> out;
  for (const Row& row : *rows) out.push_back({MediaId(row.Int(0)), row.Text(1)});
  return out;
}

Result<std::vector<Post>> PostStore::LoadPosts(SqlSession& db, std::string_view where,
                                               const SqlParams& params) {
  auto rows =
      db.Query("SELECT " + std::string(kPostColumns) + " FROM posts " + std::string(where), params);
  if (!rows) return rows.error();
  std::vector<Post> out;
  for (const Row& row : *rows) {
    Post p = PostFromRow(row);
    auto media = LoadMedia(db, p.id);
    if (!media) return media.error();
    p.media = std::move(*media);
    out.push_back(std::move(p));
  }
  return out;
}

Result<Post> PostStore::Get(SqlSession& db, PostId id) {
  auto posts = LoadPosts(db, "WHERE id = $1", {id.value()});
  if (!posts) return posts.error();
  if (posts->empty()) return NotFound("no post with id " + id.ToString());
  return std::move(posts->front());
}

Result<std::vector<WebsitePost>> PostStore::ListOnWebsite(SqlSession& db, OrganizationId org) {
  // The platform copy: the newest published delivery on another channel.
  constexpr std::string_view kElsewhere =
      "FROM deliveries o JOIN channels oc ON oc.id = o.channel_id "
      "WHERE o.post_id = p.id AND oc.platform <> 'website' AND o.state = 'published' "
      "AND o.permalink <> '' ORDER BY o.id DESC LIMIT 1";
  auto rows =
      db.Query("SELECT p.id, MIN(d.updated_at), (SELECT o.permalink " + std::string(kElsewhere) +
                   "), (SELECT oc.platform " + std::string(kElsewhere) +
                   ") FROM posts p JOIN deliveries d ON d.post_id = p.id "
                   "JOIN channels c ON c.id = d.channel_id "
                   "WHERE p.organization_id = $1 AND p.state <> 'withdrawn' "
                   "AND c.platform = 'website' AND d.state = 'published' "
                   "GROUP BY p.id ORDER BY MIN(d.updated_at) DESC, p.id DESC",
               {org.value()});
  if (!rows) return rows.error();
  std::vector<WebsitePost> out;
  for (const Row& row : *rows) {
    auto post = Get(db, PostId(row.Int(0)));
    if (!post) return post.error();
    // A post published before its website delivery was recorded (an import,
    // the demo) keeps its own date.
    const Timestamp delivered = TimeAt(row, 1);
    const Timestamp on_website = std::min(post->published_at.value_or(delivered), delivered);
    WebsitePost item{std::move(*post), on_website, "", ChannelPlatform::kInstagram};
    if (!row.IsNull(2)) {
      item.platform_permalink = row.Text(2);
      item.platform =
          kChannelPlatformNames.Parse(row.Text(3)).value_or(ChannelPlatform::kInstagram);
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<Post>> PostStore::ListByOrganization(SqlSession& db, OrganizationId org) {
  return LoadPosts(db, "WHERE organization_id = $1 ORDER BY id", {org.value()});
}

Status PostStore::UpdateState(Transaction& tx, const Actor& actor, PostId id, PostState state) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  Post after = *before;
  after.state = state;
  after.updated_at = clock_.Now();
  if (state == PostState::kPublished && !after.published_at) after.published_at = after.updated_at;
  auto changed =
      tx.Execute("UPDATE posts SET state = $1, published_at = $2, updated_at = $3 WHERE id = $4",
                 {EnumValue(kPostStateNames, state), TimeValue(after.published_at),
                  TimeValue(after.updated_at), id.value()});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"post.state", "post", id.ToString(), ToJson(*before), ToJson(after)});
}

Status PostStore::Update(Transaction& tx, const Actor& actor, Post post) {
  auto before = Get(tx, post.id);
  if (!before) return before.error();
  post.updated_at = clock_.Now();
  if (post.state == PostState::kPublished && !post.published_at)
    post.published_at = post.updated_at;
  auto changed = tx.Execute(
      "UPDATE posts SET kind = $1, state = $2, topic = $3, caption = $4, event_title = $5, "
      "event_starts_at = $6, event_ends_at = $7, event_place = $8, scheduled_at = $9, "
      "published_at = $10, approved_by = $11, review_note = $12, updated_at = $13 WHERE id = $14",
      {EnumValue(kPostKindNames, post.kind), EnumValue(kPostStateNames, post.state), post.topic,
       post.caption, EventField(post, &PostEvent::title),
       post.event ? TimeValue(post.event->starts_at) : SqlValue(),
       post.event ? TimeValue(post.event->ends_at) : SqlValue(),
       EventField(post, &PostEvent::place), TimeValue(post.scheduled_at),
       TimeValue(post.published_at), OptionalUser(post.approved_by), post.review_note,
       TimeValue(post.updated_at), post.id.value()});
  if (!changed) return changed.error();
  auto cleared = tx.Execute("DELETE FROM post_media WHERE post_id = $1", {post.id.value()});
  if (!cleared) return cleared.error();
  if (Status media = InsertMedia(tx, post); !media.ok()) return media;
  const std::string action = before->state == post.state ? "post.update" : "post.state";
  return audit_.Append(tx, actor,
                       {action, "post", post.id.ToString(), ToJson(*before), ToJson(post)});
}

Status PostStore::SetChannels(Transaction& tx, PostId post,
                              const std::vector<ChannelId>& channels) {
  auto cleared = tx.Execute("DELETE FROM post_channels WHERE post_id = $1", {post.value()});
  if (!cleared) return cleared.error();
  for (ChannelId channel : channels) {
    auto added = tx.Execute("INSERT INTO post_channels (post_id, channel_id) VALUES ($1, $2)",
                            {post.value(), channel.value()});
    if (!added) return added.error();
  }
  return Status::Ok();
}

Result<std::vector<ChannelId>> PostStore::ListChannels(SqlSession& db, PostId post) {
  auto rows =
      db.Query("SELECT channel_id FROM post_channels WHERE post_id = $1 ORDER BY channel_id",
               {post.value()});
  if (!rows) return rows.error();
  std::vector<ChannelId> out;
  for (const Row& row : *rows) out.push_back(ChannelId(row.Int(0)));
  return out;
}

Result<int> PostStore::AddVersion(Transaction& tx, PostId post, std::optional<UserId> author,
                                  const std::string& snapshot_json) {
  auto last = tx.Query("SELECT COALESCE(MAX(version), 0) FROM post_versions WHERE post_id = $1",
                       {post.value()});
  if (!last) return last.error();
  const int version = static_cast<int>((*last)[0].Int(0)) + 1;
  auto added = tx.Execute(
      "INSERT INTO post_versions (post_id, version, snapshot_json, author_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {post.value(), int64_t{version}, snapshot_json, OptionalUser(author),
       TimeValue(clock_.Now())});
  if (!added) return added.error();
  return version;
}

Result<std::vector<PostVersion>> PostStore::ListVersions(SqlSession& db, PostId post) {
  auto rows = db.Query(
      "SELECT version, snapshot_json, author_id, created_at FROM post_versions "
      "WHERE post_id = $1 ORDER BY version",
      {post.value()});
  if (!rows) return rows.error();
  std::vector<PostVersion> out;
  for (const Row& row : *rows) {
    PostVersion v;
    v.version = static_cast<int>(row.Int(0));
    v.snapshot_json = row.Text(1);
    if (auto by = row.OptionalInt(2)) v.author = UserId(*by);
    v.created_at = TimeAt(row, 3);
    out.push_back(std::move(v));
  }
  return out;
}

Result<bool> PostStore::IsMediaPublished(SqlSession& db, MediaId id) {
  auto rows = db.Query(
      "SELECT 1 FROM post_media pm JOIN posts p ON p.id = pm.post_id "
      "JOIN deliveries d ON d.post_id = p.id JOIN channels c ON c.id = d.channel_id "
      "WHERE pm.media_id = $1 AND p.state <> 'withdrawn' AND c.platform = 'website' "
      "AND d.state = 'published' LIMIT 1",
      {id.value()});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<DeliveryId> PostStore::CreateDelivery(Transaction& tx, const Actor& actor,
                                             Delivery delivery) {
  delivery.updated_at = clock_.Now();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO deliveries (post_id, channel_id, state, remote_id, permalink, attempts, "
      "last_error, updated_at, error_key, progress_json) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {delivery.post_id.value(), delivery.channel_id.value(),
       EnumValue(kDeliveryStateNames, delivery.state), delivery.remote_id, delivery.permalink,
       int64_t{delivery.attempts}, delivery.last_error, TimeValue(delivery.updated_at),
       delivery.error_key, delivery.progress_json}));
  if (!id) return id.error();
  delivery.id = DeliveryId(*id);
  Status s = audit_.Append(
      tx, actor, {"delivery.create", "delivery", delivery.id.ToString(), "", ToJson(delivery)});
  if (!s.ok()) return s.error();
  return delivery.id;
}

Result<Delivery> PostStore::GetDelivery(SqlSession& db, DeliveryId id) {
  auto rows = db.Query("SELECT " + std::string(kDeliveryColumns) + " FROM deliveries WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no delivery with id " + id.ToString());
  return DeliveryFromRow((*rows)[0]);
}

Status PostStore::UpdateDelivery(Transaction& tx, const Actor& actor, const Delivery& delivery) {
  auto before = GetDelivery(tx, delivery.id);
  if (!before) return before.error();
  Delivery after = delivery;
  after.updated_at = clock_.Now();
  auto changed = tx.Execute(
      "UPDATE deliveries SET state = $1, remote_id = $2, permalink = $3, attempts = $4, "
      "last_error = $5, updated_at = $6, error_key = $7, progress_json = $8 WHERE id = $9",
      {EnumValue(kDeliveryStateNames, after.state), after.remote_id, after.permalink,
       int64_t{after.attempts}, after.last_error, TimeValue(after.updated_at), after.error_key,
       after.progress_json, after.id.value()});
  if (!changed) return changed.error();
  if (before->state == after.state && before->remote_id == after.remote_id &&
      before->permalink == after.permalink && before->error_key == after.error_key &&
      before->last_error == after.last_error) {
    return Status::Ok();  // progress and attempt counts are machinery, not news
  }
  return audit_.Append(
      tx, actor,
      {"delivery.update", "delivery", after.id.ToString(), ToJson(*before), ToJson(after)});
}

Result<std::vector<Delivery>> PostStore::ListDeliveries(SqlSession& db, PostId post) {
  auto rows = db.Query(
      "SELECT " + std::string(kDeliveryColumns) + " FROM deliveries WHERE post_id = $1 ORDER BY id",
      {post.value()});
  if (!rows) return rows.error();
  std::vector<Delivery> out;
  for (const Row& row : *rows) out.push_back(DeliveryFromRow(row));
  return out;
}

Result<std::optional<Delivery>> PostStore::FindDeliveryByRemote(SqlSession& db, ChannelId channel,
                                                                std::string_view remote_id) {
  auto rows = db.Query("SELECT " + std::string(kDeliveryColumns) +
                           " FROM deliveries WHERE channel_id = $1 AND remote_id = $2 LIMIT 1",
                       {channel.value(), std::string(remote_id)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Delivery>();
  return std::optional<Delivery>(DeliveryFromRow((*rows)[0]));
}

Result<std::vector<Delivery>> PostStore::ListPublishedDeliveries(SqlSession& db, ChannelId channel,
                                                                 Timestamp since) {
  auto rows = db.Query("SELECT " + std::string(kDeliveryColumns) +
                           " FROM deliveries WHERE channel_id = $1 AND state = 'published' "
                           "AND remote_id <> '' AND updated_at >= $2 ORDER BY id",
                       {channel.value(), TimeValue(since)});
  if (!rows) return rows.error();
  std::vector<Delivery> out;
  for (const Row& row : *rows) out.push_back(DeliveryFromRow(row));
  return out;
}

Result<std::vector<Delivery>> PostStore::ListFailedDeliveries(SqlSession& db, OrganizationId org) {
  std::string columns = "d." + std::string(kDeliveryColumns);
  for (size_t at = columns.find(", "); at != std::string::npos; at = columns.find(", ", at + 4)) {
    columns.replace(at, 2, ", d.");
  }
  auto rows = db.Query("SELECT " + columns +
                           " FROM deliveries d JOIN posts p ON p.id = d.post_id "
                           "WHERE p.organization_id = $1 AND d.state = 'failed' "
                           "ORDER BY d.updated_at DESC, d.id DESC",
                       {org.value()});
  if (!rows) return rows.error();
  std::vector<Delivery> out;
  for (const Row& row : *rows) out.push_back(DeliveryFromRow(row));
  return out;
}

}  // namespace civicpost::store
