// Posts: the list, the composer, a post's page with its workflow actions and
// history.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "core/time_zone.hpp"
#include "publish/post_diff.hpp"
#include "web/form.hpp"
#include "web/media_file.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

using FieldErrors = std::map<std::string, std::vector<std::string>>;

std::optional<PostId> PostIdOf(const Request& request) {
  const std::string& text = request.path_params.at("id");
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return PostId(value);
}

}  // namespace

// What the composer shows: the draft plus the raw text of fields that did not parse.
struct ComposerState {
  publish::PostDraft draft;
  std::map<std::string, std::string> raw;  // event_start, event_end, scheduled_at as typed
  FieldErrors errors;
  std::vector<std::string> summary;  // every error, in form order
};

static void AddError(ComposerState* state, const std::string& field, const std::string& message) {
  state->errors[field].push_back(message);
  state->summary.push_back(message);
}

// Reads the composer's fields; format errors (a date that does not parse)
// are reported, the concept's checks are not: a draft may be incomplete.
static ComposerState ReadComposer(const Form& form, const Catalogue& catalogue,
                                  const std::string& lang, const TimeZone& zone) {
  ComposerState state;
  publish::PostDraft& draft = state.draft;
  draft.kind = kPostKindNames.Parse(form.Get("kind")).value_or(PostKind::kFeedImage);
  draft.topic = form.Get("topic");
  draft.caption = form.Get("caption");
  // Browsers send CRLF in textareas; store the text as people typed it.
  draft.caption.erase(std::remove(draft.caption.begin(), draft.caption.end(), '\r'),
                      draft.caption.end());
  for (const std::string& id_text : form.All("media")) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size()) continue;
    draft.media.push_back({MediaId(id), form.Get("alt_" + id_text)});
  }
  // The order fields let a carousel be arranged without JavaScript.
  std::stable_sort(draft.media.begin(), draft.media.end(),
                   [&](const PostMedia& a, const PostMedia& b) {
                     return std::atoi(form.Get("order_" + a.media_id.ToString()).c_str()) <
                            std::atoi(form.Get("order_" + b.media_id.ToString()).c_str());
                   });
  draft.channel_keys = form.All("channel");
  for (const char* field : {"event_start", "event_end", "scheduled_at"}) {
    state.raw[field] = form.Get(field);
  }
  const std::string title = form.Get("event_title");
  const std::string place = form.Get("event_place");
  const bool has_event = !title.empty() || !place.empty() || !state.raw["event_start"].empty() ||
                         !state.raw["event_end"].empty();
  if (has_event) {
    PostEvent event{title, Timestamp{}, std::nullopt, place};
    if (auto start = ParseLocalInput(state.raw["event_start"], zone)) {
      event.starts_at = *start;
    } else {
      AddError(&state, "event_start", catalogue.Text(lang, "composer.error_event_start"));
    }
    if (!state.raw["event_end"].empty()) {
      event.ends_at = ParseLocalInput(state.raw["event_end"], zone);
      if (!event.ends_at) {
        AddError(&state, "event_end", catalogue.Text(lang, "composer.error_date_format"));
      }
    }
    draft.event = event;
  }
  if (!state.raw["scheduled_at"].empty()) {
    draft.scheduled_at = ParseLocalInput(state.raw["scheduled_at"], zone);
    if (!draft.scheduled_at) {
      AddError(&state, "scheduled_at", catalogue.Text(lang, "composer.error_date_format"));
    }
  }
  return state;
}

static ComposerState ComposerFromPost(const publish::PostRecord& record, const TimeZone& zone) {
  ComposerState state;
  const Post& post = record.post;
  state.draft = {post.kind,  post.topic,          post.caption,     post.media,
                 post.event, record.channel_keys, post.scheduled_at};
  if (post.event) {
    state.raw["event_start"] = LocalInputValue(post.event->starts_at, zone);
    if (post.event->ends_at) state.raw["event_end"] = LocalInputValue(*post.event->ends_at, zone);
  }
  if (post.scheduled_at) state.raw["scheduled_at"] = LocalInputValue(*post.scheduled_at, zone);
  return state;
}

// The composer page for a new post (`post` empty) or an existing one.
static TemplateData ComposerData(const ComposerState& state, const std::vector<Media>& library,
                                 const std::vector<Channel>& channels,
                                 const usage::Concept& usage_concept, const Catalogue& catalogue,
                                 const std::string& lang) {
  TemplateData data;
  const publish::PostDraft& draft = state.draft;
  auto field_errors = [&](const std::string& field) {
    TemplateList list;
    auto found = state.errors.find(field);
    if (found != state.errors.end()) {
      for (const std::string& message : found->second) list.push_back(message);
    }
    return list;
  };
  auto has_error = [&](const std::string& field) { return state.errors.contains(field); };

  TemplateList kinds;
  for (const auto& [kind, name] : kPostKindNames.entries) {
    TemplateData option;
    option.set("value", std::string(name));
    option.set("label", catalogue.Text(lang, "kind." + std::string(name)));
    option.set("selected", kind == draft.kind);
    kinds.push_back(option);
  }
  data.set("kinds", kinds);
  data.set("kind_errors", field_errors("kind"));
  data.set("kind_invalid", has_error("kind"));

  TemplateList topics;
  for (const usage::Topic& topic : usage_concept.topics) {
    TemplateData option;
    option.set("value", topic.id);
    option.set("label", topic.name);
    option.set("selected", topic.id == draft.topic);
    topics.push_back(option);
  }
  data.set("topics", topics);
  data.set("topic_errors", field_errors("topic"));
  data.set("topic_invalid", has_error("topic"));

  data.set("caption", draft.caption);
  data.set("caption_errors", field_errors("caption"));
  data.set("caption_invalid", has_error("caption"));

  TemplateList media;
  for (const Media& item : library) {
    auto chosen = std::find_if(draft.media.begin(), draft.media.end(),
                               [&](const PostMedia& m) { return m.media_id == item.id; });
    const std::string id = item.id.ToString();
    TemplateData row;
    row.set("id", id);
    row.set("name", item.original_name);
    row.set("size", std::to_string(item.width) + " × " + std::to_string(item.height));
    row.set("checked", chosen != draft.media.end());
    row.set("alt_text", chosen != draft.media.end() ? chosen->alt_text : "");
    row.set("order", chosen != draft.media.end() ? std::to_string(chosen - draft.media.begin() + 1)
                                                 : std::string());
    row.set("alt_label",
            catalogue.Format(lang, "composer.alt_for", {{"name", item.original_name}}));
    row.set("order_label",
            catalogue.Format(lang, "composer.order_for", {{"name", item.original_name}}));
    row.set("alt_errors", field_errors("alt_" + id));
    row.set("alt_invalid", has_error("alt_" + id));
    media.push_back(row);
  }
  data.set("media", media);
  data.set("media_errors", field_errors("media"));
  data.set("media_invalid", has_error("media"));

  TemplateList channel_list;
  for (const Channel& channel : channels) {
    TemplateData option;
    option.set("value", channel.key);
    option.set("label",
               catalogue.Text(
                   lang, "platform." + std::string(kChannelPlatformNames.Name(channel.platform))) +
                   ": " + channel.name);
    option.set("checked", std::find(draft.channel_keys.begin(), draft.channel_keys.end(),
                                    channel.key) != draft.channel_keys.end());
    channel_list.push_back(option);
  }
  data.set("channels", channel_list);
  data.set("channels_errors", field_errors("channels"));
  data.set("channels_invalid", has_error("channels"));

  data.set("event_title", draft.event ? draft.event->title : "");
  data.set("event_place", draft.event ? draft.event->place : "");
  for (const char* field : {"event_start", "event_end", "scheduled_at"}) {
    auto raw = state.raw.find(field);
    data.set(field, raw == state.raw.end() ? std::string() : raw->second);
  }
  for (const char* field : {"event_title", "event_start", "event_end", "scheduled_at"}) {
    data.set(std::string(field) + "_errors", field_errors(field));
    data.set(std::string(field) + "_invalid", has_error(field));
  }
  TemplateList summary;
  for (const std::string& message : state.summary) summary.push_back(message);
  data.set("summary", summary);
  data.set("has_summary", !state.summary.empty());
  return data;
}

static std::string ProblemText(const publish::Problem& problem, const Catalogue& catalogue,
                               const std::string& lang) {
  return catalogue.Format(lang, "check." + problem.code, problem.args);
}

static void AddProblems(ComposerState* state, const std::vector<publish::Problem>& problems,
                        const Catalogue& catalogue, const std::string& lang) {
  for (const publish::Problem& problem : problems) {
    AddError(state, problem.field, ProblemText(problem, catalogue, lang));
  }
}

Response StaffApp::MediaPreview(const Request& request, const StaffContext& ctx) {
  const std::string& text = request.path_params.at("id");
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto media = repos_.media.Get(db_, MediaId(value));
  if (!media || media->organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  std::optional<Response> response = MediaFileResponse(*media, data_dir_);
  if (!response) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  return *response;
}

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

Response StaffApp::NewPost(const Request&, const StaffContext& ctx) {
  ComposerState state;
  if (!ctx.usage_concept().topics.empty())
    state.draft.topic = ctx.usage_concept().topics.front().id;
  for (const usage::Channel& channel : ctx.usage_concept().channels) {
    state.draft.channel_keys.push_back(channel.id);
  }
  return ComposerPage(ctx, state, std::nullopt);
}

Response StaffApp::CreatePost(const Request& request, const StaffContext& ctx) {
  auto form = Form::Parse(request.body);
  ComposerState state = ReadComposer(*form, catalogue_, ctx.lang, ZoneOf(ctx.usage_concept()));
  if (state.summary.empty()) {
    auto id = workflow_.CreateDraft(ctx.user, state.draft);
    if (id) return Redirect("/app/posts/" + id->ToString() + "?done=saved");
    if (!id.error().message.starts_with("workflow.")) return Failure(ctx, id.error());
    AddError(&state, "channels", T(ctx, id.error().message));
  }
  return ComposerPage(ctx, state, std::nullopt);
}

Response StaffApp::ComposerPage(const StaffContext& ctx, const ComposerState& state,
                                std::optional<PostId> id, const std::string& blocked_key) {
  auto library = repos_.media.ListByOrganization(db_, ctx.org.id);
  auto channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (!library) return Failure(ctx, library.error());
  if (!channels) return Failure(ctx, channels.error());
  TemplateData data =
      ComposerData(state, *library, *channels, ctx.usage_concept(), catalogue_, ctx.lang);
  std::string title = T(ctx, "composer.new_title");
  data.set("action", "/app/posts");
  if (id) {
    title = catalogue_.Format(ctx.lang, "composer.edit_title", {{"id", id->ToString()}});
    data.set("action", "/app/posts/" + id->ToString());
    data.set("post_url", "/app/posts/" + id->ToString());
  }
  data.set("heading", title);
  if (!blocked_key.empty()) data.set("blocked", T(ctx, blocked_key));
  return Render(ctx, "staff_composer", data, title, state.summary.empty() ? 200 : 422);
}

Response StaffApp::EditPost(const Request& request, const StaffContext& ctx) {
  auto id = PostIdOf(request);
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto record = workflow_.Load(*id);
  if (!record || record->post.organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  return ComposerPage(ctx, ComposerFromPost(*record, ZoneOf(ctx.usage_concept())), *id);
}

Response StaffApp::UpdatePost(const Request& request, const StaffContext& ctx) {
  auto id = PostIdOf(request);
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto form = Form::Parse(request.body);
  ComposerState state = ReadComposer(*form, catalogue_, ctx.lang, ZoneOf(ctx.usage_concept()));
  if (state.summary.empty()) {
    Status saved = workflow_.Edit(ctx.user, *id, state.draft);
    if (saved.ok()) return Redirect("/app/posts/" + id->ToString() + "?done=saved");
    if (!saved.message().starts_with("workflow.") ||
        saved.error().code != ErrorCode::kInvalidArgument) {
      return Failure(ctx, saved.error());
    }
    AddError(&state, "channels", T(ctx, saved.message()));
  }
  return ComposerPage(ctx, state, *id);
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
    for (const publish::Problem& p :
         publish::CheckPost(post, record->channel_keys, ctx.usage_concept())) {
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
      row.set("error", d.last_error);
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
