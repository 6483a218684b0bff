#pragma once
// A real SMTP server on a free loopback port, in a thread of its own, that
// keeps what it receives: enough ESMTP for libcurl (EHLO/HELO, MAIL FROM,
// RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT), no TLS, no AUTH.
// It can refuse a recipient (550) so tests see the error. One connection
// at a time, which is all a test needs.
//
// Typical usage:
//   testing::SmtpSink sink;
//   sys::CurlMailer mailer({.url = sink.Url(), .starttls = sys::StartTls::kOff});
//   ... send ...
//   ReceivedMail mail = ReadMail(sink.Messages().at(0).data);
//   EXPECT_EQ(mail.subject, "Frist für Kommentar 42");

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace civicpost::testing {

// One message as the server took it.
struct SmtpEnvelope {
  std::string mail_from;             // the address in MAIL FROM:<...>
  std::vector<std::string> rcpt_to;  // the accepted RCPT TO addresses
  std::string data;                  // dot-unstuffed, CRLF line ends, without the final "."
};

class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  uint16_t port() const { return port_; }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // RCPT TO:<address> is answered 550 from now on.
  void Refuse(const std::string& address);
  std::vector<SmtpEnvelope> Messages() const;

 private:
  void Serve();
  void Talk(boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  // Guarded by mu_
  std::vector<SmtpEnvelope> messages_;
  std::set<std::string> refused_;
  bool stopping_ = false;
  std::thread thread_;  // last: started after everything it reads
};

// A message parsed with GMime: the headers decoded (RFC 2047), the text
// part decoded from its transfer encoding and charset.
struct ReceivedMail {
  std::string from;             // "Name <a@b>" as GMime prints it, decoded
  std::vector<std::string> to;  // addresses
  std::string subject;
  std::string message_id;
  std::string content_type;  // "text/plain; charset=utf-8"
  std::string text;          // the body, "\n" line ends
};
ReceivedMail ReadMail(const std::string& raw);

}  // namespace civicpost::testing
