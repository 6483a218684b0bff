#include "support/smtp_sink.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <istream>
#include <memory>

#include "sys/gmime_ref.hpp"

namespace civicpost::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// "MAIL FROM:<a@b> SIZE=12" -> "a@b".
std::string AngleAddress(const std::string& line) {
  const size_t open = line.find('<');
  const size_t close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

bool Write(tcp::socket& socket, const std::string& reply) {
  boost::system::error_code error;
  asio::write(socket, asio::buffer(reply), error);
  return !error;
}

// One line without its CRLF; false when the client went away.
bool ReadLine(tcp::socket& socket, asio::streambuf& buffer, std::string& line) {
  boost::system::error_code error;
  asio::read_until(socket, buffer, "\r\n", error);
  if (error) return false;
  std::istream in(&buffer);
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::string WithoutCr(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

}  // namespace

SmtpSink::SmtpSink() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { Serve(); });
}

SmtpSink::~SmtpSink() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  // Wakes the blocking accept; the loop sees stopping_ and ends.
  boost::system::error_code error;
  tcp::socket wake(io_);
  wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), error);
  thread_.join();
}

void SmtpSink::Refuse(const std::string& address) {
  std::lock_guard lock(mu_);
  refused_.insert(address);
}

std::vector<SmtpEnvelope> SmtpSink::Messages() const {
  std::lock_guard lock(mu_);
  return messages_;
}

void SmtpSink::Serve() {
  while (true) {
    tcp::socket socket(io_);
    boost::system::error_code error;
    acceptor_.accept(socket, error);
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (!error) Talk(socket);
  }
}

void SmtpSink::Talk(tcp::socket& socket) {
  asio::streambuf buffer;
  SmtpEnvelope envelope;
  if (!Write(socket, "220 sink.test ESMTP civicpost test sink\r\n")) return;
  std::string line;
  while (ReadLine(socket, buffer, line)) {
    const std::string verb = Upper(line.substr(0, line.find(' ')));
    std::string reply;
    if (verb == "EHLO") {
      reply = "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n";
    } else if (verb == "HELO" || verb == "NOOP") {
      reply = "250 2.0.0 Ok\r\n";
    } else if (verb == "RSET") {
      envelope = {};
      reply = "250 2.0.0 Ok\r\n";
    } else if (verb == "MAIL") {
      envelope = {};
      envelope.mail_from = AngleAddress(line);
      reply = "250 2.1.0 Ok\r\n";
    } else if (verb == "RCPT") {
      const std::string address = AngleAddress(line);
      std::lock_guard lock(mu_);
      if (refused_.contains(address)) {
        reply = "550 5.1.1 <" + address + ">: Recipient address rejected\r\n";
      } else {
        envelope.rcpt_to.push_back(address);
        reply = "250 2.1.5 Ok\r\n";
      }
    } else if (verb == "DATA") {
      if (envelope.rcpt_to.empty()) {
        reply = "503 5.5.1 Error: need RCPT command\r\n";
      } else {
        if (!Write(socket, "354 End data with <CR><LF>.<CR><LF>\r\n")) return;
        while (true) {
          if (!ReadLine(socket, buffer, line)) return;
          if (line == ".") break;
          if (line.starts_with('.')) line.erase(0, 1);  // dot-unstuffing (RFC 5321 4.5.2)
          envelope.data += line + "\r\n";
        }
        {
          std::lock_guard lock(mu_);
          messages_.push_back(envelope);
        }
        envelope = {};
        reply = "250 2.0.0 Ok: queued\r\n";
      }
    } else if (verb == "QUIT") {
      Write(socket, "221 2.0.0 Bye\r\n");
      return;
    } else {
      reply = "502 5.5.2 Error: command not recognized\r\n";
    }
    if (!Write(socket, reply)) return;
  }
}

ReceivedMail ReadMail(const std::string& raw) {
  sys::EnsureGMime();
  ReceivedMail out;
  sys::GObjectRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  sys::GObjectRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  sys::GObjectRef<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return out;
  if (const char* subject = g_mime_message_get_subject(message.get())) out.subject = subject;
  if (const char* id = g_mime_message_get_message_id(message.get())) out.message_id = id;
  sys::GlibString from(
      internet_address_list_to_string(g_mime_message_get_from(message.get()), nullptr, FALSE));
  if (from) out.from = from.get();
  InternetAddressList* to = g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO);
  for (int i = 0; i < internet_address_list_length(to); ++i) {
    InternetAddress* address = internet_address_list_get_address(to, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      out.to.emplace_back(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    }
  }
  GMimeObject* part = g_mime_message_get_mime_part(message.get());
  if (part != nullptr) {
    sys::GlibString type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(part)));
    const char* charset = g_mime_object_get_content_type_parameter(part, "charset");
    out.content_type = std::string(type ? type.get() : "") +
                       (charset ? std::string("; charset=") + charset : std::string());
    if (GMIME_IS_TEXT_PART(part)) {
      sys::GlibString text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
      if (text) out.text = WithoutCr(text.get());
    }
  }
  return out;
}

}  // namespace civicpost::testing
