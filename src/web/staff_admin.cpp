// The concept's documents, the audit log page (DPO and admin) and user
// management (admin).
#include <charconv>

#include "core/password.hpp"
#include "documents/builders.hpp"
#include "documents/render.hpp"
#include "web/form.hpp"
#include "web/staff_app.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

constexpr int kAuditPageSize = 100;
constexpr size_t kGeneratedPasswordLength = 16;
constexpr size_t kDetailLength = 300;

std::string Param(const Request& request, const std::string& name) {
  auto found = request.query_params.find(name);
  return found == request.query_params.end() ? std::string() : found->second;
}

std::set<Role> RolesFrom(const Form& form) {
  std::set<Role> roles;
  for (const std::string& name : form.All("role")) {
    if (auto role = kRoleNames.Parse(name)) roles.insert(*role);
  }
  return roles;
}

}  // namespace

Response StaffApp::Documents(const Request&, const StaffContext& ctx) {
  const documents::DocumentContext context{ZoneOf(ctx.usage_concept()).ToLocal(clock_.Now()).date(),
                                           0};
  TemplateList list;
  for (std::string_view name : documents::DocumentNames()) {
    auto document = documents::BuildDocument(name, ctx.usage_concept(), context);
    if (!document) continue;
    TemplateData item;
    item.set("title", document->title);
    item.set("url", "/app/documents/" + std::string(name));
    list.push_back(item);
  }
  TemplateData data;
  data.set("documents", list);
  return Render(ctx, "staff_documents", data, T(ctx, "documents.title"));
}

// The document as the PDF the concept renders into, dated today and carrying
// the concept's current version.
Response StaffApp::DocumentPdf(const Request& request, const StaffContext& ctx) {
  const std::string& name = request.path_params.at("name");
  if (!documents::IsDocumentName(name)) return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  auto version = repos_.organizations.LatestConcept(db_, ctx.org.id);
  if (!version) return Failure(ctx, version.error());
  const documents::DocumentContext context{ZoneOf(ctx.usage_concept()).ToLocal(clock_.Now()).date(),
                                           *version ? (*version)->version : 0};
  auto document = documents::BuildDocument(name, ctx.usage_concept(), context);
  if (!document) return Failure(ctx, document.error());
  auto pdf = documents::RenderPdf(*document);
  if (!pdf) return Failure(ctx, pdf.error());
  Response response;
  response.content_type = "application/pdf";
  response.body = std::move(*pdf);
  response.headers.emplace_back("Content-Disposition",
                                "inline; filename=\"" + ctx.org.slug + "-" + name + ".pdf\"");
  return response;
}

Response StaffApp::Audit(const Request& request, const StaffContext& ctx) {
  const TimeZone zone = ZoneOf(ctx.usage_concept());
  store::AuditFilter filter;
  filter.action_prefix = Param(request, "action");
  filter.actor_contains = Param(request, "actor");
  filter.target_type = Param(request, "target");
  filter.limit = kAuditPageSize;
  TemplateData data;
  TemplateList errors;
  for (const char* bound : {"from", "until"}) {
    const std::string text = Param(request, bound);
    data.set(bound, text);
    if (text.empty()) continue;
    auto at = ParseLocalInput(text + "T00:00", zone);
    if (!at) {
      errors.push_back(T(ctx, std::string("audit.error_") + bound));
      continue;
    }
    // "until" includes the whole day it names.
    (std::string(bound) == "from" ? filter.from : filter.until) =
        std::string(bound) == "from" ? *at : *at + std::chrono::hours(24);
  }
  const std::string before = Param(request, "before");
  int64_t before_id = 0;
  if (std::from_chars(before.data(), before.data() + before.size(), before_id).ec == std::errc()) {
    filter.before_id = before_id;
  }
  auto entries = repos_.audit.Find(db_, filter);
  if (!entries) return Failure(ctx, entries.error());
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  TemplateList rows;
  for (const AuditEntry& entry : *entries) {
    TemplateData row;
    row.set("id", entry.id.ToString());
    row.set("at", DateTimeText(zone.ToLocal(entry.at), catalogue_, ctx.lang));
    row.set("actor", ActorName(entry.actor, *users));
    row.set("action", entry.action);
    row.set("target", entry.target_type + " " + entry.target_id);
    std::string detail = entry.after_json.empty() ? entry.before_json : entry.after_json;
    if (detail.size() > kDetailLength) detail = detail.substr(0, kDetailLength) + " …";
    row.set("detail", detail);
    rows.push_back(row);
  }
  data.set("entries", rows);
  data.set("has_entries", !rows.empty());
  data.set("errors", errors);
  data.set("has_errors", !errors.empty());
  data.set("action", filter.action_prefix);
  data.set("actor", filter.actor_contains);
  data.set("target", filter.target_type);
  if (static_cast<int>(entries->size()) == kAuditPageSize) {
    std::string older = "/app/audit?before=" + entries->back().id.ToString();
    for (const char* key : {"action", "actor", "target", "from", "until"}) {
      // The filter values are echoed percent-free only when they are plain;
      // anything else starts the paging without them.
      const std::string value = Param(request, key);
      if (value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos) {
        if (!value.empty()) older += std::string("&") + key + "=" + value;
      }
    }
    data.set("older_url", older);
  }
  return Render(ctx, "staff_audit", data, T(ctx, "audit.title"));
}

Response StaffApp::Users(const Request& request, const StaffContext& ctx) {
  auto users = repos_.users.ListByOrganization(db_, ctx.org.id);
  if (!users) return Failure(ctx, users.error());
  auto role_options = [&](const std::set<Role>& held, const std::string& prefix) {
    TemplateList options;
    for (const auto& [role, name] : kRoleNames.entries) {
      TemplateData option;
      option.set("value", std::string(name));
      option.set("label", T(ctx, "role." + std::string(name)));
      option.set("checked", held.contains(role));
      option.set("input_id", prefix + "-" + std::string(name));
      options.push_back(option);
    }
    return options;
  };
  TemplateList rows;
  for (const User& user : *users) {
    TemplateData row;
    row.set("id", user.id.ToString());
    row.set("email", user.email);
    row.set("display_name", user.display_name);
    row.set("disabled", user.disabled);
    row.set("roles", role_options(user.roles, "user-" + user.id.ToString()));
    row.set("legend", catalogue_.Format(ctx.lang, "users.roles_of", {{"name", user.display_name}}));
    rows.push_back(row);
  }
  TemplateData data;
  data.set("users", rows);
  data.set("new_roles", role_options({}, "new"));
  const std::string done = Param(request, "done");
  if (!done.empty()) data.set("status", T(ctx, "users.done_" + done));
  const std::string error = Param(request, "error");
  if (!error.empty()) data.set("error", T(ctx, "users.error_" + error));
  return Render(ctx, "staff_users", data, T(ctx, "users.title"));
}

Response StaffApp::AddUser(const Request& request, const StaffContext& ctx) {
  auto form = Form::Parse(request.body);
  const std::string email = form->Get("email");
  const std::string name = form->Get("display_name");
  if (email.find('@') == std::string::npos || name.empty()) {
    return Redirect("/app/users?error=incomplete#new-user");
  }
  const std::string password = GeneratePassword(kGeneratedPasswordLength);
  auto hash = HashPassword(password);
  if (!hash) return Failure(ctx, hash.error());
  User user;
  user.organization_id = ctx.org.id;
  user.email = email;
  user.display_name = name;
  user.password_hash = *hash;
  user.roles = RolesFrom(*form);
  user.language = std::string(kDefaultLanguage);
  auto id = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.users.Create(tx, Actor::ForUser(ctx.user.id, ctx.user.email), user);
  });
  if (!id && id.error().code == ErrorCode::kConflict)
    return Redirect("/app/users?error=taken#new-user");
  if (!id) return Failure(ctx, id.error());
  // Shown once, here: the admin hands it over; the person changes it in "Konto".
  TemplateData data;
  data.set("email", email);
  data.set("password", password);
  return Render(ctx, "staff_user_created", data, T(ctx, "users.created_title"));
}

Response StaffApp::UpdateUser(const Request& request, const StaffContext& ctx) {
  const std::string& id_text = request.path_params.at("id");
  int64_t id_value = 0;
  if (std::from_chars(id_text.data(), id_text.data() + id_text.size(), id_value).ec !=
      std::errc()) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto user = repos_.users.Get(db_, UserId(id_value));
  if (!user || user->organization_id != ctx.org.id) {
    return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
  }
  auto form = Form::Parse(request.body);
  User changed = *user;
  changed.roles = RolesFrom(*form);
  changed.disabled = form->Get("disabled") == "1";
  // Nobody locks themselves out of administration by accident.
  if (changed.id == ctx.user.id && (!changed.Has(Role::kAdmin) || changed.disabled)) {
    return Redirect("/app/users?error=self#user-" + id_text);
  }
  const Actor actor = Actor::ForUser(ctx.user.id, ctx.user.email);
  Status s = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (Status update = repos_.users.Update(tx, actor, changed); !update.ok()) return update;
    if (!changed.disabled) return Status::Ok();
    auto ended = repos_.sessions.DeleteAllForUser(tx, actor, changed.id);
    return ended ? Status::Ok() : Status(ended.error());
  });
  if (!s.ok()) return Failure(ctx, s.error());
  return Redirect("/app/users?done=saved");
}

}  // namespace civicpost::web
