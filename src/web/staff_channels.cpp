// The staff app's channel page (/app/channels): how each channel is
// connected, whether it works, and when it is not, what to do: sign in to
// the platform again (an administrator), or a notice ready to send to one.
#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "core/percent_encoding.hpp"
#include "web/session_cookie.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

// A sign-in left half-way is forgotten after this long (Meta's codes live an hour).
constexpr auto kLoginLifetime = std::chrono::minutes(30);

std::string ConnectCommand(const Channel& channel, const ChannelConnection& connection) {
  return "civicpost channel connect " + channel.key + " --account-id " +
         (connection.account_id.empty() ? "<ID>" : connection.account_id) + " --token-file <DATEI>";
}

}  // namespace

void StaffApp::EnableInstagramLogin(InstagramLoginSetup setup) {
  instagram_login_ = std::move(setup);
}

Response StaffApp::Channels(const Request& request, const StaffContext& ctx) {
  auto connected = request.query_params.find("connected");
  return ChannelsPage(ctx, "", 200,
                      connected == request.query_params.end() ? "" : connected->second,
                      request.query_params.contains("polling"));
}

Response StaffApp::ChannelsPage(const StaffContext& ctx, const std::string& error, int status,
                                const std::string& connected, bool polling) {
  auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (!channels) return Failure(ctx, channels.error());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  std::string admins;
  for (const User& user : *users) {
    if (user.Has(Role::kAdmin) && !user.disabled)
      admins += (admins.empty() ? "" : ",") + user.email;
  }
  const bool can_sign_in = instagram_login_ && instagram_login_->login.configured();
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  TemplateList rows;
  std::string notice;
  for (const Channel& channel : *channels) {
    // Only a channel of this authority: a crafted link cannot make one up.
    if (channel.key == connected) {
      notice = catalogue_.Format(ctx.lang, "channels.connected",
                                 {{"channel", ChannelLabel(channel, catalogue_, ctx.lang)}});
      if (polling) notice += " " + T(ctx, "channels.polling");
    }
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
      if (!connection->account_name.empty()) row.set("account_name", connection->account_name);
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
      const bool needs_person =
          channel.status == ChannelStatus::kNeedsReconnect || connection->token_sealed.empty();
      if (can_sign_in && ctx.user.Has(Role::kAdmin) && channel.status != ChannelStatus::kDisabled) {
        row.set("sign_in", true);
      }
      if (needs_person) {
        const std::string command = ConnectCommand(channel, *connection);
        if (!can_sign_in) row.set("command", command);
        const std::string how =
            can_sign_in
                ? catalogue_.Format(ctx.lang, "channels.notice_sign_in",
                                    {{"url", instagram_login_->public_url + "/app/channels"}})
                : catalogue_.Format(ctx.lang, "channels.notice_command", {{"command", command}});
        const std::string subject =
            catalogue_.Format(ctx.lang, "channels.notice_subject",
                              {{"channel", channel.name}, {"authority", ctx.org.name}});
        const std::string body = catalogue_.Format(
            ctx.lang, "channels.notice_body",
            {{"channel", channel.name},
             {"authority", ctx.org.name},
             {"reason", channel.status_reason.empty() ? T(ctx, "publish.not_connected")
                                                      : T(ctx, channel.status_reason)},
             {"how", how}});
        row.set("mail_notice", body);
        // RFC 6068: subject and body percent-encoded like a form value.
        row.set("mailto", "mailto:" + admins + "?subject=" + PercentEncode(subject) +
                              "&body=" + PercentEncode(body));
      }
    }
    rows.push_back(row);
  }
  TemplateData data;
  data.set("channels", rows);
  if (!notice.empty()) data.set("notice", notice);
  if (!error.empty()) data.set("error", error);
  return Render(ctx, "staff_channels", data, T(ctx, "channels.title"), status);
}

Response StaffApp::ConnectChannel(const Request& request, const StaffContext& ctx) {
  auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (!channels) return Failure(ctx, channels.error());
  const std::string& key = request.path_params.at("key");
  auto channel = std::find_if(channels->begin(), channels->end(),
                              [&](const Channel& c) { return c.key == key; });
  if (channel == channels->end()) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  if (channel->platform != ChannelPlatform::kInstagram) {
    return ChannelsPage(ctx, T(ctx, "channels.no_sign_in_needed"), 422);
  }
  if (channel->status == ChannelStatus::kDisabled) {
    return ChannelsPage(ctx, T(ctx, "channels.sign_in_disabled"), 422);
  }
  if (!instagram_login_ || !instagram_login_->login.configured()) {
    return ChannelsPage(ctx, T(ctx, "channels.sign_in_not_configured"), 422);
  }
  const std::string state = NewToken();
  {
    std::lock_guard lock(logins_mu_);
    const Timestamp now = clock_.Now();
    std::erase_if(pending_logins_,
                  [&](const auto& entry) { return now - entry.second.started > kLoginLifetime; });
    pending_logins_[state] = PendingLogin{ctx.user.id, channel->id, now};
  }
  return Redirect(channels::instagram::AuthorizeUrl(instagram_login_->login,
                                                    instagram_login_->redirect_uri(), state));
}

Response StaffApp::InstagramCallback(const Request& request, const StaffContext& ctx) {
  const auto param = [&](const char* name) {
    auto it = request.query_params.find(name);
    return it == request.query_params.end() ? std::string() : it->second;
  };
  std::optional<PendingLogin> pending;
  {
    std::lock_guard lock(logins_mu_);
    auto it = pending_logins_.find(param("state"));
    if (it != pending_logins_.end()) {
      // A state works once, for the person who started the sign-in.
      if (it->second.user == ctx.user.id && clock_.Now() - it->second.started <= kLoginLifetime) {
        pending = it->second;
      }
      pending_logins_.erase(it);
    }
  }
  if (!pending || !instagram_login_) {
    return ChannelsPage(ctx, T(ctx, "channels.sign_in_stale"), 400);
  }
  auto channel = repos_.channels.Get(db_, pending->channel);
  if (!channel) return Failure(ctx, channel.error());
  if (channel->organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  if (!param("error").empty()) {
    return ChannelsPage(ctx, T(ctx, "channels.sign_in_denied"), 400);
  }
  if (channel->status == ChannelStatus::kDisabled) {
    return ChannelsPage(ctx, T(ctx, "channels.sign_in_disabled"), 422);
  }
  auto linked = channels::instagram::CompleteLogin(*instagram_login_->http, instagram_login_->login,
                                                   instagram_login_->redirect_uri(), param("code"));
  if (auto* failed = std::get_if<channels::instagram::GraphError>(&linked)) {
    spdlog::warn("connecting channel '{}' by sign-in failed: {}", channel->key, failed->message);
    return ChannelsPage(
        ctx, T(ctx, "channels.sign_in_failed") + " " + T(ctx, "graph." + failed->staff_key), 502);
  }
  const auto& account = std::get<channels::instagram::LinkedAccount>(linked);
  ChannelConnection connection;
  connection.account_id = account.user_id;
  connection.account_name = account.username;
  connection.api_base_url = instagram_login_->login.api_base_url;
  connection.token_sealed = instagram_login_->secrets->Seal(account.access_token);
  connection.token_refreshed_at = clock_.Now();
  if (account.expires_in.count() > 0) {
    connection.token_expires_at = clock_.Now() + account.expires_in;
  }
  std::string refusal;
  Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    auto current = repos_.channels.GetConnection(tx, channel->id);
    if (!current) return current.error();
    // Signing in renews the channel's own account. Moving a channel to
    // another account is deliberate work for the command line, not what a
    // browser still signed in to someone's private account should do.
    if (!current->account_id.empty() && current->account_id != account.user_id) {
      refusal = catalogue_.Format(
          ctx.lang, "channels.sign_in_other_account",
          {{"account", "@" + account.username},
           {"expected",
            current->account_name.empty() ? current->account_id : "@" + current->account_name}});
      return Status::Ok();
    }
    auto holder = repos_.channels.FindByAccount(tx, ChannelPlatform::kInstagram, account.user_id);
    if (!holder) return holder.error();
    if (*holder && (*holder)->id != channel->id) {
      refusal = catalogue_.Format(ctx.lang, "channels.sign_in_account_taken",
                                  {{"account", "@" + account.username},
                                   {"channel", ChannelLabel(**holder, catalogue_, ctx.lang)}});
      return Status::Ok();
    }
    return repos_.channels.Connect(tx, Actor::ForUser(ctx.user.id, ctx.user.email), channel->id,
                                   connection);
  });
  if (!saved.ok()) return Failure(ctx, saved.error());
  if (!refusal.empty()) return ChannelsPage(ctx, refusal, 409);
  if (!account.comments_subscribed) {
    spdlog::warn("channel '{}': comment webhooks not switched on ({}); comments are polled",
                 channel->key, account.subscribe_error);
  }
  return Redirect("/app/channels?connected=" + PercentEncode(channel->key) +
                  (account.comments_subscribed ? "" : "&polling=1"));
}

}  // namespace civicpost::web
