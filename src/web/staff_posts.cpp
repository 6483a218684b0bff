// Posts: the list, a post's page with its workflow actions and history, and
// the library's images.
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/time_zone.hpp"
#include "publish/post_diff.hpp"
#include "web/form.hpp"
#include "web/media_file.hpp"
#include "web/staff_app.hpp"
#include "web/staff_composer.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {

Response StaffApp::PostList(const Request& request, const StaffContext& ctx) {
  auto posts = repos_.posts.ListByOrganization(db_, ctx.org.id);
  if (!posts) return Failure(ctx, posts.error());
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  // Compared by name: an unknown or empty name lists every post.
  auto state_filter = request.query_params.find("state");
  const std::string wanted =
      state_filter == request.query_params.end() ? std::string() : state_filter->second;
  const bool filtered = kPostStateNames.Parse(wanted).has_value();
  std::sort(posts->begin(), posts->end(),
            [](const Post& a, const Post& b) { return a.updated_at > b.updated_at; });
  TemplateList rows;
  for (const Post& post : *posts) {
    if (filtered && kPostStateNames.Name(post.state) != wanted) continue;
    rows.push_back(PostSummary(post, ctx.usage_concept(), zone, catalogue_, ctx.lang));
  }
  TemplateList filters;
  for (const auto& entry : kPostStateNames.entries) {
    const std::string_view name = entry.second;
    TemplateData option;
    option.set("value", std::string(name));
    option.set("label", T(ctx, "state." + std::string(name)));
    option.set("selected", name == wanted);
    filters.push_back(option);
  }
  TemplateData data;
  data.set("posts", rows);
  data.set("has_posts", !rows.empty());
  data.set("states", filters);
  data.set("can_create", ctx.user.Has(Role::kEditor));
  return Render(ctx, "staff_posts", data, T(ctx, "posts.title"));
}

Response StaffApp::ShowPost(const Request& request, const StaffContext& ctx) {
  auto id = PostIdOf(request);
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto record = workflow_.Load(*id);
  if (!record || record->post.organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  const Post& post = record->post;
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  auto user_name = [&](std::optional<UserId> who) -> std::string {
    for (const User& u : *users) {
      if (who && u.id == *who) return u.display_name;
    }
    return T(ctx, "history.unknown_person");
  };

  TemplateData data = PostSummary(post, ctx.usage_concept(), zone, catalogue_, ctx.lang);
  data.set("caption", post.caption);
  auto published_caption = workflow_.PublishedCaption(*record);
  if (!published_caption) return Failure(ctx, published_caption.error());
  if (published_caption->size() > post.caption.size()) {
    data.set("credits", published_caption->substr(post.caption.size() + 2));
  }
  TemplateList media;
  for (size_t i = 0; i < post.media.size(); ++i) {
    TemplateData item;
    auto file = repos_.media.Get(db_, post.media[i].media_id);
    item.set("position", std::to_string(i + 1));
    item.set("media_id", post.media[i].media_id.ToString());
    item.set("name", file ? file->original_name : post.media[i].media_id.ToString());
    item.set("alt_text", post.media[i].alt_text);
    item.set("alt_missing", post.media[i].alt_text.empty());
    media.push_back(item);
  }
  data.set("media", media);
  TemplateList channel_names;
  for (const std::string& key : record->channel_keys) {
    const usage::Channel* channel = ctx.usage_concept().FindChannel(key);
    channel_names.push_back(
        channel ? catalogue_.Text(ctx.lang, "platform." + std::string(kChannelPlatformNames.Name(
                                                              channel->platform))) +
                      ": " + channel->name
                : key);
  }
  data.set("channel_names", channel_names);
  if (post.event) {
    TemplateData event;
    event.set("title", post.event->title);
    event.set("starts", DateTimeText(zone.ToLocal(post.event->starts_at), catalogue_, ctx.lang));
    if (post.event->ends_at)
      event.set("ends", DateTimeText(zone.ToLocal(*post.event->ends_at), catalogue_, ctx.lang));
    event.set("place", post.event->place);
    data.set("event", event);
  }
  if (!post.review_note.empty()) data.set("review_note", post.review_note);
  if (post.approved_by) data.set("approved_by", user_name(post.approved_by));

  // The checks, shown while the post can still change.
  const bool open = post.state == PostState::kDraft || post.state == PostState::kInReview;
  TemplateList problems;
  if (open) {
    auto checked = workflow_.Check(*record, ctx.usage_concept());
    if (!checked) return Failure(ctx, checked.error());
    for (const publish::Problem& p : *checked) {
      problems.push_back(ProblemText(p, catalogue_, ctx.lang));
    }
  }
  data.set("problems", problems);
  data.set("has_problems", !problems.empty());
  data.set("checks_passed", open && problems.empty());

  // The actions this person may take now.
  const bool editor = ctx.user.Has(Role::kEditor);
  const bool approver = ctx.user.Has(Role::kApprover);
  const bool author = publish::Workflow::IsAuthor(*record, ctx.user.id);
  const std::string base = "/app/posts/" + id->ToString();
  data.set("base_url", base);
  data.set("can_edit",
           editor && post.state != PostState::kPublished && post.state != PostState::kWithdrawn);
  data.set("can_submit", editor && post.state == PostState::kDraft);
  data.set("can_approve", approver && post.state == PostState::kInReview && !author);
  data.set("four_eyes_hint", approver && post.state == PostState::kInReview && author);
  data.set("can_schedule",
           editor && (post.state == PostState::kApproved || post.state == PostState::kScheduled));
  data.set("schedule_value",
           post.scheduled_at ? LocalInputValue(*post.scheduled_at, zone) : std::string());
  data.set("can_unschedule", editor && post.state == PostState::kScheduled);
  data.set("can_withdraw", (editor || approver) && post.state != PostState::kWithdrawn);
  if (auto done = request.query_params.find("done"); done != request.query_params.end()) {
    data.set("status", T(ctx, "post.done_" + done->second));
  }

  // Versions, newest first, each with what changed against the one before.
  TemplateList versions;
  for (size_t i = record->versions.size(); i-- > 0;) {
    const store::PostVersion& v = record->versions[i];
    TemplateData row;
    row.set("version", std::to_string(v.version));
    row.set("author", user_name(v.author));
    row.set("at", DateTimeText(zone.ToLocal(v.created_at), catalogue_, ctx.lang));
    TemplateList changes;
    if (i > 0) {
      auto before = publish::ParseSnapshotJson(record->versions[i - 1].snapshot_json);
      auto after = publish::ParseSnapshotJson(v.snapshot_json);
      if (before && after) {
        for (const publish::FieldChange& change :
             publish::DiffPosts({before->first, before->second}, {after->first, after->second})) {
          changes.push_back(ChangeData(change, catalogue_, ctx.lang));
        }
      }
    }
    row.set("changes", changes);
    row.set("first", i == 0);
    versions.push_back(row);
  }
  data.set("versions", versions);

  // Who moved the post from state to state, from the audit log.
  store::AuditFilter filter;
  filter.action_prefix = "post.state";
  filter.target_type = "post";
  filter.target_id = id->ToString();
  auto steps = repos_.audit.Find(db_, filter);
  TemplateList timeline;
  if (steps) {
    for (const AuditEntry& entry : *steps) {
      TemplateData row;
      row.set("at", DateTimeText(zone.ToLocal(entry.at), catalogue_, ctx.lang));
      row.set("actor", ActorName(entry.actor, *users));
      std::string state;
      try {
        state = nlohmann::json::parse(entry.after_json).value("state", "");
      } catch (const nlohmann::json::exception&) {
      }
      row.set("state", T(ctx, "state." + state));
      timeline.push_back(row);
    }
  }
  data.set("timeline", timeline);
  data.set("has_timeline", !timeline.empty());

  auto deliveries = repos_.posts.ListDeliveries(db_, *id);
  TemplateList delivery_rows;
  if (deliveries) {
    auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
    for (const Delivery& d : *deliveries) {
      TemplateData row;
      std::string channel_name = d.channel_id.ToString();
      if (channels) {
        for (const Channel& c : *channels) {
          if (c.id == d.channel_id) channel_name = c.name + " (" + c.key + ")";
        }
      }
      row.set("channel", channel_name);
      row.set("state", T(ctx, "delivery." + std::string(kDeliveryStateNames.Name(d.state))));
      row.set("permalink", d.permalink);
      // Only keys with text: kainjow treats an empty string as true.
      if (!d.error_key.empty() && d.state != DeliveryState::kPublished) {
        row.set("reason", T(ctx, d.error_key));
      }
      if (!d.last_error.empty() && d.state != DeliveryState::kPublished) {
        row.set("platform_said", d.last_error);
      }
      delivery_rows.push_back(row);
    }
  }
  data.set("deliveries", delivery_rows);
  data.set("has_deliveries", !delivery_rows.empty());
  return Render(ctx, "staff_post", data,
                catalogue_.Format(ctx.lang, "post.title", {{"id", id->ToString()}}));
}

Response StaffApp::PostAction(const Request& request, const StaffContext& ctx,
                              const std::string& action) {
  auto id = PostIdOf(request);
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto form = Form::Parse(request.body);
  std::vector<publish::Problem> problems;
  Status result = Status::Ok();
  if (action == "submit") {
    result = workflow_.Submit(ctx.user, *id, ctx.usage_concept(), &problems);
  } else if (action == "approve") {
    result = workflow_.Approve(ctx.user, *id, ctx.usage_concept(), &problems);
  } else if (action == "return") {
    result = workflow_.Return(ctx.user, *id, form->Get("note"));
  } else if (action == "schedule") {
    auto at = ParseLocalInput(form->Get("scheduled_at"), ZoneOf(ctx.usage_concept()));
    if (!at) return ErrorPage(&ctx, ctx.lang, 422, "composer.error_date_format");
    result = workflow_.Schedule(ctx.user, *id, *at);
  } else if (action == "unschedule") {
    result = workflow_.Unschedule(ctx.user, *id);
  } else if (action == "withdraw") {
    result = workflow_.Withdraw(ctx.user, *id);
  }
  if (result.ok()) return Redirect("/app/posts/" + id->ToString() + "?done=" + action);
  if (problems.empty()) return Failure(ctx, result.error());

  // The checks failed: show the composer with each reason at its field.
  auto record = workflow_.Load(*id);
  if (!record) return Failure(ctx, record.error());
  ComposerState state = ComposerFromPost(*record, ZoneOf(ctx.usage_concept()));
  AddProblems(&state, problems, catalogue_, ctx.lang);
  return ComposerPage(ctx, state, *id, "composer.blocked_" + action);
}

}  // namespace civicpost::web
