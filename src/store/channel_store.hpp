#pragma once
// Channels an authority publishes to, and the media it has uploaded.

#include <optional>
#include <vector>

#include "core/media.hpp"
#include "core/organization.hpp"
#include "store/audit_log.hpp"

namespace civicpost::store {

class ChannelStore {
 public:
  ChannelStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // kConflict when the authority already has a channel with that key.
  Result<ChannelId> Create(Transaction& tx, const Actor& actor, Channel channel);
  Result<std::vector<Channel>> ListByOrganization(SqlSession& db, OrganizationId org);
  Result<Channel> Get(SqlSession& db, ChannelId id);
  // `reason` is a catalogue key saying why a person is needed; cleared when
  // the channel is active again. Audited when something changes.
  Status UpdateStatus(Transaction& tx, const Actor& actor, ChannelId id, ChannelStatus status,
                      const std::string& reason = "");
  Result<ChannelConnection> GetConnection(SqlSession& db, ChannelId id);
  // The channel connected to this account (a webhook names only the account).
  Result<std::optional<Channel>> FindByAccount(SqlSession& db, ChannelPlatform platform,
                                               std::string_view account_id);
  // Audited with the account and the token's dates, never the token.
  Status SaveConnection(Transaction& tx, const Actor& actor, ChannelId id,
                        const ChannelConnection& connection);
  // A new connection (a person signed in, or gave a token): saved, and the
  // channel active again.
  Status Connect(Transaction& tx, const Actor& actor, ChannelId id,
                 const ChannelConnection& connection);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

class MediaStore {
 public:
  MediaStore(AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // kConflict when the authority already has media with the same SHA-256.
  Result<MediaId> Create(Transaction& tx, const Actor& actor, Media media);
  Result<Media> Get(SqlSession& db, MediaId id);
  // Fractions of width and height, each 0..1.
  Status SetFocalPoint(Transaction& tx, const Actor& actor, MediaId id, double x, double y);
  Result<std::optional<Media>> FindBySha256(SqlSession& db, OrganizationId org,
                                            std::string_view sha256);
  // The authority's media library, by file name.
  Result<std::vector<Media>> ListByOrganization(SqlSession& db, OrganizationId org);

 private:
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace civicpost::store
