#include "store/channel_store.hpp"

#include "store/record_json.hpp"
#include "store/row_codec.hpp"

namespace civicpost::store {
namespace {

constexpr std::string_view kChannelColumns =
    "id, organization_id, key, platform, name, handle, url, status, created_at, status_reason";
constexpr std::string_view kMediaColumns =
    "id, organization_id, sha256, content_type, byte_size, width, height, original_name, "
    "storage_path, created_at, captured_at, has_location, metadata_json, focal_x, focal_y";

Channel ChannelFromRow(const Row& row) {
  Channel c;
  c.id = ChannelId(row.Int(0));
  c.organization_id = OrganizationId(row.Int(1));
  c.key = row.Text(2);
  c.platform = EnumAt(kChannelPlatformNames, row, 3, ChannelPlatform::kWebsite);
  c.name = row.Text(4);
  c.handle = row.Text(5);
  c.url = row.Text(6);
  c.status = EnumAt(kChannelStatusNames, row, 7, ChannelStatus::kDisabled);
  c.created_at = TimeAt(row, 8);
  c.status_reason = row.Text(9);
  return c;
}

Media MediaFromRow(const Row& row) {
  Media m;
  m.id = MediaId(row.Int(0));
  m.organization_id = OrganizationId(row.Int(1));
  m.sha256 = row.Text(2);
  m.content_type = row.Text(3);
  m.byte_size = row.Int(4);
  m.width = static_cast<int>(row.Int(5));
  m.height = static_cast<int>(row.Int(6));
  m.original_name = row.Text(7);
  m.storage_path = row.Text(8);
  m.created_at = TimeAt(row, 9);
  m.captured_at = OptionalTimeAt(row, 10);
  m.has_location = row.Int(11) != 0;
  m.metadata_json = row.Text(12);
  m.focal_x = row.Real(13);
  m.focal_y = row.Real(14);
  return m;
}

}  // namespace

Result<ChannelId> ChannelStore::Create(Transaction& tx, const Actor& actor, Channel channel) {
  auto existing = tx.Query("SELECT id FROM channels WHERE organization_id = $1 AND key = $2",
                           {channel.organization_id.value(), channel.key});
  if (!existing) return existing.error();
  if (!existing->empty()) return Conflict("the channel '" + channel.key + "' exists already");
  channel.created_at = clock_.Now();
  auto id = ReturnedId(
      tx.Query("INSERT INTO channels (organization_id, key, platform, name, handle, url, status, "
               "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               {channel.organization_id.value(), channel.key,
                EnumValue(kChannelPlatformNames, channel.platform), channel.name, channel.handle,
                channel.url, EnumValue(kChannelStatusNames, channel.status),
                TimeValue(channel.created_at)}));
  if (!id) return id.error();
  channel.id = ChannelId(*id);
  Status s = audit_.Append(
      tx, actor, {"channel.create", "channel", channel.id.ToString(), "", ToJson(channel)});
  if (!s.ok()) return s.error();
  return channel.id;
}

Result<std::vector<Channel>> ChannelStore::ListByOrganization(SqlSession& db, OrganizationId org) {
  auto rows = db.Query("SELECT " + std::string(kChannelColumns) +
                           " FROM channels WHERE organization_id = $1 ORDER BY id",
                       {org.value()});
  if (!rows) return rows.error();
  std::vector<Channel> out;
  for (const Row& row : *rows) out.push_back(ChannelFromRow(row));
  return out;
}

Result<Channel> ChannelStore::Get(SqlSession& db, ChannelId id) {
  auto rows = db.Query("SELECT " + std::string(kChannelColumns) + " FROM channels WHERE id = $1",
                       {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no channel with id " + id.ToString());
  return ChannelFromRow((*rows)[0]);
}

Status ChannelStore::UpdateStatus(Transaction& tx, const Actor& actor, ChannelId id,
                                  ChannelStatus status, const std::string& reason) {
  auto before = Get(tx, id);
  if (!before) return before.error();
  Channel after = *before;
  after.status = status;
  after.status_reason = status == ChannelStatus::kActive ? "" : reason;
  if (after.status == before->status && after.status_reason == before->status_reason) {
    return Status::Ok();
  }
  auto changed = tx.Execute("UPDATE channels SET status = $1, status_reason = $2 WHERE id = $3",
                            {EnumValue(kChannelStatusNames, status), after.status_reason,
                             id.value()});
  if (!changed) return changed.error();
  return audit_.Append(tx, actor,
                       {"channel.status", "channel", id.ToString(), ToJson(*before),
                        ToJson(after)});
}

Result<std::optional<Channel>> ChannelStore::FindByAccount(SqlSession& db,
                                                          ChannelPlatform platform,
                                                          std::string_view account_id) {
  auto rows = db.Query("SELECT " + std::string(kChannelColumns) +
                           " FROM channels WHERE platform = $1 AND account_id = $2 ORDER BY id "
                           "LIMIT 1",
                       {EnumValue(kChannelPlatformNames, platform), std::string(account_id)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow((*rows)[0]));
}

Result<ChannelConnection> ChannelStore::GetConnection(SqlSession& db, ChannelId id) {
  auto rows = db.Query(
      "SELECT account_id, api_base_url, token_sealed, token_expires_at, token_refreshed_at, "
      "account_name FROM channels WHERE id = $1",
      {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no channel with id " + id.ToString());
  const Row& row = (*rows)[0];
  ChannelConnection c;
  c.account_id = row.Text(0);
  c.api_base_url = row.Text(1);
  c.token_sealed = row.Text(2);
  c.token_expires_at = OptionalTimeAt(row, 3);
  c.token_refreshed_at = OptionalTimeAt(row, 4);
  c.account_name = row.Text(5);
  return c;
}

Status ChannelStore::SaveConnection(Transaction& tx, const Actor& actor, ChannelId id,
                                    const ChannelConnection& connection) {
  auto changed = tx.Execute(
      "UPDATE channels SET account_id = $1, api_base_url = $2, token_sealed = $3, "
      "token_expires_at = $4, token_refreshed_at = $5, account_name = $6 WHERE id = $7",
      {connection.account_id, connection.api_base_url, connection.token_sealed,
       TimeValue(connection.token_expires_at), TimeValue(connection.token_refreshed_at),
       connection.account_name, id.value()});
  if (!changed) return changed.error();
  if (*changed == 0) return NotFound("no channel with id " + id.ToString());
  // Never the token, not even sealed: the audit log is read by people.
  const std::string after = ToJson(connection);
  return audit_.Append(tx, actor, {"channel.connection", "channel", id.ToString(), "", after});
}

Status ChannelStore::Connect(Transaction& tx, const Actor& actor, ChannelId id,
                             const ChannelConnection& connection) {
  if (Status s = SaveConnection(tx, actor, id, connection); !s.ok()) return s;
  return UpdateStatus(tx, actor, id, ChannelStatus::kActive);
}

Result<MediaId> MediaStore::Create(Transaction& tx, const Actor& actor, Media media) {
  auto existing = FindBySha256(tx, media.organization_id, media.sha256);
  if (!existing) return existing.error();
  if (*existing) {
    return Conflict("this file was uploaded before (media " + (*existing)->id.ToString() + ", " +
                    (*existing)->original_name + ")");
  }
  media.created_at = clock_.Now();
  auto id = ReturnedId(tx.Query(
      "INSERT INTO media (organization_id, sha256, content_type, byte_size, width, height, "
      "original_name, storage_path, created_at, captured_at, has_location, metadata_json, "
      "focal_x, focal_y) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
      "RETURNING id",
      {media.organization_id.value(), media.sha256, media.content_type, media.byte_size,
       int64_t{media.width}, int64_t{media.height}, media.original_name, media.storage_path,
       TimeValue(media.created_at), TimeValue(media.captured_at),
       int64_t{media.has_location ? 1 : 0}, media.metadata_json, media.focal_x, media.focal_y}));
  if (!id) return id.error();
  media.id = MediaId(*id);
  Status s =
      audit_.Append(tx, actor, {"media.create", "media", media.id.ToString(), "", ToJson(media)});
  if (!s.ok()) return s.error();
  return media.id;
}

Status MediaStore::SetFocalPoint(Transaction& tx, const Actor& actor, MediaId id, double x,
                                 double y) {
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
    return InvalidArgument("the focal point must lie inside the image (0 to 1)");
  }
  auto before = Get(tx, id);
  if (!before) return before.error();
  Media after = *before;
  after.focal_x = x;
  after.focal_y = y;
  auto changed =
      tx.Execute("UPDATE media SET focal_x = $1, focal_y = $2 WHERE id = $3", {x, y, id.value()});
  if (!changed) return changed.error();
  return audit_.Append(
      tx, actor, {"media.focal_point", "media", id.ToString(), ToJson(*before), ToJson(after)});
}

Result<Media> MediaStore::Get(SqlSession& db, MediaId id) {
  auto rows =
      db.Query("SELECT " + std::string(kMediaColumns) + " FROM media WHERE id = $1", {id.value()});
  if (!rows) return rows.error();
  if (rows->empty()) return NotFound("no media with id " + id.ToString());
  return MediaFromRow((*rows)[0]);
}

Result<std::optional<Media>> MediaStore::FindBySha256(SqlSession& db, OrganizationId org,
                                                      std::string_view sha256) {
  auto rows = db.Query("SELECT " + std::string(kMediaColumns) +
                           " FROM media WHERE organization_id = $1 AND sha256 = $2",
                       {org.value(), std::string(sha256)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Media>();
  return std::optional<Media>(MediaFromRow((*rows)[0]));
}

Result<std::vector<Media>> MediaStore::ListByOrganization(SqlSession& db, OrganizationId org) {
  auto rows = db.Query("SELECT " + std::string(kMediaColumns) +
                           " FROM media WHERE organization_id = $1 ORDER BY original_name, id",
                       {org.value()});
  if (!rows) return rows.error();
  std::vector<Media> out;
  for (const Row& row : *rows) out.push_back(MediaFromRow(row));
  return out;
}

}  // namespace civicpost::store
