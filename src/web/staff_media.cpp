// The media library: uploads (spooled multipart), each file's rights record,
// the people on it with their consents, and withdrawals that take posts down.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/time_format.hpp"
#include "media/rights.hpp"
#include "publish/consent_ledger.hpp"
#include "web/form.hpp"
#include "web/media_file.hpp"
#include "web/multipart.hpp"
#include "web/staff_app.hpp"
#include "web/staff_composer.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

std::optional<int64_t> NumberParam(const Request& request, const std::string& name) {
  auto it = request.path_params.find(name);
  if (it == request.path_params.end()) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) return std::nullopt;
  return value;
}

std::vector<std::string> ChannelKeys(const usage::Concept& usage_concept) {
  std::vector<std::string> keys;
  for (const usage::Channel& channel : usage_concept.channels) keys.push_back(channel.id);
  return keys;
}

std::string MegabytesText(int64_t bytes) {
  char buffer[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(buffer, sizeof buffer, "%lld KB", static_cast<long long>((bytes + 1023) / 1024));
    return buffer;
  }
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  std::snprintf(buffer, sizeof buffer, mb < 10 ? "%.1f MB" : "%.0f MB", mb);
  return buffer;
}

}  // namespace

// A <select>'s options for an enum, labelled from the catalogue.
template <typename E, size_t N>
TemplateList StaffApp::Options(const EnumTable<E, N>& table, E selected, const std::string& prefix,
                               const StaffContext& ctx) const {
  TemplateList options;
  for (const auto& [value, name] : table.entries) {
    TemplateData option;
    option.set("value", std::string(name));
    option.set("label", T(ctx, prefix + std::string(name)));
    option.set("selected", value == selected);
    options.push_back(option);
  }
  return options;
}

std::optional<Media> StaffApp::MediaOf(const Request& request, const StaffContext& ctx) {
  auto id = NumberParam(request, "id");
  if (!id) return std::nullopt;
  auto media = repos_.media.Get(db_, MediaId(*id));
  // Another authority's file does not exist for this person.
  if (!media || media->organization_id != ctx.org.id) return std::nullopt;
  return *media;
}

Result<media::RightsReport> StaffApp::RightsOf(const Media& media,
                                               const std::vector<std::string>& channels) {
  return media::CheckStoredRights(db_, repos_.media_rights, media.id, channels,
                                  media::Today(clock_), media_settings_.rights);
}

std::string StaffApp::FindingText(const StaffContext& ctx, const media::RightsFinding& finding,
                                  const std::string& file) const {
  publish::Problem problem{"", "rights_" + finding.code, finding.args};
  if (!file.empty()) problem.args.insert(problem.args.begin(), {"file", file});
  return ProblemText(problem, catalogue_, ctx.lang);
}

Response StaffApp::MediaPreview(const Request& request, const StaffContext& ctx) {
  std::optional<Media> media = MediaOf(request, ctx);
  if (!media) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  if (!media::IsRaster(*media)) {
    std::optional<Response> response = MediaFileResponse(*media, data_dir_);
    if (!response) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
    return *response;
  }
  // A 24-megapixel original is no thumbnail: staff pages get a small rendition.
  auto rights = repos_.media_rights.GetRights(db_, media->id);
  if (!rights) return Failure(ctx, rights.error());
  auto file = renditions_.Get(media->sha256, media::RenditionInputFor(*media, *rights, data_dir_),
                              media::Recipe::kWeb480);
  if (!file) return Failure(ctx, file.error());
  std::optional<Response> response = RenditionResponse(*file);
  if (!response) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  return *response;
}

Response StaffApp::MediaLibraryPage(const StaffContext& ctx, const std::vector<std::string>& errors,
                                    int status, const std::string& notice) {
  auto library = repos_.media.ListByOrganization(db_, ctx.org.id);
  if (!library) return Failure(ctx, library.error());
  const std::vector<std::string> channels = ChannelKeys(ctx.usage_concept());
  TemplateList items;
  for (const Media& media : *library) {
    auto report = RightsOf(media, channels);
    if (!report) return Failure(ctx, report.error());
    TemplateData item;
    item.set("id", media.id.ToString());
    item.set("name", media.original_name);
    item.set("size", std::to_string(media.width) + " × " + std::to_string(media.height) + " · " +
                         MegabytesText(media.byte_size));
    item.set("cleared", report->cleared());
    item.set("open_points",
             catalogue_.Format(ctx.lang, "media.open_points",
                               {{"count", std::to_string(report->problems.size())}}));
    item.set("has_location", media.has_location);
    items.push_back(item);
  }
  TemplateList error_list;
  for (const std::string& e : errors) error_list.push_back(e);
  TemplateData data;
  data.set("media", items);
  data.set("has_media", !items.empty());
  data.set("errors", error_list);
  data.set("has_errors", !errors.empty());
  data.set("can_upload", ctx.user.Has(Role::kEditor));
  if (!notice.empty()) data.set("notice", notice);
  data.set("limit_text",
           catalogue_.Format(
               ctx.lang, "media.upload_hint",
               {{"size", MegabytesText(media_settings_.limits.max_bytes)},
                {"pixels", std::to_string(media_settings_.limits.max_pixels / 1'000'000)}}));
  return Render(ctx, "staff_media", data, T(ctx, "media.title"), status);
}

Response StaffApp::MediaLibrary(const Request& request, const StaffContext& ctx) {
  auto done = request.query_params.find("done");
  const bool uploaded = done != request.query_params.end() && done->second == "uploaded";
  return MediaLibraryPage(ctx, {}, 200, uploaded ? T(ctx, "media.done_uploaded_many") : "");
}

Response StaffApp::UploadMedia(const Request& request, const StaffContext& ctx) {
  const std::string content_type(request.Header("Content-Type").value_or(""));
  std::error_code ec;
  std::filesystem::create_directories(library_.IncomingDir(), ec);
  auto form = ParseMultipart(request.body_file, content_type, library_.IncomingDir());
  if (!form) {
    spdlog::warn("upload by user {}: {}", ctx.user.id.ToString(), form.error().message);
    return MediaLibraryPage(ctx, {T(ctx, "upload.unreadable")}, 400);
  }
  std::vector<std::string> errors;
  std::vector<media::Imported> imported;
  const Actor actor = Actor::ForUser(ctx.user.id, ctx.user.email);
  for (const MultipartFile& file : form->files()) {
    if (file.field != "file") continue;
    media::Refusal refusal;
    auto result = library_.Import(ctx.org.id, actor, file.path, file.filename, &refusal);
    if (result) {
      imported.push_back(*result);
      continue;
    }
    if (refusal.code.empty()) {
      spdlog::error("upload of {} failed: {}", file.filename, result.error().message);
      errors.push_back(catalogue_.Format(ctx.lang, "upload.failed", {{"file", file.filename}}));
    } else {
      errors.push_back(catalogue_.Format(
          ctx.lang, "upload." + refusal.code,
          {{"file", refusal.file}, {"limit", refusal.limit}, {"found", refusal.found}}));
    }
  }
  if (imported.empty() && errors.empty()) errors.push_back(T(ctx, "upload.no_file"));
  if (!errors.empty()) return MediaLibraryPage(ctx, errors, 422);
  if (imported.size() == 1) {
    return Redirect("/app/media/" + imported[0].media.id.ToString() +
                    "/rights?done=" + (imported[0].duplicate ? "duplicate" : "uploaded"));
  }
  return Redirect("/app/media?done=uploaded");
}

bool StaffApp::MayUpload(const Request& request) {
  std::optional<StaffContext> ctx = Resolve(request);
  return ctx && ctx->user.Has(Role::kEditor);
}

SpooledRoute StaffApp::UploadRoute() {
  std::error_code ec;
  std::filesystem::create_directories(library_.IncomingDir(), ec);
  SpooledRoute route;
  route.method = "POST";
  route.path = "/app/media";
  // The multipart framing around a file at the limit needs a little room.
  route.body_limit = static_cast<size_t>(media_settings_.limits.max_bytes) + 64 * 1024;
  route.dir = library_.IncomingDir();
  route.admit = [this](const Request& request) { return MayUpload(request); };
  return route;
}

Response StaffApp::MediaRightsPage(const Request& request, const StaffContext& ctx,
                                   const std::vector<std::string>& errors, int status) {
  std::optional<Media> media = MediaOf(request, ctx);
  if (!media) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto rights = repos_.media_rights.GetRights(db_, media->id);
  auto people = repos_.media_rights.ListPeople(db_, media->id);
  auto posts = repos_.media_rights.ListPostsUsing(db_, media->id);
  if (!rights || !people || !posts) {
    return Failure(ctx, !rights ? rights.error() : !people ? people.error() : posts.error());
  }
  const std::vector<std::string> channels = ChannelKeys(ctx.usage_concept());
  auto report = RightsOf(*media, channels);
  if (!report) return Failure(ctx, report.error());
  const nlohmann::json metadata = nlohmann::json::parse(media->metadata_json, nullptr, false);
  auto meta = [&](const char* key) -> std::string {
    return metadata.is_object() && metadata.contains(key) && metadata[key].is_string()
               ? metadata[key].get<std::string>()
               : "";
  };
  // The form shows what is recorded, or what the file's metadata suggests.
  MediaRights shown = *rights ? **rights : MediaRights{};
  if (!*rights) {
    shown.author = meta("creator");
    shown.copyright_notice = meta("copyright");
    shown.licence_url = meta("licence_url");
    shown.licence = meta("usage_terms");
    shown.title = meta("title");
    if (shown.licence_url.find("creativecommons.org") != std::string::npos) {
      shown.source = MediaSource::kCreativeCommons;
    }
  }

  TemplateData data;
  data.set("id", media->id.ToString());
  data.set("name", media->original_name);
  data.set("raster", media::IsRaster(*media));
  data.set("size", std::to_string(media->width) + " × " + std::to_string(media->height) + " · " +
                       MegabytesText(media->byte_size));
  data.set("has_location", media->has_location);
  if (!meta("camera").empty()) data.set("camera", meta("camera"));
  if (!meta("captured_local").empty()) data.set("captured", meta("captured_local"));
  data.set("recorded", rights->has_value());
  data.set("can_edit", ctx.user.Has(Role::kEditor));
  data.set("cleared", report->cleared());
  TemplateList problems;
  for (const auto& finding : report->problems) problems.push_back(FindingText(ctx, finding, ""));
  data.set("problems", problems);
  TemplateList warnings;
  for (const auto& finding : report->warnings) warnings.push_back(FindingText(ctx, finding, ""));
  data.set("warnings", warnings);
  data.set("has_warnings", !warnings.empty());
  TemplateList error_list;
  for (const std::string& e : errors) error_list.push_back(e);
  data.set("errors", error_list);
  data.set("has_errors", !errors.empty());
  auto done = request.query_params.find("done");
  static const std::set<std::string> kDone{"uploaded", "duplicate", "rights_saved", "person_added",
                                           "withdrawn"};
  if (done != request.query_params.end() && kDone.contains(done->second)) {
    auto count = [&](const char* name) {
      auto it = request.query_params.find(name);
      return it == request.query_params.end() ? std::string("0") : it->second;
    };
    data.set("done", catalogue_.Format(ctx.lang, "media.done_" + done->second,
                                       {{"down", count("down")}, {"stopped", count("stopped")}}));
  }

  data.set("sources", Options(kMediaSourceNames, shown.source, "rights.source_", ctx));
  data.set("settings",
           Options(kSensitiveSettingNames, shown.sensitive_setting, "rights.setting_", ctx));
  data.set("author", shown.author);
  data.set("copyright_notice", shown.copyright_notice);
  data.set("licence", shown.licence);
  data.set("licence_url", shown.licence_url);
  data.set("source_url", shown.source_url);
  data.set("title", shown.title);
  data.set("attribution_required", shown.attribution_required);
  data.set("attribution", shown.attribution);
  data.set("licensed_until", shown.licensed_until ? FormatIsoDate(*shown.licensed_until) : "");
  data.set("people_recognisable", shown.people_recognisable);
  data.set("legal_review", shown.legal_review);
  data.set("focal_x", std::to_string(static_cast<int>(std::lround(media->focal_x * 100))));
  data.set("focal_y", std::to_string(static_cast<int>(std::lround(media->focal_y * 100))));
  if (*rights && !media::Attribution(**rights).empty()) {
    data.set("credit", media::Attribution(**rights));
  }

  auto stored_channels = repos_.channels.ListByOrganization(db_, ctx.org.id);
  if (!stored_channels) return Failure(ctx, stored_channels.error());
  TemplateList person_rows;
  for (const MediaPerson& person : *people) {
    TemplateData row;
    row.set("person_id", std::to_string(person.id));
    row.set("name", person.name);
    row.set("basis", T(ctx, "rights.basis_" + std::string(kPersonBasisNames.Name(person.basis))));
    std::string scope;
    for (const std::string& key : person.channels) {
      std::string label = key;
      for (const Channel& channel : *stored_channels) {
        if (channel.key == key) label = ChannelLabel(channel, catalogue_, ctx.lang);
      }
      scope += (scope.empty() ? "" : ", ") + label;
    }
    row.set("scope", scope);
    if (person.given_on) row.set("given_on", FormatIsoDate(*person.given_on));
    if (person.expires_on) row.set("expires_on", FormatIsoDate(*person.expires_on));
    row.set("minor", person.minor);
    row.set("form_location", person.form_location);
    if (!person.note.empty()) row.set("note", person.note);
    row.set("withdrawn", person.withdrawn_at.has_value());
    row.set("withdrawable", !person.withdrawn_at && person.basis == PersonBasis::kConsent &&
                                ctx.user.Has(Role::kEditor));
    person_rows.push_back(row);
  }
  data.set("people", person_rows);
  data.set("has_people", !person_rows.empty());
  data.set("bases", Options(kPersonBasisNames, PersonBasis::kConsent, "rights.basis_", ctx));
  TemplateList channel_options;
  for (const Channel& channel : *stored_channels) {
    TemplateData option;
    option.set("value", channel.key);
    option.set("label", ChannelLabel(channel, catalogue_, ctx.lang));
    channel_options.push_back(option);
  }
  data.set("channels", channel_options);
  TemplateList used_in;
  for (const auto& [post_id, state] : *posts) {
    TemplateData row;
    row.set("url", "/app/posts/" + post_id.ToString());
    row.set("title", catalogue_.Format(ctx.lang, "post.title", {{"id", post_id.ToString()}}));
    row.set("state", T(ctx, "state." + std::string(kPostStateNames.Name(state))));
    used_in.push_back(row);
  }
  data.set("posts", used_in);
  data.set("has_posts", !used_in.empty());
  return Render(ctx, "staff_media_item", data,
                catalogue_.Format(ctx.lang, "media.item_title", {{"name", media->original_name}}),
                status);
}

Response StaffApp::ShowMediaRights(const Request& request, const StaffContext& ctx) {
  return MediaRightsPage(request, ctx, {}, 200);
}

Response StaffApp::SaveMediaRights(const Request& request, const StaffContext& ctx) {
  std::optional<Media> media = MediaOf(request, ctx);
  if (!media) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto form = Form::Parse(request.body);
  std::vector<std::string> errors;
  MediaRights rights;
  rights.media_id = media->id;
  rights.updated_by = ctx.user.id;
  auto source = kMediaSourceNames.Parse(form->Get("source"));
  if (!source) errors.push_back(T(ctx, "rights.error_source"));
  rights.source = source.value_or(MediaSource::kOwn);
  rights.author = form->Get("author");
  rights.copyright_notice = form->Get("copyright_notice");
  rights.licence = form->Get("licence");
  rights.licence_url = form->Get("licence_url");
  rights.source_url = form->Get("source_url");
  rights.title = form->Get("title");
  rights.attribution_required = form->Has("attribution_required");
  rights.attribution = form->Get("attribution");
  if (!form->Get("licensed_until").empty()) {
    rights.licensed_until = ParseIsoDate(form->Get("licensed_until"));
    if (!rights.licensed_until) errors.push_back(T(ctx, "rights.error_date"));
  }
  rights.people_recognisable = form->Has("people_recognisable");
  rights.sensitive_setting = kSensitiveSettingNames.Parse(form->Get("sensitive_setting"))
                                 .value_or(SensitiveSetting::kNone);
  rights.legal_review = form->Get("legal_review");
  auto percent = [&](const char* name) -> std::optional<double> {
    int value = -1;
    const std::string text = form->Get(name);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 100) {
      return std::nullopt;
    }
    return value / 100.0;
  };
  const auto focal_x = percent("focal_x");
  const auto focal_y = percent("focal_y");
  if (!focal_x || !focal_y) errors.push_back(T(ctx, "rights.error_focal"));
  if (!errors.empty()) return MediaRightsPage(request, ctx, errors, 422);

  const Actor actor = Actor::ForUser(ctx.user.id, ctx.user.email);
  Status saved = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (Status s = repos_.media_rights.PutRights(tx, actor, rights); !s.ok()) return s;
    if (*focal_x == media->focal_x && *focal_y == media->focal_y) return Status::Ok();
    return repos_.media.SetFocalPoint(tx, actor, media->id, *focal_x, *focal_y);
  });
  if (!saved.ok()) return Failure(ctx, saved.error());
  return Redirect("/app/media/" + media->id.ToString() + "/rights?done=rights_saved");
}

Response StaffApp::AddMediaPerson(const Request& request, const StaffContext& ctx) {
  std::optional<Media> media = MediaOf(request, ctx);
  if (!media) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto form = Form::Parse(request.body);
  std::vector<std::string> errors;
  MediaPerson person;
  person.media_id = media->id;
  person.name = form->Get("name");
  if (person.name.empty()) errors.push_back(T(ctx, "rights.error_person_name"));
  auto basis = kPersonBasisNames.Parse(form->Get("basis"));
  if (!basis) errors.push_back(T(ctx, "rights.error_basis"));
  person.basis = basis.value_or(PersonBasis::kConsent);
  for (const std::string& key : form->All("channels")) {
    for (const usage::Channel& channel : ctx.usage_concept().channels) {
      if (channel.id == key) person.channels.push_back(key);
    }
  }
  person.purpose = form->Get("purpose");
  for (auto [field, target] :
       {std::pair{"given_on", &person.given_on}, std::pair{"expires_on", &person.expires_on}}) {
    if (form->Get(field).empty()) continue;
    *target = ParseIsoDate(form->Get(field));
    if (!*target) errors.push_back(T(ctx, "rights.error_date"));
  }
  person.minor = form->Has("minor");
  auto small_number = [&](const char* name, int* out) {
    const std::string text = form->Get(name);
    if (text.empty()) return;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    if (ec != std::errc() || end != text.data() + text.size() || *out < 0 || *out > 120) {
      errors.push_back(T(ctx, "rights.error_number"));
    }
  };
  small_number("age", &person.age);
  small_number("guardians_custodial", &person.guardians_custodial);
  small_number("guardians_consented", &person.guardians_consented);
  person.own_consent = form->Has("own_consent");
  person.form_location = form->Get("form_location");
  person.note = form->Get("note");
  if (!errors.empty()) return MediaRightsPage(request, ctx, errors, 422);
  auto added = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.media_rights.AddPerson(tx, Actor::ForUser(ctx.user.id, ctx.user.email), person);
  });
  if (!added) return Failure(ctx, added.error());
  return Redirect("/app/media/" + media->id.ToString() + "/rights?done=person_added");
}

Response StaffApp::WithdrawConsent(const Request& request, const StaffContext& ctx) {
  auto id = NumberParam(request, "id");
  auto person_id = NumberParam(request, "person");
  if (!id || !person_id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto person = repos_.media_rights.GetPerson(db_, *person_id);
  if (!person || person->media_id != MediaId(*id)) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  publish::ConsentLedger ledger(db_, repos_, clock_);
  auto outcome = ledger.Withdraw(ctx.user, *person_id);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kConflict) {
      return ErrorPage(&ctx, ctx.lang, 409, "rights.already_withdrawn");
    }
    return Failure(ctx, outcome.error());
  }
  return Redirect("/app/media/" + std::to_string(*id) +
                  "/rights?done=withdrawn&down=" + std::to_string(outcome->taken_down.size()) +
                  "&stopped=" + std::to_string(outcome->stopped.size()));
}

Response StaffApp::ConfirmTakedown(const Request& request, const StaffContext& ctx) {
  auto id = NumberParam(request, "id");
  if (!id) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto open = repos_.media_rights.ListOpenTakedowns(db_, ctx.org.id);
  if (!open) return Failure(ctx, open.error());
  auto takedown =
      std::find_if(open->begin(), open->end(), [&](const Takedown& t) { return t.id == *id; });
  if (takedown == open->end()) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  // Withdrawn first: the post is marked as gone on every channel.
  auto post = repos_.posts.Get(db_, takedown->post_id);
  if (!post) return Failure(ctx, post.error());
  if (post->state != PostState::kWithdrawn) {
    Status withdrawn = workflow_.Withdraw(ctx.user, post->id);
    if (!withdrawn.ok()) return Failure(ctx, withdrawn.error());
  }
  publish::ConsentLedger ledger(db_, repos_, clock_);
  Status confirmed = ledger.ConfirmTakedown(ctx.user, *id);
  if (!confirmed.ok()) return Failure(ctx, confirmed.error());
  return Redirect("/app/?done=takedown");
}

}  // namespace civicpost::web
