// The composer: a new post, an edited one, and one whose checks failed.
#include "web/staff_composer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

// The template data of the composer with `state` filled in.
TemplateData ComposerData(const ComposerState& state, const std::vector<Media>& library,
                          const std::vector<Channel>& channels, const usage::Concept& usage_concept,
                          const Catalogue& catalogue, const std::string& lang) {
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
    option.set("label", ChannelLabel(channel, catalogue, lang));
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

}  // namespace

std::optional<PostId> PostIdOf(const Request& request) {
  const std::string& text = request.path_params.at("id");
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return PostId(value);
}

void AddError(ComposerState* state, const std::string& field, const std::string& message) {
  state->errors[field].push_back(message);
  state->summary.push_back(message);
}

ComposerState ReadComposer(const Form& form, const Catalogue& catalogue, const std::string& lang,
                           const TimeZone& zone) {
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

ComposerState ComposerFromPost(const publish::PostRecord& record, const TimeZone& zone) {
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

std::string ProblemText(const publish::Problem& problem, const Catalogue& catalogue,
                        const std::string& lang) {
  MessageArgs args = problem.args;
  for (auto& [name, value] : args) {
    if (name == "kind") value = catalogue.Text(lang, "kind." + value);  // "carousel" -> "Karussell"
    if (name == "field") value = catalogue.Text(lang, "rights.field_" + value);
    if (name == "setting") value = catalogue.Text(lang, "rights.setting_" + value);
  }
  return catalogue.Format(lang, "check." + problem.code, args);
}

void AddProblems(ComposerState* state, const std::vector<publish::Problem>& problems,
                 const Catalogue& catalogue, const std::string& lang) {
  for (const publish::Problem& problem : problems) {
    AddError(state, problem.field, ProblemText(problem, catalogue, lang));
  }
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

}  // namespace civicpost::web
