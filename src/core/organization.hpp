#pragma once
// An authority hosted by civicpost (e.g. "Stadt Sassenberg"), with the people
// who work on its account and the channels it publishes to.

#include <optional>
#include <set>
#include <string>

#include "core/clock.hpp"
#include "core/enum_table.hpp"
#include "core/ids.hpp"

namespace civicpost {

struct Organization {
  OrganizationId id;
  std::string slug;  // URL segment of its public pages: /sassenberg/
  std::string name;
  std::string website;
  Timestamp created_at;
};

// Roles come from the usage concept's responsibilities.
enum class Role { kEditor, kApprover, kModerator, kDpo, kAdmin };
inline constexpr EnumTable<Role, 5> kRoleNames{{{
    {Role::kEditor, "editor"},
    {Role::kApprover, "approver"},
    {Role::kModerator, "moderator"},
    {Role::kDpo, "dpo"},
    {Role::kAdmin, "admin"},
}}};

struct User {
  UserId id;
  OrganizationId organization_id;
  std::string email;  // login name, stored lower-case
  std::string display_name;
  std::string password_hash;  // argon2id, libsodium's crypto_pwhash_str format
  std::set<Role> roles;
  bool disabled = false;
  Timestamp created_at;
  std::string language = "de";  // of the staff app: "de" or "en"

  bool Has(Role role) const { return roles.contains(role); }
};

enum class ChannelPlatform { kInstagram, kWebsite, kMastodon };
inline constexpr EnumTable<ChannelPlatform, 3> kChannelPlatformNames{{{
    {ChannelPlatform::kInstagram, "instagram"},
    {ChannelPlatform::kWebsite, "website"},
    {ChannelPlatform::kMastodon, "mastodon"},
}}};

// How a platform is called on pages and in documents: "Instagram".
inline std::string PlatformName(ChannelPlatform platform) {
  switch (platform) {
    case ChannelPlatform::kInstagram:
      return "Instagram";
    case ChannelPlatform::kMastodon:
      return "Mastodon";
    case ChannelPlatform::kWebsite:
      return "Website";
  }
  return "";
}

enum class ChannelStatus { kActive, kNeedsReconnect, kDisabled };
inline constexpr EnumTable<ChannelStatus, 3> kChannelStatusNames{{{
    {ChannelStatus::kActive, "active"},
    {ChannelStatus::kNeedsReconnect, "needs_reconnect"},
    {ChannelStatus::kDisabled, "disabled"},
}}};

// A place the authority publishes to; `key` is the channel id in the concept.
struct Channel {
  ChannelId id;
  OrganizationId organization_id;
  std::string key;
  ChannelPlatform platform = ChannelPlatform::kWebsite;
  std::string name;
  std::string handle;
  std::string url;
  ChannelStatus status = ChannelStatus::kActive;
  Timestamp created_at;
  std::string status_reason{};  // a catalogue key when the channel needs a person
};

// How civicpost reaches a channel's account. Kept apart from Channel so the
// token never reaches a listing, a page or the audit log; sealed at rest.
struct ChannelConnection {
  std::string account_id{};    // the IG professional account id, say
  std::string account_name{};  // its username, "stadt.sassenberg"
  std::string api_base_url{};  // "https://graph.instagram.com" or a sandbox
  std::string token_sealed{};  // core::SecretBox output; empty when not connected
  std::optional<Timestamp> token_expires_at{};
  std::optional<Timestamp> token_refreshed_at{};
};

}  // namespace civicpost
