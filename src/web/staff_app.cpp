#include "web/staff_app.hpp"

#include <spdlog/spdlog.h>

#include "channels/instagram/graph_client.hpp"
#include "core/percent_encoding.hpp"
#include "core/sha256.hpp"
#include "web/form.hpp"
#include "web/multipart.hpp"

namespace civicpost::web {
namespace {

// Touching the session on every request would make every page view a write.
constexpr auto kTouchInterval = std::chrono::minutes(1);

const std::set<Role> kEveryone{};
const std::set<Role> kEditors{Role::kEditor};
const std::set<Role> kApprovers{Role::kApprover};
const std::set<Role> kNewsroom{Role::kEditor, Role::kApprover};
const std::set<Role> kPlanners{Role::kEditor, Role::kApprover, Role::kModerator};
const std::set<Role> kAuditors{Role::kDpo, Role::kAdmin};
const std::set<Role> kModerators{Role::kModerator, Role::kAdmin};
// The data-protection officer reads the inbox; moderators act in it.
const std::set<Role> kInboxReaders{Role::kModerator, Role::kAdmin, Role::kDpo};
const std::set<Role> kAdmins{Role::kAdmin};

bool HasAny(const User& user, const std::set<Role>& roles) {
  if (roles.empty()) return true;
  for (Role role : roles) {
    if (user.Has(role)) return true;
  }
  return false;
}

// A cross-site form post carries a foreign Origin; browsers that send none
// are covered by the CSRF token alone.
bool SameOrigin(const Request& request) {
  auto origin = request.Header("Origin");
  if (!origin) return true;
  auto host = request.Header("Host");
  if (*origin == "null" || !host) return false;
  const size_t scheme = origin->find("://");
  return scheme != std::string_view::npos && origin->substr(scheme + 3) == *host;
}

// The form's "csrf" field, from a urlencoded body or a spooled multipart one.
std::string CsrfField(const Request& request) {
  if (!request.body_file.empty()) {
    auto form = ParseMultipart(request.body_file, request.Header("Content-Type").value_or(""),
                               std::nullopt);
    return form ? form->Get("csrf") : "";
  }
  auto form = Form::Parse(request.body);
  return form ? form->Get("csrf") : "";
}

struct NavItem {
  const char* key;
  const char* url;
  const std::set<Role>* roles;
};
constexpr NavItem kNav[] = {
    {"nav.dashboard", "/app/", &kEveryone},
    {"nav.posts", "/app/posts", &kNewsroom},
    {"nav.new_post", "/app/posts/new", &kEditors},
    {"nav.media", "/app/media", &kNewsroom},
    {"nav.inbox", "/app/inbox", &kInboxReaders},
    {"nav.reports", "/app/reports/moderation", &kInboxReaders},
    {"nav.feedback", "/app/feedback", &kInboxReaders},
    {"nav.calendar", "/app/calendar", &kPlanners},
    {"nav.documents", "/app/documents", &kEveryone},
    {"nav.audit", "/app/audit", &kAuditors},
    {"nav.channels", "/app/channels", &kEveryone},
    {"nav.users", "/app/users", &kAdmins},
    {"nav.account", "/app/account", &kEveryone},
};

}  // namespace

void AddStaffHeaders(Response* response) {
  response->headers.emplace_back("Cache-Control", "no-store");
  // The public site sends no referrer at all; with that policy browsers send
  // "Origin: null" on form posts, and the origin check needs the real one.
  response->headers.emplace_back("Referrer-Policy", "same-origin");
}

Response Redirect(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  return response;
}

StaffApp::StaffApp(store::Database& db, store::Repositories& repos, const Templates& templates,
                   const Catalogue& catalogue, ConceptCache& concepts, const Clock& clock,
                   std::filesystem::path data_dir, SessionPolicy policy,
                   MediaSettings media_settings)
    : db_(db),
      repos_(repos),
      templates_(templates),
      catalogue_(catalogue),
      concepts_(concepts),
      clock_(clock),
      data_dir_(std::move(data_dir)),
      policy_(policy),
      media_settings_(media_settings),
      workflow_(db, repos, clock, media_settings.rights),
      desk_(db, repos, clock),
      library_(db, repos, data_dir_, media_settings.limits),
      renditions_(data_dir_ / "renditions") {}

void StaffApp::Register(Router& router) {
  router.Get("/app", [](const Request&) { return Redirect("/app/"); });
  router.Get("/app/login", [this](const Request& r) { return LoginForm(r); });
  router.Post("/app/login", [this](const Request& r) { return Login(r); });

  using S = StaffApp;
  auto bind = [this](Response (S::*page)(const Request&, const StaffContext&)) {
    return [this, page](const Request& r, const StaffContext& c) { return (this->*page)(r, c); };
  };
  auto action = [this](std::string name) {
    return [this, name](const Request& r, const StaffContext& c) { return PostAction(r, c, name); };
  };
  Add(router, "GET", "/app/", kEveryone, bind(&S::Dashboard));
  Add(router, "POST", "/app/logout", kEveryone, bind(&S::Logout));
  Add(router, "POST", "/app/logout-everywhere", kEveryone, bind(&S::LogoutEverywhere));
  Add(router, "GET", "/app/account", kEveryone, bind(&S::Account));
  Add(router, "POST", "/app/account", kEveryone, bind(&S::UpdateAccount));
  Add(router, "POST", "/app/account/password", kEveryone, bind(&S::ChangePassword));
  Add(router, "GET", "/app/posts", kNewsroom, bind(&S::PostList));
  Add(router, "GET", "/app/posts/new", kEditors, bind(&S::NewPost));
  Add(router, "POST", "/app/posts", kEditors, bind(&S::CreatePost));
  Add(router, "GET", "/app/posts/{id}", kNewsroom, bind(&S::ShowPost));
  Add(router, "GET", "/app/posts/{id}/edit", kEditors, bind(&S::EditPost));
  Add(router, "POST", "/app/posts/{id}", kEditors, bind(&S::UpdatePost));
  Add(router, "POST", "/app/posts/{id}/submit", kEditors, action("submit"));
  Add(router, "POST", "/app/posts/{id}/approve", kApprovers, action("approve"));
  Add(router, "POST", "/app/posts/{id}/return", kApprovers, action("return"));
  Add(router, "POST", "/app/posts/{id}/schedule", kEditors, action("schedule"));
  Add(router, "POST", "/app/posts/{id}/unschedule", kEditors, action("unschedule"));
  Add(router, "POST", "/app/posts/{id}/withdraw", kNewsroom, action("withdraw"));
  Add(router, "GET", "/app/media", kNewsroom, bind(&S::MediaLibrary));
  Add(router, "POST", "/app/media", kEditors, bind(&S::UploadMedia));
  Add(router, "GET", "/app/media/{id}", kNewsroom, bind(&S::MediaPreview));
  Add(router, "GET", "/app/media/{id}/rights", kNewsroom, bind(&S::ShowMediaRights));
  Add(router, "POST", "/app/media/{id}/rights", kEditors, bind(&S::SaveMediaRights));
  Add(router, "POST", "/app/media/{id}/people", kEditors, bind(&S::AddMediaPerson));
  Add(router, "POST", "/app/media/{id}/people/{person}/withdraw", kEditors,
      bind(&S::WithdrawConsent));
  Add(router, "POST", "/app/takedowns/{id}/done", kEditors, bind(&S::ConfirmTakedown));
  Add(router, "GET", "/app/inbox", kInboxReaders, bind(&S::Inbox));
  Add(router, "POST", "/app/inbox/bulk", kModerators, bind(&S::BulkDecide));
  Add(router, "GET", "/app/inbox/{id}", kInboxReaders, bind(&S::ShowComment));
  Add(router, "POST", "/app/inbox/{id}/decide", kModerators, bind(&S::DecideComment));
  Add(router, "POST", "/app/inbox/{id}/answer", kModerators, bind(&S::AnswerProposal));
  Add(router, "POST", "/app/inbox/{id}/review", kModerators, bind(&S::ReviewComment));
  Add(router, "POST", "/app/inbox/{id}/notice", kModerators, bind(&S::NotifyAuthor));
  Add(router, "POST", "/app/inbox/{id}/holds", kModerators, bind(&S::HoldComment));
  Add(router, "POST", "/app/inbox/{id}/holds/{hold}/release", kModerators, bind(&S::ReleaseHold));
  Add(router, "POST", "/app/inbox/{id}/reports", kModerators, bind(&S::FileCommentReport));
  Add(router, "POST", "/app/inbox/{id}/reports/{report}/outcome", kModerators,
      bind(&S::RecordReportOutcome));
  Add(router, "POST", "/app/inbox/{id}/comments-switch", kModerators, bind(&S::SwitchComments));
  Add(router, "GET", "/app/inbox/{id}/evidence/{file}", kInboxReaders, bind(&S::EvidenceFile));
  Add(router, "GET", "/app/reports/moderation", kInboxReaders, bind(&S::TransparencyPage));
  Add(router, "GET", "/app/reports/moderation.csv", kInboxReaders, bind(&S::TransparencyCsv));
  // Accessibility feedback is read and answered by the people of the inbox.
  Add(router, "GET", "/app/feedback", kInboxReaders, bind(&S::FeedbackList));
  Add(router, "POST", "/app/feedback/{id}/answered", kModerators, bind(&S::MarkFeedbackAnswered));
  Add(router, "GET", "/app/calendar", kPlanners, bind(&S::Calendar));
  Add(router, "GET", "/app/documents", kEveryone, bind(&S::Documents));
  Add(router, "GET", "/app/documents/{name}", kEveryone, bind(&S::DocumentPdf));
  Add(router, "GET", "/app/audit", kAuditors, bind(&S::Audit));
  Add(router, "GET", "/app/channels", kEveryone, bind(&S::Channels));
  Add(router, "POST", "/app/channels/{key}/connect", kAdmins, bind(&S::ConnectChannel));
  Add(router, "GET", "/app/channels/instagram/callback", kAdmins, bind(&S::InstagramCallback));
  Add(router, "GET", "/app/users", kAdmins, bind(&S::Users));
  Add(router, "POST", "/app/users", kAdmins, bind(&S::AddUser));
  Add(router, "POST", "/app/users/{id}", kAdmins, bind(&S::UpdateUser));
}

void StaffApp::Add(Router& router, const std::string& method, const std::string& pattern,
                   std::set<Role> roles, StaffHandler handler) {
  routes_.push_back({method, pattern, roles});
  router.Add(method, pattern, [this, method, roles, handler](const Request& request) {
    Response response = Guarded(request, method, roles, handler);
    AddStaffHeaders(&response);
    return response;
  });
}

Response StaffApp::Guarded(const Request& request, const std::string& method,
                           const std::set<Role>& roles, const StaffHandler& handler) {
  std::optional<StaffContext> ctx = Resolve(request);
  if (!ctx) {
    if (method == "GET") {
      // The query comes along (the platform's sign-in returns with one).
      const std::string query = request.query.empty() ? "" : "%3F" + PercentEncode(request.query);
      return Redirect("/app/login?next=" + request.path + query);
    }
    return ErrorPage(nullptr, std::string(kDefaultLanguage), 401, "error.session_ended");
  }
  if (!HasAny(ctx->user, roles)) return ErrorPage(&*ctx, ctx->lang, 403, "error.forbidden");
  if (method == "POST") {
    if (!SameOrigin(request) || !SameSecret(CsrfField(request), ctx->session.csrf_token)) {
      spdlog::warn("CSRF check failed for {} {} by user {}", method, request.path,
                   ctx->user.id.ToString());
      return ErrorPage(&*ctx, ctx->lang, 403, "error.csrf");
    }
  }
  return handler(request, *ctx);
}

std::optional<StaffContext> StaffApp::Resolve(const Request& request) {
  auto token = CookieValue(request, kSessionCookie);
  if (!token || token->empty()) return std::nullopt;
  const std::string token_hash = Sha256Hex(*token);
  auto session = repos_.sessions.Find(db_, token_hash);
  if (!session || !*session) return std::nullopt;
  const Timestamp now = clock_.Now();
  const store::SessionRecord& record = **session;
  if (now - record.last_seen_at > policy_.idle_timeout ||
      now - record.created_at > policy_.absolute_timeout) {
    (void)repos_.sessions.DeleteExpired(db_, now - policy_.idle_timeout,
                                        now - policy_.absolute_timeout);
    return std::nullopt;
  }
  auto user = repos_.users.Get(db_, record.user_id);
  if (!user || user->disabled) return std::nullopt;
  auto org = repos_.organizations.Get(db_, user->organization_id);
  if (!org) return std::nullopt;
  auto concept_ptr = concepts_.For(org->id);
  if (!concept_ptr) {
    spdlog::error("staff app: {}", concept_ptr.error().message);
    return std::nullopt;
  }
  if (now - record.last_seen_at > kTouchInterval) {
    (void)repos_.sessions.Touch(db_, token_hash, now);
  }
  StaffContext ctx{*user, record, *org, catalogue_.Resolve(user->language), *concept_ptr};
  return ctx;
}

Response StaffApp::Render(const StaffContext& ctx, std::string_view name, TemplateData data,
                          const std::string& title, int status) const {
  const TemplateData& t = catalogue_.Strings(ctx.lang);
  data.set("t", t);
  data.set("csrf", ctx.session.csrf_token);
  TemplateData layout;
  layout.set("t", t);
  layout.set("lang", ctx.lang);
  layout.set("title", title);
  layout.set("csrf", ctx.session.csrf_token);
  layout.set("user_name", ctx.user.display_name);
  layout.set("authority", ctx.org.name);
  TemplateList nav;
  for (const NavItem& item : kNav) {
    if (!HasAny(ctx.user, *item.roles)) continue;
    TemplateData link;
    link.set("label", catalogue_.Text(ctx.lang, item.key));
    link.set("url", item.url);
    nav.push_back(link);
  }
  layout.set("nav", nav);
  layout.set("signed_in", true);
  layout.set("body", templates_.Render(name, data));
  Response response = Response::Html(templates_.Render("staff_layout", layout));
  response.status = status;
  return response;
}

Response StaffApp::ErrorPage(const StaffContext* ctx, const std::string& lang, int status,
                             const std::string& message_key) const {
  TemplateData data;
  data.set("heading", catalogue_.Text(lang, "error.heading_" + std::to_string(status)));
  data.set("message", catalogue_.Text(lang, message_key));
  if (ctx) return Render(*ctx, "staff_error", data, data.get("heading")->string_value(), status);
  const TemplateData& t = catalogue_.Strings(lang);
  data.set("t", t);
  TemplateData layout;
  layout.set("t", t);
  layout.set("lang", lang);
  layout.set("title", catalogue_.Text(lang, "error.heading_" + std::to_string(status)));
  layout.set("body", templates_.Render("staff_error", data));
  Response response = Response::Html(templates_.Render("staff_layout", layout));
  response.status = status;
  return response;
}

Response StaffApp::Failure(const StaffContext& ctx, const Error& error) const {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return ErrorPage(&ctx, ctx.lang, 404, "error.not_found");
    case ErrorCode::kPermissionDenied:
      return ErrorPage(&ctx, ctx.lang, 403, "error.forbidden");
    default:
      break;
  }
  if (error.message.starts_with("workflow.")) {
    return ErrorPage(&ctx, ctx.lang, error.code == ErrorCode::kConflict ? 409 : 422, error.message);
  }
  spdlog::error("staff app: {}", error.message);
  return ErrorPage(&ctx, ctx.lang, 500, "error.internal");
}

}  // namespace civicpost::web
