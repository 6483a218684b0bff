// The staff app's channel page (/app/channels): how each channel is
// connected, whether it works, and when it is not, what to do, with a
// notice ready to send to whoever connects channels.
#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {

Response StaffApp::Channels(const Request&, const StaffContext& ctx) {
  auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (!channels) return Failure(ctx, channels.error());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  std::string admins;
  for (const User& user : *users) {
    if (user.Has(Role::kAdmin) && !user.disabled)
      admins += (admins.empty() ? "" : ",") + user.email;
  }
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  TemplateList rows;
  for (const Channel& channel : *channels) {
    TemplateData row;
    row.set("label", ChannelLabel(channel, catalogue_, ctx.lang));
    row.set("key", channel.key);
    row.set("state",
            T(ctx, "channels.state_" + std::string(kChannelStatusNames.Name(channel.status))));
    row.set("active", channel.status == ChannelStatus::kActive);
    if (!channel.status_reason.empty()) row.set("reason", T(ctx, channel.status_reason));
    if (channel.platform == ChannelPlatform::kInstagram) {
      auto connection = repos_.channels.GetConnection(db_, channel.id);
      if (!connection) return Failure(ctx, connection.error());
      row.set("instagram", true);
      row.set("connected", !connection->token_sealed.empty());
      if (!connection->account_id.empty()) row.set("account", connection->account_id);
      if (!connection->api_base_url.empty()) row.set("api", connection->api_base_url);
      row.set("sandbox", connection->api_base_url.starts_with("http://"));
      if (connection->token_expires_at) {
        row.set("expires",
                DateTimeText(zone.ToLocal(*connection->token_expires_at), catalogue_, ctx.lang));
      }
      if (connection->token_refreshed_at) {
        row.set("renewed",
                DateTimeText(zone.ToLocal(*connection->token_refreshed_at), catalogue_, ctx.lang));
      }
      if (channel.status == ChannelStatus::kNeedsReconnect || connection->token_sealed.empty()) {
        row.set("command", "civicpost channel connect " + channel.key + " --account-id " +
                               (connection->account_id.empty() ? "<ID>" : connection->account_id) +
                               " --token-file <DATEI>");
        const std::string subject =
            catalogue_.Format(ctx.lang, "channels.notice_subject",
                              {{"channel", channel.name}, {"authority", ctx.org.name}});
        const std::string body = catalogue_.Format(
            ctx.lang, "channels.notice_body",
            {{"channel", channel.name},
             {"authority", ctx.org.name},
             {"reason", channel.status_reason.empty() ? T(ctx, "publish.not_connected")
                                                      : T(ctx, channel.status_reason)},
             {"command", "civicpost channel connect " + channel.key + " --account-id " +
                             (connection->account_id.empty() ? "<ID>" : connection->account_id) +
                             " --token-file <DATEI>"}});
        row.set("notice", body);
        // RFC 6068: subject and body percent-encoded like a form value.
        row.set("mailto", "mailto:" + admins +
                              "?subject=" + channels::instagram::FormEscape(subject) +
                              "&body=" + channels::instagram::FormEscape(body));
      }
    }
    rows.push_back(row);
  }
  TemplateData data;
  data.set("channels", rows);
  return Render(ctx, "staff_channels", data, T(ctx, "channels.title"));
}

}  // namespace civicpost::web
