#include "store/record_json.hpp"

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"

namespace civicpost::store {
namespace {

using nlohmann::json;

json Time(const std::optional<Timestamp>& t) { return t ? json(FormatIsoUtc(*t)) : json(nullptr); }

}  // namespace

std::string ToJson(const Organization& org) {
  return json{
      {"id", org.id.value()}, {"slug", org.slug}, {"name", org.name}, {"website", org.website}}
      .dump();
}

std::string ToJson(const User& user) {
  json roles = json::array();
  for (Role r : user.roles) roles.push_back(kRoleNames.Name(r));
  return json{{"id", user.id.value()},    {"organization_id", user.organization_id.value()},
              {"email", user.email},      {"display_name", user.display_name},
              {"roles", roles},           {"disabled", user.disabled},
              {"language", user.language}}
      .dump();
}

std::string ToJson(const Channel& channel) {
  return json{{"id", channel.id.value()},
              {"organization_id", channel.organization_id.value()},
              {"key", channel.key},
              {"platform", kChannelPlatformNames.Name(channel.platform)},
              {"name", channel.name},
              {"handle", channel.handle},
              {"url", channel.url},
              {"status", kChannelStatusNames.Name(channel.status)},
              {"status_reason", channel.status_reason}}
      .dump();
}

std::string ToJson(const ChannelConnection& c) {
  return json{{"account_id", c.account_id},
              {"account_name", c.account_name},
              {"api_base_url", c.api_base_url},
              {"connected", !c.token_sealed.empty()},
              {"token_expires_at", Time(c.token_expires_at)},
              {"token_refreshed_at", Time(c.token_refreshed_at)}}
      .dump();
}

std::string ToJson(const Post& post) {
  json media = json::array();
  for (const PostMedia& m : post.media) {
    media.push_back({{"media_id", m.media_id.value()}, {"alt_text", m.alt_text}});
  }
  json event = nullptr;
  if (post.event) {
    event = {{"title", post.event->title},
             {"starts_at", FormatIsoUtc(post.event->starts_at)},
             {"ends_at", Time(post.event->ends_at)},
             {"place", post.event->place}};
  }
  return json{{"id", post.id.value()},
              {"organization_id", post.organization_id.value()},
              {"kind", kPostKindNames.Name(post.kind)},
              {"state", kPostStateNames.Name(post.state)},
              {"topic", post.topic},
              {"caption", post.caption},
              {"media", media},
              {"event", event},
              {"scheduled_at", Time(post.scheduled_at)},
              {"published_at", Time(post.published_at)}}
      .dump();
}

std::string ToJson(const Delivery& d) {
  return json{{"id", d.id.value()},
              {"post_id", d.post_id.value()},
              {"channel_id", d.channel_id.value()},
              {"state", kDeliveryStateNames.Name(d.state)},
              {"remote_id", d.remote_id},
              {"permalink", d.permalink},
              {"attempts", d.attempts},
              {"last_error", d.last_error},
              {"error_key", d.error_key}}
      .dump();
}

std::string ToJson(const Media& m) {
  return json{{"id", m.id.value()},
              {"organization_id", m.organization_id.value()},
              {"sha256", m.sha256},
              {"content_type", m.content_type},
              {"byte_size", m.byte_size},
              {"width", m.width},
              {"height", m.height},
              {"original_name", m.original_name},
              {"has_location", m.has_location},
              {"focal_x", m.focal_x},
              {"focal_y", m.focal_y}}
      .dump();
}

namespace {
json Day(const std::optional<Date>& d) { return d ? json(FormatIsoDate(*d)) : json(nullptr); }
}  // namespace

std::string ToJson(const MediaRights& r) {
  return json{{"media_id", r.media_id.value()},
              {"source", kMediaSourceNames.Name(r.source)},
              {"author", r.author},
              {"copyright_notice", r.copyright_notice},
              {"licence", r.licence},
              {"licence_url", r.licence_url},
              {"source_url", r.source_url},
              {"title", r.title},
              {"attribution_required", r.attribution_required},
              {"attribution", r.attribution},
              {"licensed_until", Day(r.licensed_until)},
              {"people_recognisable", r.people_recognisable},
              {"sensitive_setting", kSensitiveSettingNames.Name(r.sensitive_setting)},
              {"legal_review", r.legal_review}}
      .dump();
}

// The person's name is in the ledger row itself; the audit log keeps the
// facts of the consent, so erasing a person later leaves no copy behind here.
std::string ToJson(const MediaPerson& p) {
  return json{{"id", p.id},
              {"media_id", p.media_id.value()},
              {"basis", kPersonBasisNames.Name(p.basis)},
              {"channels", p.channels},
              {"purpose", p.purpose},
              {"given_on", Day(p.given_on)},
              {"expires_on", Day(p.expires_on)},
              {"minor", p.minor},
              {"guardians_custodial", p.guardians_custodial},
              {"guardians_consented", p.guardians_consented},
              {"own_consent", p.own_consent},
              {"form_location", p.form_location},
              {"withdrawn_at", Time(p.withdrawn_at)}}
      .dump();
}

std::string ToJson(const Takedown& t) {
  return json{{"id", t.id},
              {"post_id", t.post_id.value()},
              {"media_id", t.media_id.value()},
              {"person_id", t.person_id},
              {"reason", kTakedownReasonNames.Name(t.reason)},
              {"requested_at", FormatIsoUtc(t.requested_at)},
              {"done_at", Time(t.done_at)}}
      .dump();
}

std::string ToJson(const Comment& c) {
  // Never the text or the author: the audit log keeps everything for ever,
  // and citizens' words must stay where retention periods reach them.
  return json{{"id", c.id.value()},
              {"channel_id", c.channel_id.value()},
              {"post_id", c.post_id ? json(c.post_id->value()) : json(nullptr)},
              {"remote_id", c.remote_id},
              {"state", kCommentStateNames.Name(c.state)}}
      .dump();
}

std::string ToJson(const Decision& d) {
  return json{{"id", d.id.value()},
              {"comment_id", d.comment_id.value()},
              {"category", d.category},
              {"score", d.score},
              {"action", kModerationActionNames.Name(d.action)},
              {"clause_id", d.clause_id},
              {"decided_by", d.decided_by ? json(d.decided_by->value()) : json(nullptr)},
              {"reason", d.reason},
              {"legal_ground", d.legal_ground},
              {"critical", d.critical},
              {"needs_second", d.needs_second},
              {"refers_to", d.refers_to ? json(d.refers_to->value()) : json(nullptr)}}
      .dump();
}

std::string ToJson(const Evidence& e) {
  return json{{"id", e.id.value()},
              {"comment_id", e.comment_id.value()},
              {"sha256", e.sha256},
              {"hash", e.hash}}
      .dump();
}

std::string ToJson(const Job& j) {
  return json{{"id", j.id.value()},
              {"kind", j.kind},
              {"state", kJobStateNames.Name(j.state)},
              {"run_at", FormatIsoUtc(j.run_at)},
              {"attempts", j.attempts},
              {"last_error", j.last_error}}
      .dump();
}

}  // namespace civicpost::store
