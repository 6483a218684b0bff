// Login, logout and the person's own account.
#include <spdlog/spdlog.h>

#include "core/password.hpp"
#include "core/sha256.hpp"
#include "web/form.hpp"
#include "web/staff_app.hpp"

namespace civicpost::web {
namespace {

constexpr auto kLoginFormLifetime = std::chrono::hours(1);

// German unless the page was asked for in English (?lang=en): the desk is
// German first, whatever the browser says; after login the account decides.
std::string LanguageOf(const Request& request, const Catalogue& catalogue) {
  if (auto lang = request.query_params.find("lang"); lang != request.query_params.end()) {
    return catalogue.Resolve(lang->second);
  }
  return std::string(kDefaultLanguage);
}

// Only paths inside the app: "next" must not send anyone to another site.
std::string SafeNext(const std::string& next) {
  if (next.starts_with("/app/") && next.find("//") == std::string::npos &&
      next.find('\\') == std::string::npos) {
    return next;
  }
  return "/app/";
}

// Spends the time a real verification takes, so an unknown address cannot be
// told from a wrong password by the answer's speed.
void VerifyAgainstNothing(std::string_view password) {
  static const std::string dummy = [] {
    auto hash = HashPassword("civicpost-timing-equaliser");
    return hash ? *hash : std::string();
  }();
  (void)VerifyPassword(dummy, password);
}

}  // namespace

Response StaffApp::LoginForm(const Request& request, int status, std::string error_key) {
  const std::string lang = LanguageOf(request, catalogue_);
  const std::string token = NewToken();
  const TemplateData& t = catalogue_.Strings(lang);
  TemplateData data;
  data.set("t", t);
  data.set("csrf", token);
  data.set("next", SafeNext(request.query_params.contains("next") ? request.query_params.at("next")
                                                                  : std::string("/app/")));
  data.set("email", "");
  data.set("lang", lang);
  if (!error_key.empty()) data.set("error", catalogue_.Text(lang, error_key));
  TemplateData layout;
  layout.set("t", t);
  layout.set("lang", lang);
  layout.set("title", catalogue_.Text(lang, "login.title"));
  layout.set("body", templates_.Render("staff_login", data));
  Response response = Response::Html(templates_.Render("staff_layout", layout));
  response.status = status;
  response.headers.emplace_back(
      "Set-Cookie",
      SetCookie(kLoginCookie, token, OverTls(request, policy_),
                std::chrono::duration_cast<std::chrono::seconds>(kLoginFormLifetime)));
  AddStaffHeaders(&response);
  return response;
}

Response StaffApp::Login(const Request& request) {
  auto form = Form::Parse(request.body);
  auto login_token = CookieValue(request, kLoginCookie);
  Request again = request;
  if (form) {
    again.query_params["next"] = form->Get("next");
    again.query_params["lang"] = form->Get("lang");
  }
  if (!form || !login_token || !SameSecret(form->Get("csrf"), *login_token)) {
    return LoginForm(again, 403, "error.csrf");
  }
  std::string email = form->Get("email");
  for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string password = form->Get("password");
  const Timestamp now = clock_.Now();
  const Timestamp since = now - policy_.throttle_window;
  // Housekeeping rides along with logins: rows nobody can use any more go.
  (void)repos_.sessions.PruneLoginFailures(db_, since);
  (void)repos_.sessions.DeleteExpired(db_, now - policy_.idle_timeout,
                                      now - policy_.absolute_timeout);

  auto by_account = repos_.sessions.FailuresForEmail(db_, email, since);
  auto by_address = repos_.sessions.FailuresFromAddress(db_, request.remote_address, since);
  if (!by_account || !by_address) return LoginForm(again, 500, "error.internal");
  if (*by_account >= policy_.max_failures_per_account ||
      *by_address >= policy_.max_failures_per_address) {
    Response response = LoginForm(again, 429, "login.throttled");
    response.headers.emplace_back(
        "Retry-After", std::to_string(std::chrono::seconds(policy_.throttle_window).count()));
    return response;
  }

  auto user = repos_.users.FindByEmail(db_, email);
  if (!user) return LoginForm(again, 500, "error.internal");
  bool valid = false;
  if (*user && !(*user)->disabled) {
    valid = VerifyPassword((*user)->password_hash, password);
  } else {
    VerifyAgainstNothing(password);
  }
  if (!valid) {
    Status recorded = store::InTransaction(db_, [&](store::Transaction& tx) {
      return repos_.sessions.RecordLoginFailure(tx, email, request.remote_address);
    });
    if (!recorded.ok()) spdlog::error("recording a failed login: {}", recorded.message());
    return LoginForm(again, 401, "login.wrong");
  }

  // A fresh session id at every login: an id planted before cannot be used after.
  const std::string token = NewToken();
  store::SessionRecord session{Sha256Hex(token),      (*user)->id, NewToken(), now, now,
                               request.remote_address};
  const Actor actor = Actor::ForUser((*user)->id, (*user)->email);
  Status stored = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (auto old = CookieValue(request, kSessionCookie)) {
      if (Status s = repos_.sessions.Delete(tx, actor, Sha256Hex(*old)); !s.ok()) return s;
    }
    if (Status s = repos_.sessions.ClearFailures(tx, email); !s.ok()) return s;
    return repos_.sessions.Create(tx, actor, session);
  });
  if (!stored.ok()) {
    spdlog::error("creating a session: {}", stored.message());
    return LoginForm(again, 500, "error.internal");
  }
  const bool secure = OverTls(request, policy_);
  Response response = Redirect(SafeNext(form->Get("next")));
  response.headers.emplace_back("Set-Cookie", SetCookie(kSessionCookie, token, secure));
  response.headers.emplace_back("Set-Cookie",
                                SetCookie(kLoginCookie, "", secure, std::chrono::seconds(0)));
  return response;
}

Response StaffApp::Logout(const Request& request, const StaffContext& ctx) {
  return EndSessions(request, ctx, /*everywhere=*/false);
}

Response StaffApp::LogoutEverywhere(const Request& request, const StaffContext& ctx) {
  return EndSessions(request, ctx, /*everywhere=*/true);
}

Response StaffApp::EndSessions(const Request& request, const StaffContext& ctx, bool everywhere) {
  const Actor actor = Actor::ForUser(ctx.user.id, ctx.user.email);
  Status ended = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (!everywhere) return repos_.sessions.Delete(tx, actor, ctx.session.token_hash);
    auto count = repos_.sessions.DeleteAllForUser(tx, actor, ctx.user.id);
    return count ? Status::Ok() : Status(count.error());
  });
  if (!ended.ok()) return Failure(ctx, ended.error());
  Response response = Redirect("/app/login?lang=" + ctx.lang);
  response.headers.emplace_back(
      "Set-Cookie",
      SetCookie(kSessionCookie, "", OverTls(request, policy_), std::chrono::seconds(0)));
  return response;
}

Response StaffApp::Account(const Request& request, const StaffContext& ctx) {
  TemplateData data;
  data.set("display_name", ctx.user.display_name);
  data.set("email", ctx.user.email);
  TemplateList roles;
  for (Role role : ctx.user.roles) {
    roles.push_back(T(ctx, "role." + std::string(kRoleNames.Name(role))));
  }
  data.set("roles", roles);
  TemplateList languages;
  for (const std::string& lang : catalogue_.Languages()) {
    TemplateData option;
    option.set("value", lang);
    option.set("label", catalogue_.Text(lang, "language.name"));
    option.set("selected", lang == ctx.lang);
    languages.push_back(option);
  }
  data.set("languages", languages);
  auto done = request.query_params.find("done");
  if (done != request.query_params.end()) {
    data.set("status", T(ctx, "account.done_" + done->second));
  }
  auto error = request.query_params.find("error");
  if (error != request.query_params.end()) {
    data.set("password_error", T(ctx, "account.error_" + error->second));
  }
  return Render(ctx, "staff_account", data, T(ctx, "account.title"));
}

Response StaffApp::UpdateAccount(const Request& request, const StaffContext& ctx) {
  auto form = Form::Parse(request.body);
  User user = ctx.user;
  user.language = catalogue_.Resolve(form->Get("language"));
  Status s = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.users.Update(tx, Actor::ForUser(user.id, user.email), user);
  });
  if (!s.ok()) return Failure(ctx, s.error());
  return Redirect("/app/account?done=language");
}

Response StaffApp::ChangePassword(const Request& request, const StaffContext& ctx) {
  auto form = Form::Parse(request.body);
  const std::string current = form->Get("current_password");
  const std::string next = form->Get("new_password");
  if (!VerifyPassword(ctx.user.password_hash, current)) {
    return Redirect("/app/account?error=current#password");
  }
  if (!CheckPasswordRules(next).ok()) return Redirect("/app/account?error=rules#password");
  if (next != form->Get("new_password_repeat")) {
    return Redirect("/app/account?error=repeat#password");
  }
  auto hash = HashPassword(next);
  if (!hash) return Failure(ctx, hash.error());
  const Actor actor = Actor::ForUser(ctx.user.id, ctx.user.email);
  // A new password ends every other session: whoever knew the old one is out.
  Status s = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    if (Status set = repos_.users.SetPasswordHash(tx, actor, ctx.user.id, *hash); !set.ok()) {
      return set;
    }
    auto ended = repos_.sessions.DeleteAllForUser(tx, actor, ctx.user.id);
    if (!ended) return ended.error();
    return repos_.sessions.Create(tx, actor, ctx.session);
  });
  if (!s.ok()) return Failure(ctx, s.error());
  return Redirect("/app/account?done=password");
}

}  // namespace civicpost::web
