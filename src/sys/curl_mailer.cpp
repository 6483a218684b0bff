#include "sys/curl_mailer.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "sys/gmime_ref.hpp"

namespace civicpost::sys {
namespace {

struct FormatOptionsFree {
  void operator()(GMimeFormatOptions* options) const { g_mime_format_options_free(options); }
};
struct DateTimeUnref {
  void operator()(GDateTime* date) const { g_date_time_unref(date); }
};
struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// One mailbox from "Name <a@b>" or "a@b": its name and address.
struct Mailbox {
  std::string name;
  std::string address;
};

Result<Mailbox> ParseMailbox(const std::string& text, std::string_view what) {
  const auto bad = [&](const std::string& why) {
    return InvalidArgument(std::string(what) + ": '" + text + "' " + why);
  };
  if (text.empty()) return bad("is empty");
  if (HasLineBreak(text)) return bad("has a line break");
  GObjectRef<InternetAddressList> list(internet_address_list_parse(nullptr, text.c_str()));
  if (!list || internet_address_list_length(list.get()) != 1) return bad("is not one address");
  InternetAddress* address = internet_address_list_get_address(list.get(), 0);
  if (!INTERNET_ADDRESS_IS_MAILBOX(address)) return bad("is a group, not an address");
  const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
  const char* name = internet_address_get_name(address);
  Mailbox mailbox{name ? name : "", addr ? addr : ""};
  const size_t at = mailbox.address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == mailbox.address.size() ||
      mailbox.address.find_first_of("<> \t\"") != std::string::npos) {
    return bad("is not an address like name@example.org");
  }
  return mailbox;
}

// Names are encoded as UTF-8 (GMime would pick a legacy charset that fits).
void AddMailbox(InternetAddressList* list, const Mailbox& mailbox) {
  GObjectRef<InternetAddress> address(
      internet_address_mailbox_new(mailbox.name.c_str(), mailbox.address.c_str()));
  internet_address_set_charset(address.get(), "utf-8");
  internet_address_list_add(list, address.get());
}

std::string DomainOf(const std::string& address) { return address.substr(address.find('@') + 1); }

// The host of an smtp(s):// URL, without port and brackets.
std::string_view HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  const size_t at = rest.rfind('@', rest.find('/'));
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find('/'));
  if (rest.starts_with('[')) return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// What curl's SMTP code reports, as an Error naming the step that failed.
Error SmtpError(CURLcode code, long smtp_code, const std::string& detail, const std::string& where,
                const MailMessage& message, const SmtpSettings& settings) {
  const std::string answer = smtp_code > 0 ? " (" + std::to_string(smtp_code) + ")" : "";
  const bool permanent = smtp_code >= 500;
  std::string recipients;
  for (const std::string& to : message.to) recipients += (recipients.empty() ? "" : ", ") + to;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Unavailable(where + ": no connection to the mail server (" + curl_easy_strerror(code) +
                         ")");
    case CURLE_OPERATION_TIMEDOUT:
      return Unavailable(where + ": the mail server did not answer within " +
                         std::to_string(settings.timeout.count()) + " ms");
    case CURLE_LOGIN_DENIED:
      return PermissionDenied(where + ": the mail server refused the login of '" +
                              settings.username + "'" + answer);
    case CURLE_USE_SSL_FAILED:
      return PermissionDenied(where +
                              ": the mail server does not offer STARTTLS, which is required "
                              "(smtps:// for TLS from the start; starttls = \"off\" only on "
                              "this machine)");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
      return PermissionDenied(where + ": the TLS certificate or connection was refused (" +
                              curl_easy_strerror(code) + ")");
    default:
      break;
  }
  if (detail.starts_with("RCPT")) {
    const std::string text =
        where + ": the mail server refused the recipient " + recipients + answer;
    return permanent ? InvalidArgument(text) : Unavailable(text);
  }
  if (detail.starts_with("MAIL")) {
    const std::string text =
        where + ": the mail server refused the sender " + message.from + answer;
    return permanent ? InvalidArgument(text) : Unavailable(text);
  }
  const std::string text = where + ": sending failed" + answer + ": " +
                           (detail.empty() ? curl_easy_strerror(code) : detail);
  return permanent ? InvalidArgument(text) : Unavailable(text);
}

}  // namespace

bool IsLoopbackUrl(std::string_view url) {
  const std::string host(HostOf(url));
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return host == "localhost" || host == "::1";
}

StartTls DefaultStartTls(std::string_view url) {
  return IsLoopbackUrl(url) ? StartTls::kOff : StartTls::kRequired;
}

Result<std::string> ComposeMail(const MailMessage& message) {
  EnsureGMime();
  auto from = ParseMailbox(message.from, "from");
  if (!from) return from.error();
  if (message.to.empty()) return InvalidArgument("to: the message has no recipient");
  if (HasLineBreak(message.subject)) return InvalidArgument("subject: has a line break");
  if (HasLineBreak(message.message_id) ||
      message.message_id.find_first_of("<> ") != std::string::npos) {
    return InvalidArgument("message_id: '" + message.message_id + "' is not an id@host");
  }

  GObjectRef<GMimeMessage> mail(g_mime_message_new(TRUE));
  AddMailbox(g_mime_message_get_from(mail.get()), *from);
  for (const std::string& to : message.to) {
    auto mailbox = ParseMailbox(to, "to");
    if (!mailbox) return mailbox.error();
    AddMailbox(g_mime_message_get_addresses(mail.get(), GMIME_ADDRESS_TYPE_TO), *mailbox);
  }
  g_mime_message_set_subject(mail.get(), message.subject.c_str(), "utf-8");
  const auto date = message.date.value_or(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  std::unique_ptr<GDateTime, DateTimeUnref> when(
      g_date_time_new_from_unix_utc(date.time_since_epoch().count()));
  g_mime_message_set_date(mail.get(), when.get());
  if (message.message_id.empty()) {
    GlibString id(g_mime_utils_generate_message_id(DomainOf(from->address).c_str()));
    g_mime_message_set_message_id(mail.get(), id.get());
  } else {
    g_mime_message_set_message_id(mail.get(), message.message_id.c_str());
  }

  // The text as it is (UTF-8); g_mime_text_part_set_text would convert it
  // to a legacy charset where one fits.
  GObjectRef<GMimeTextPart> body(g_mime_text_part_new_with_subtype("plain"));
  GObjectRef<GMimeStream> bytes(
      g_mime_stream_mem_new_with_buffer(message.text.data(), message.text.size()));
  GObjectRef<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(bytes.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(body.get()), content.get());
  g_mime_text_part_set_charset(body.get(), "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(body.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part(mail.get(), GMIME_OBJECT(body.get()));

  std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  GlibString text(g_mime_object_to_string(GMIME_OBJECT(mail.get()), options.get()));
  if (!text) return Internal("GMime could not write the message");
  return std::string(text.get());
}

CurlMailer::CurlMailer(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status CurlMailer::Send(const MailMessage& message) {
  const std::string where = "SMTP " + std::string(HostOf(settings_.url));
  if (!settings_.url.starts_with("smtp://") && !settings_.url.starts_with("smtps://")) {
    return InvalidArgument(where + ": '" + settings_.url + "' is not an smtp:// or smtps:// URL");
  }
  auto composed = ComposeMail(message);
  if (!composed) return composed.error();
  auto from = ParseMailbox(message.from, "from");
  if (!from) return from.error();

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Internal("libcurl could not start a connection");
  CURL* c = curl.get();
  char detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (settings_.ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file->c_str());
  if (settings_.url.starts_with("smtp://")) {
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     settings_.starttls == StartTls::kRequired
                         ? static_cast<long>(CURLUSESSL_ALL)
                         : static_cast<long>(CURLUSESSL_NONE));
  }
  if (!settings_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  const std::string envelope_from = "<" + from->address + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_slist* list = nullptr;
  for (const std::string& to : message.to) {
    auto mailbox = ParseMailbox(to, "to");
    if (!mailbox) {
      curl_slist_free_all(list);
      return mailbox.error();
    }
    list = curl_slist_append(list, ("<" + mailbox->address + ">").c_str());
  }
  std::unique_ptr<curl_slist, ListDeleter> recipients(list);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, list);
  Upload upload{*composed};
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, OnRead);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(composed->size()));

  const CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) return Status::Ok();
  long smtp_code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtp_code);
  return SmtpError(code, smtp_code, detail, where, message, settings_);
}

}  // namespace civicpost::sys
