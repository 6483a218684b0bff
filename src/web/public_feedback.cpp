#include "web/public_feedback.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <stdexcept>

#include "concept/authority_zone.hpp"
#include "web/form.hpp"
#include "web/staff_format.hpp"

namespace civicpost::web {
namespace {

using std::chrono::sys_days;

constexpr std::string_view kTokenContext = "civicpost-feedback-form\n";
// Only people see this; bots fill every field they find.
constexpr std::string_view kHoneypot = "website";
// When the rate table grows past this, addresses with nothing recent go.
constexpr size_t kPruneAbove = 10'000;

// Characters, not bytes: the limit a person reads next to the field.
size_t CharCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// Browsers send line breaks as CR LF; store and count them as one.
std::string Normalized(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  const size_t last = text.find_last_not_of(" \t\n");
  return text.substr(first, last - first + 1);
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

}  // namespace

bool PlausibleEmail(std::string_view text) {
  if (text.empty() || text.size() > 254) return false;
  const size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = text.substr(at + 1);
  if (at > 64 || domain.size() < 3) return false;
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()) return false;
  if (domain.front() == '-' || domain.find("..") != std::string_view::npos) return false;
  for (unsigned char c : text) {
    if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '(' || c == ')' || c == '[' || c == ']' || c == '\\') {
      return false;
    }
  }
  return true;
}

PublicFeedback::PublicFeedback(store::Database& db, store::Repositories& repos,
                               const Templates& templates, const Catalogue& catalogue,
                               ConceptCache& concepts, const Clock& clock, std::string key,
                               FeedbackFormLimits limits)
    : db_(db),
      repos_(repos),
      templates_(templates),
      catalogue_(catalogue),
      concepts_(concepts),
      clock_(clock),
      key_(std::move(key)),
      limits_(limits) {
  static_assert(kKeyBytes == crypto_auth_KEYBYTES);
  if (key_.size() != kKeyBytes) {
    throw std::invalid_argument("the feedback form key must have 32 bytes");
  }
}

void PublicFeedback::Register(Router& router) {
  router.Get("/{slug}/barrierefreiheit/rueckmeldung/",
             [this](const Request& r) { return ShowForm(r); });
  router.Post("/{slug}/barrierefreiheit/rueckmeldung/",
              [this](const Request& r) { return Submit(r); });
}

std::string PublicFeedback::Mac(std::string_view slug, std::string_view issued,
                                std::string_view nonce) const {
  const std::string signed_text = std::string(kTokenContext) + std::string(slug) + "\n" +
                                  std::string(issued) + "\n" + std::string(nonce);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
              reinterpret_cast<const unsigned char*>(key_.data()));
  return Hex(mac, sizeof mac);
}

std::string PublicFeedback::TokenFor(std::string_view slug, Timestamp issued) const {
  // The nonce tells apart two forms issued in the same second, so that
  // one person's message does not use up another's token.
  unsigned char nonce_bytes[kNonceBytes];
  randombytes_buf(nonce_bytes, sizeof nonce_bytes);
  const std::string issued_text = std::to_string(issued.time_since_epoch().count());
  const std::string nonce = Hex(nonce_bytes, sizeof nonce_bytes);
  return issued_text + "." + nonce + "." + Mac(slug, issued_text, nonce);
}

PublicFeedback::TokenCheck PublicFeedback::CheckToken(std::string_view slug,
                                                      std::string_view token) {
  // "<issued>.<nonce>.<mac>"
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return TokenCheck::kInvalid;
  const std::string_view issued_text = token.substr(0, first);
  const std::string_view nonce = token.substr(first + 1, second - first - 1);
  const std::string_view mac = token.substr(second + 1);
  int64_t issued = 0;
  auto [end, ec] =
      std::from_chars(issued_text.data(), issued_text.data() + issued_text.size(), issued);
  if (ec != std::errc() || end != issued_text.data() + issued_text.size() ||
      nonce.size() != 2 * kNonceBytes) {
    return TokenCheck::kInvalid;
  }
  const std::string expected = Mac(slug, issued_text, nonce);
  if (mac.size() != expected.size() ||
      sodium_memcmp(mac.data(), expected.data(), expected.size()) != 0) {
    return TokenCheck::kInvalid;
  }
  const Timestamp issued_at{std::chrono::seconds(issued)};
  const Timestamp now = clock_.Now();
  // A minute of leeway for a clock that stepped back.
  if (issued_at > now + std::chrono::minutes(1) || now - issued_at > limits_.token_lifetime) {
    return TokenCheck::kInvalid;
  }
  if (!UseToken(std::string(token), issued_at + limits_.token_lifetime)) return TokenCheck::kUsed;
  return TokenCheck::kOk;
}

bool PublicFeedback::UseToken(const std::string& token, Timestamp expires) {
  std::lock_guard<std::mutex> lock(mu_);
  const Timestamp now = clock_.Now();
  std::erase_if(used_tokens_, [&](const auto& entry) { return entry.second < now; });
  return used_tokens_.emplace(token, expires).second;
}

bool PublicFeedback::Admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = clock_.SteadyNow();
  const auto since = now - limits_.rate_window;
  if (accepted_.size() > kPruneAbove) {
    std::erase_if(accepted_, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() < since;
    });
  }
  auto& times = accepted_[address];
  while (!times.empty() && times.front() < since) times.pop_front();
  if (static_cast<int>(times.size()) >= limits_.per_address) return false;
  times.push_back(now);
  return true;
}

std::vector<PublicFeedback::FieldError> PublicFeedback::Check(const Fields& fields) const {
  std::vector<FieldError> errors;
  auto too_long = [&](std::string_view field, const std::string& value, size_t max) {
    const size_t count = CharCount(value);
    if (count <= max) return false;
    errors.push_back({std::string(field),
                      catalogue_.Format("de", "feedback.error_too_long",
                                        {{"field", T("feedback.field_" + std::string(field))},
                                         {"max", std::to_string(max)},
                                         {"count", std::to_string(count)}})});
    return true;
  };
  // In the order of the fields on the form.
  if (fields.message.empty()) {
    errors.push_back({"message", T("feedback.error_message_missing")});
  } else {
    too_long("message", fields.message, limits_.max_message_chars);
  }
  too_long("page", fields.page, limits_.max_page_chars);
  too_long("name", fields.name, limits_.max_name_chars);
  if (!too_long("email", fields.email, limits_.max_email_chars) && !fields.email.empty() &&
      !PlausibleEmail(fields.email)) {
    errors.push_back({"email", T("feedback.error_email")});
  }
  return errors;
}

Response PublicFeedback::ErrorPage(int status, const std::string& heading_key,
                                   const std::string& text_key) {
  TemplateData data;
  data.set("heading", T(heading_key));
  data.set("message", T(text_key));
  Response response =
      Response::Html(templates_.Page("error", data, {T(heading_key), "", "civicpost", "/", {}}));
  response.status = status;
  return response;
}

Response PublicFeedback::ShowForm(const Request& request) {
  auto org = repos_.organizations.FindBySlug(db_, request.path_params.at("slug"));
  if (!org) {
    spdlog::error("feedback form: {}", org.error().message);
    return ErrorPage(503, "feedback.unavailable_heading", "feedback.unavailable");
  }
  if (!*org) return ErrorPage(404, "feedback.not_found_heading", "feedback.not_found");
  Fields fields;
  // The statement's links may name the page the feedback is about.
  if (auto page = request.query_params.find("seite");
      page != request.query_params.end() && CharCount(page->second) <= limits_.max_page_chars) {
    fields.page = page->second;
  }
  return FormPage(**org, fields, {}, "", 200);
}

Response PublicFeedback::FormPage(const Organization& org, const Fields& fields,
                                  const std::vector<FieldError>& errors,
                                  const std::string& general_error, int status) {
  TemplateData data;
  data.set("t", catalogue_.Strings("de"));
  data.set("authority", org.name);
  data.set("action", "/" + org.slug + "/barrierefreiheit/rueckmeldung/");
  data.set("statement_url", "/" + org.slug + "/barrierefreiheit/");
  data.set("token", TokenFor(org.slug, clock_.Now()));
  data.set("max_message", std::to_string(limits_.max_message_chars));
  data.set("max_name", std::to_string(limits_.max_name_chars));
  data.set("max_page", std::to_string(limits_.max_page_chars));
  data.set("message_limit",
           catalogue_.Format("de", "feedback.message_hint",
                             {{"max", std::to_string(limits_.max_message_chars)}}));
  data.set("name", fields.name);
  data.set("email", fields.email);
  data.set("page", fields.page);
  data.set("message", fields.message);
  TemplateList summary;
  for (const FieldError& error : errors) {
    TemplateData item;
    item.set("field", error.field);
    item.set("text", error.text);
    summary.push_back(item);
    // The first error of a field stands beside it.
    if (!data.get(error.field + "_error")) data.set(error.field + "_error", error.text);
  }
  data.set("errors", summary);
  data.set("has_errors", !summary.empty() || !general_error.empty());
  if (!general_error.empty()) data.set("general_error", general_error);
  PageFrame frame;
  frame.title = T("feedback.title") + " – " + org.name;
  frame.description = catalogue_.Format("de", "feedback.description", {{"authority", org.name}});
  frame.site_name = org.name;
  frame.home_url = "/" + org.slug + "/";
  Response response = Response::Html(templates_.Page("public_feedback", data, frame));
  response.status = status;
  // The page carries a token; a shared cache must not hand it to another.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response PublicFeedback::Submit(const Request& request) {
  auto org = repos_.organizations.FindBySlug(db_, request.path_params.at("slug"));
  if (!org) {
    spdlog::error("feedback form: {}", org.error().message);
    return ErrorPage(503, "feedback.unavailable_heading", "feedback.unavailable");
  }
  if (!*org) return ErrorPage(404, "feedback.not_found_heading", "feedback.not_found");
  auto form = Form::Parse(request.body);
  if (!form) return FormPage(**org, {}, {}, T("feedback.error_form"), 400);
  Fields fields{Trimmed(Normalized(form->Get("name"))), Trimmed(Normalized(form->Get("email"))),
                Trimmed(Normalized(form->Get("page"))), Trimmed(Normalized(form->Get("message")))};
  // A filled honeypot is a bot; it learns nothing it could adapt to.
  if (!form->Get(kHoneypot).empty()) {
    spdlog::info("feedback form of {}: honeypot filled, refused", (*org)->slug);
    return FormPage(**org, fields, {}, T("feedback.error_refused"), 400);
  }
  std::vector<FieldError> errors = Check(fields);
  if (!errors.empty()) return FormPage(**org, fields, errors, "", 422);
  switch (CheckToken((*org)->slug, form->Get("token"))) {
    case TokenCheck::kOk:
      break;
    case TokenCheck::kInvalid:
      return FormPage(**org, fields, {}, T("feedback.error_token"), 400);
    case TokenCheck::kUsed:
      return FormPage(**org, fields, {}, T("feedback.error_token_used"), 409);
  }
  if (!Admit(request.remote_address)) {
    return FormPage(**org, fields, {}, T("feedback.error_rate"), 429);
  }

  int response_days = usage::kDefaultFeedbackResponseDays;
  usage::OfficeHours hours;
  if (auto concept_ptr = concepts_.For((*org)->id)) {
    hours = (*concept_ptr)->office_hours;
    if ((*concept_ptr)->accessibility) {
      response_days = (*concept_ptr)->accessibility->feedback_response_days;
    }
  }
  const TimeZone zone = usage::AuthorityZone(hours);
  const Timestamp now = clock_.Now();
  const auto today = zone.ToLocal(now).date();
  store::SiteFeedback feedback;
  feedback.organization = (*org)->id;
  feedback.received_at = now;
  feedback.sender_name = fields.name;
  feedback.sender_email = fields.email;
  feedback.page = fields.page;
  feedback.message = fields.message;
  feedback.due_on = std::chrono::year_month_day{sys_days(today) + std::chrono::days(response_days)};
  auto id = store::InTransaction(db_, [&](store::Transaction& tx) {
    return repos_.site_feedback.Create(tx, Actor{"public:feedback-form"}, feedback);
  });
  if (!id) {
    spdlog::error("feedback form of {}: {}", (*org)->slug, id.error().message);
    return FormPage(**org, fields, {}, T("feedback.unavailable"), 503);
  }
  spdlog::info("feedback {} for {} received, due {}", id->ToString(), (*org)->slug,
               FormatIsoDate(feedback.due_on));

  TemplateData data;
  data.set("t", catalogue_.Strings("de"));
  data.set("sent", true);
  data.set("authority", (*org)->name);
  data.set("statement_url", "/" + (*org)->slug + "/barrierefreiheit/");
  data.set("home_url", "/" + (*org)->slug + "/");
  data.set("deadline", catalogue_.Format("de", "feedback.deadline",
                                         {{"authority", (*org)->name},
                                          {"days", std::to_string(response_days)},
                                          {"date", DateText(feedback.due_on, catalogue_, "de")}}));
  data.set("reference", catalogue_.Format("de", "feedback.reference", {{"id", id->ToString()}}));
  data.set("answer_by",
           T(fields.email.empty() ? "feedback.no_email_answer" : "feedback.email_answer"));
  PageFrame frame;
  frame.title = T("feedback.sent_title") + " – " + (*org)->name;
  frame.site_name = (*org)->name;
  frame.home_url = "/" + (*org)->slug + "/";
  Response response = Response::Html(templates_.Page("public_feedback", data, frame));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace civicpost::web
