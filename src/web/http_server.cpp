#include "web/http_server.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <csignal>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace civicpost::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kServerName = "civicpost";
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSecurityHeaders = {{
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; "
     "base-uri 'none'; form-action 'self'"},
}};
// The server owns framing; handlers may not set these.
constexpr std::array<std::string_view, 5> kReservedHeaders = {
    "Content-Length", "Transfer-Encoding", "Connection", "Content-Type", "Server"};
// After an error response the rest of the request is read and discarded for a
// while, so that closing does not reset the connection before the client has
// read the response.
constexpr std::chrono::seconds kDrainTimeout{2};
constexpr size_t kDrainLimit = 1024 * 1024;
constexpr size_t kDrainChunk = 16 * 1024;

std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }

bool HasControlChars(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

std::string HostPort(const std::string& address, uint16_t port) {
  const bool ipv6 = address.find(':') != std::string::npos;
  return (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Router& r, Metrics& m, ServerOptions o)
      : router(r),
        metrics(m),
        options(std::move(o)),
        io_context(std::max(options.threads, 1)),
        strand(asio::make_strand(io_context)),
        acceptor(strand),
        grace_timer(strand),
        signals(strand) {
    max_body_limit = options.body_limit;
    for (const SpooledRoute& route : options.spooled_routes) {
      max_body_limit = std::max(max_body_limit, route.body_limit);
    }
  }
  ~Impl() {
    std::lock_guard<std::mutex> lock(mu);
    destroying = true;
  }

  size_t max_body_limit = 0;  // of the server and every spooled route

  Status Listen();
  void Run();
  void Shutdown();
  void ShutdownOnStrand();
  void WaitForSignal();
  void DoAccept();
  bool Register(const std::shared_ptr<Connection>& connection);
  void Unregister(Connection* connection);
  void StopIfDrainedLocked();
  std::vector<std::shared_ptr<Connection>> Snapshot();

  const Router& router;
  Metrics& metrics;
  const ServerOptions options;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};

  // Declared before io_context: connections destroyed along with the
  // io_context still unregister themselves.
  std::mutex mu;
  // Guarded by mu.
  std::map<Connection*, std::weak_ptr<Connection>> connections;
  bool acceptor_closed = false;
  bool destroying = false;

  asio::io_context io_context;
  // Acceptor, grace timer and signals are used on `strand` only (or before
  // and after Run).
  asio::strand<asio::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;
  asio::signal_set signals;
};

// One client connection. Lives in shared_ptrs held by its pending async
// operations (the Beast idiom): it is destroyed when the last one completes.
// All members are used on the connection's own strand.
class HttpServer::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Impl& server) : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    asio::ip::address peer = stream_.socket().remote_endpoint(ec).address();
    // Listening on "::" reports IPv4 clients as ::ffff:a.b.c.d.
    if (peer.is_v6() && peer.to_v6().is_v4_mapped()) {
      peer = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
    }
    if (!ec) remote_address_ = peer.to_string();
  }
  ~Connection() {
    RemoveSpool();
    server_.Unregister(this);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadRequest(); });
  }
  // Closes the connection if it waits for a request; else lets it finish.
  void BeginShutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->phase_ == Phase::kIdle) self->Close();
    });
  }
  void ForceClose() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
  }

 private:
  enum class Phase { kIdle, kReading, kResponding, kClosed };

  void ReadRequest() {
    if (closing_ || server_.stopping) return Close();
    file_parser_.reset();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(server_.options.header_limit, std::numeric_limits<uint32_t>::max())));
    // The largest limit until the headers say which route this is: Beast
    // refuses a Content-Length over the limit while reading the headers.
    parser_->body_limit(server_.max_body_limit);
    phase_ = buffer_.size() > 0 ? Phase::kReading : Phase::kIdle;
    stream_.expires_after(first_request_ ? server_.options.read_timeout
                                         : server_.options.keep_alive_timeout);
    http::async_read_some(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->OnReadError(ec);
                            // The request has begun: from now on it must arrive within
                            // read_timeout.
                            self->phase_ = Phase::kReading;
                            self->stream_.expires_after(self->server_.options.read_timeout);
                            if (self->parser_->is_header_done()) return self->OnHeader();
                            http::async_read_header(self->stream_, self->buffer_, *self->parser_,
                                                    [self](beast::error_code ec2, size_t) {
                                                      if (ec2) return self->OnReadError(ec2);
                                                      self->OnHeader();
                                                    });
                          });
  }

  void OnHeader() {
    if (parser_->is_done()) return Respond();
    const auto& header = parser_->get();
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      continue_ = http::response<http::empty_body>(http::status::continue_, header.version());
      return http::async_write(stream_, continue_,
                               [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    if (const SpooledRoute* route = SpooledRouteFor(parser_->get())) return SpoolBody(*route);
    const auto length = parser_->content_length();
    if (length && *length > server_.options.body_limit) return SendError(413, "Payload Too Large");
    parser_->body_limit(server_.options.body_limit);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->Respond();
                     });
  }

  const SpooledRoute* SpooledRouteFor(const http::request_header<>& header) const {
    const std::string_view target = ToStd(header.target());
    const std::string_view path = target.substr(0, target.find('?'));
    for (const SpooledRoute& route : server_.options.spooled_routes) {
      if (route.method == ToStd(header.method_string()) && route.path == path) return &route;
    }
    return nullptr;
  }

  // The body goes to a file in route.dir, after `admit` has seen the headers.
  void SpoolBody(const SpooledRoute& route) {
    std::optional<Request> headers_only = RequestFrom(parser_->get());
    if (!headers_only) return SendError(400, "Bad Request");
    if (route.admit && !route.admit(*headers_only)) {
      return SendError(route.refusal_status,
                       route.refusal_status == 401 ? "Unauthorized" : "Forbidden");
    }
    static std::atomic<uint64_t> counter{0};
    spool_ = route.dir /
             ("request-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".part");
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    const auto length = file_parser_->content_length();
    if (length && *length > route.body_limit) return SendError(413, "Payload Too Large");
    file_parser_->body_limit(route.body_limit);
    stream_.expires_after(route.read_timeout);
    beast::error_code ec;
    file_parser_->get().body().open(spool_.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
      spdlog::error("cannot spool an upload to {}: {}", spool_.string(), ec.message());
      spool_.clear();
      return SendError(507, "Insufficient Storage");
    }
    http::async_read(stream_, buffer_, *file_parser_,
                     [self = shared_from_this()](beast::error_code read_ec, size_t) {
                       if (read_ec) return self->OnReadError(read_ec);
                       self->Respond();
                     });
  }

  void RemoveSpool() {
    if (file_parser_) file_parser_->get().body().close();
    if (spool_.empty()) return;
    std::error_code ec;
    std::filesystem::remove(spool_, ec);
    spool_.clear();
  }

  // Everything but the body; nullopt for a target that cannot be decoded.
  std::optional<Request> RequestFrom(const http::request_header<>& message) const {
    Request request;
    request.method = std::string(ToStd(message.method_string()));
    request.remote_address = remote_address_;
    if (!ParseRequestTarget(ToStd(message.target()), &request).ok()) return std::nullopt;
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(ToStd(field.name_string())),
                                   std::string(ToStd(field.value())));
    }
    return request;
  }

  void OnReadError(beast::error_code ec) {
    RemoveSpool();
    if (ec == http::error::header_limit) return SendError(431, "Request Header Fields Too Large");
    if (ec == http::error::body_limit) return SendError(413, "Payload Too Large");
    if (ec == beast::error::timeout) spdlog::debug("connection timed out, closing it");
    const bool parse_error =
        &ec.category() == &http::make_error_code(http::error::bad_target).category();
    if (parse_error && ec != http::error::end_of_stream && ec != http::error::partial_message) {
      spdlog::debug("malformed request: {}", ec.message());
      return SendError(400, "Bad Request");
    }
    Close();
  }

  void Respond() {
    phase_ = Phase::kResponding;
    const Clock::time_point started = Clock::now();
    const http::request_header<>& message =
        file_parser_ ? static_cast<const http::request_header<>&>(file_parser_->get())
                     : static_cast<const http::request_header<>&>(parser_->get());
    const bool client_keep_alive =
        file_parser_ ? file_parser_->get().keep_alive() : parser_->get().keep_alive();
    const std::string_view target = ToStd(message.target());
    const std::string_view raw_path = target.substr(0, target.find('?'));
    std::optional<Request> parsed = RequestFrom(message);
    if (!parsed) {
      RemoveSpool();
      return SendError(400, "Bad Request");
    }
    Request request = std::move(*parsed);
    if (file_parser_) {
      file_parser_->get().body().close();
      request.body_file = spool_;
    } else {
      request.body = std::move(parser_->get().body());
    }
    Answering answering{request.method,
                        std::string(raw_path),
                        message.version(),
                        client_keep_alive,
                        message.method() == http::verb::head,
                        started};
    for (const DeferredRoute& route : server_.options.deferred_routes) {
      if (route.method != request.method || route.path != request.path) continue;
      RemoveSpool();
      answering.route = route.path;
      auto pending = std::make_shared<PendingReply>(shared_from_this(), answering);
      Reply reply = [pending](Response response) { pending->Send(std::move(response)); };
      try {
        route.handler(std::move(request), std::move(reply));
      } catch (const std::exception& e) {
        spdlog::error("handler for {} {} threw: {}", route.method, route.path, e.what());
        pending->Send(Response::Text(500, "500 Internal Server Error\n"));
      } catch (...) {
        spdlog::error("handler for {} {} threw", route.method, route.path);
        pending->Send(Response::Text(500, "500 Internal Server Error\n"));
      }
      return;
    }
    Dispatched dispatched = server_.router.Dispatch(std::move(request));
    RemoveSpool();
    answering.route = dispatched.route;
    Answer(answering, std::move(dispatched.response));
  }

  // What answering a request needs once its handler has returned.
  struct Answering {
    std::string method;
    std::string raw_path;
    unsigned version = 11;
    bool client_keep_alive = false;
    bool head = false;
    Clock::time_point started;
    std::string route{};
  };

  // A deferred route's answer: the first Send counts (from any thread; the
  // answer is written on the connection's strand), later ones are ignored,
  // and a reply dropped unanswered answers 500 rather than leave the client
  // (and a shutdown waiting for it) hanging.
  class PendingReply {
   public:
    PendingReply(std::shared_ptr<Connection> connection, Answering answering)
        : connection_(std::move(connection)), answering_(std::move(answering)) {}
    ~PendingReply() {
      if (!sent_.exchange(true)) {
        spdlog::error("handler for {} {} never answered", answering_.method, answering_.route);
        Post(Response::Text(500, "500 Internal Server Error\n"));
      }
    }
    void Send(Response response) {
      if (sent_.exchange(true)) return;
      Post(std::move(response));
    }

   private:
    void Post(Response response) {
      asio::post(connection_->stream_.get_executor(),
                 [connection = connection_, answering = answering_,
                  response = std::move(response)]() mutable {
                   connection->Answer(answering, std::move(response));
                 });
    }
    std::shared_ptr<Connection> connection_;
    Answering answering_;
    std::atomic<bool> sent_{false};
  };

  void Answer(const Answering& answering, Response response) {
    const bool keep_alive = answering.client_keep_alive && !closing_ && !server_.stopping;
    const int status = Prepare(std::move(response), answering.version, keep_alive, answering.head);
    const std::chrono::duration<double> elapsed = Clock::now() - answering.started;
    server_.metrics.RecordRequest(answering.route, answering.method, status, elapsed);
    spdlog::debug("{} {} -> {} in {:.1f} ms (route {})", answering.method, answering.raw_path,
                  status, elapsed.count() * 1000, answering.route);
    Write(false);
  }

  // A 4xx for a request that could not be read; the connection closes after.
  void SendError(int status, std::string_view reason) {
    phase_ = Phase::kResponding;
    const bool has_header = parser_ && parser_->is_header_done();
    std::string method = has_header ? std::string(ToStd(parser_->get().method_string())) : "";
    if (file_parser_) method = std::string(ToStd(file_parser_->get().method_string()));
    server_.metrics.RecordRequest(kUnmatchedRoute, method, status, std::chrono::seconds(0));
    spdlog::debug("rejected request: {} {}", status, reason);
    Prepare(Response::Text(status, std::to_string(status) + " " + std::string(reason) + "\n"), 11,
            false, false);
    Write(true);
  }

  // Fills response_ from `response`; returns the status actually sent.
  int Prepare(Response response, unsigned version, bool keep_alive, bool head) {
    if (response.status < 200 || response.status > 599) {
      spdlog::error("handler returned invalid HTTP status {}", response.status);
      response = Response::Text(500, "500 Internal Server Error\n");
    }
    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(http::field::server, beast::string_view(kServerName.data(), kServerName.size()));
    response_.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) {
      const bool reserved =
          std::any_of(kReservedHeaders.begin(), kReservedHeaders.end(),
                      [&](std::string_view r) { return EqualsIgnoreCase(r, name); });
      if (reserved || name.empty() || HasControlChars(name) || HasControlChars(value)) {
        spdlog::error("handler set invalid or reserved header '{}', dropped", name);
        continue;
      }
      response_.insert(name, value);
    }
    for (const auto& [name, value] : kSecurityHeaders) {
      const beast::string_view beast_name(name.data(), name.size());
      if (response_.find(beast_name) == response_.end()) {
        response_.set(beast_name, beast::string_view(value.data(), value.size()));
      }
    }
    // 204 and 304 responses have no body; Beast refuses to frame one.
    if (response.status == 204 || response.status == 304) response.body.clear();
    response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    if (head) {
      const size_t length = response_.body().size();
      response_.body().clear();
      response_.content_length(length);
    }
    keep_alive_ = keep_alive;
    return response.status;
  }

  void Write(bool drain_after) {
    stream_.expires_after(server_.options.read_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), drain_after](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (drain_after) return self->DrainAndClose();
                        if (!self->keep_alive_ || self->closing_ || self->server_.stopping) {
                          return self->Close();
                        }
                        self->first_request_ = false;
                        self->ReadRequest();
                      });
  }

  void DrainAndClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(kDrainTimeout);
    drained_ = 0;
    Drain();
  }
  void Drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(kDrainChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kDrainLimit) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::request_parser<http::file_body>> file_parser_;
  std::filesystem::path spool_;  // the spooled body while a request uses it
  http::response<http::string_body> response_;
  http::response<http::empty_body> continue_;
  std::string remote_address_;
  Phase phase_ = Phase::kIdle;
  bool first_request_ = true;
  bool keep_alive_ = false;
  bool closing_ = false;  // the server is shutting down
  size_t drained_ = 0;
};

Status HttpServer::Impl::Listen() {
  const std::string where = HostPort(options.address, options.port);
  if (acceptor.is_open()) return Internal("already listening on " + where);
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) return InvalidArgument("cannot listen on " + where + ": invalid IP address");
  const tcp::endpoint endpoint(address, options.port);
  auto fail = [&](const beast::error_code& error) {
    beast::error_code ignored;
    acceptor.close(ignored);
    std::string reason = error.message();
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(reason[0]));
    return Status(Unavailable("cannot listen on " + where + ": " + reason));
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec);
  port = acceptor.local_endpoint(ec).port();
  return ec ? fail(ec) : Status::Ok();
}

void HttpServer::Impl::Run() {
  if (!acceptor.is_open()) {
    spdlog::error("HttpServer::Run() called without a successful Listen()");
    return;
  }
  asio::post(strand, [this] { DoAccept(); });
  auto run = [this] {
    while (true) {
      try {
        io_context.run();
        return;
      } catch (const std::exception& e) {  // a bug: keep serving the others
        spdlog::error("uncaught exception in the HTTP server: {}", e.what());
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < options.threads; ++i) pool.emplace_back(run);
  run();
  for (std::thread& thread : pool) thread.join();
  // No thread runs any more: safe to touch strand-owned objects.
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.clear(ignored);  // restores default signal handling
  grace_timer.cancel();
}

void HttpServer::Impl::DoAccept() {
  if (stopping) return;
  acceptor.async_accept(
      asio::make_strand(io_context),
      asio::bind_executor(strand, [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        if (ec) {
          spdlog::warn("accepting a connection: {}", ec.message());
        } else {
          auto connection = std::make_shared<Connection>(std::move(socket), *this);
          if (Register(connection)) connection->Start();
        }
        DoAccept();
      }));
}

void HttpServer::Impl::Shutdown() {
  if (stopping.exchange(true)) return;
  asio::post(strand, [this] { ShutdownOnStrand(); });
}

void HttpServer::Impl::ShutdownOnStrand() {
  spdlog::info("HTTP server shutting down");
  beast::error_code ignored;
  acceptor.close(ignored);
  {
    std::lock_guard<std::mutex> lock(mu);
    acceptor_closed = true;
  }
  for (const auto& connection : Snapshot()) connection->BeginShutdown();
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    spdlog::warn("shutdown grace period over, closing remaining connections");
    for (const auto& connection : Snapshot()) connection->ForceClose();
  });
  std::lock_guard<std::mutex> lock(mu);
  StopIfDrainedLocked();  // at once if no connection is open
}

void HttpServer::Impl::WaitForSignal() {
  signals.async_wait([this](beast::error_code ec, int signal_number) {
    if (ec) return;
    if (!stopping) {
      spdlog::info("signal {} received, stopping", signal_number);
      Shutdown();
      WaitForSignal();
      return;
    }
    spdlog::warn("signal {} received again, closing all connections", signal_number);
    for (const auto& connection : Snapshot()) connection->ForceClose();
  });
}

bool HttpServer::Impl::Register(const std::shared_ptr<Connection>& connection) {
  std::lock_guard<std::mutex> lock(mu);
  if (stopping) return false;
  connections.emplace(connection.get(), connection);
  return true;
}

void HttpServer::Impl::Unregister(Connection* connection) {
  std::lock_guard<std::mutex> lock(mu);
  connections.erase(connection);
  StopIfDrainedLocked();
}

// Run() returns once the acceptor is closed and the last connection is gone.
void HttpServer::Impl::StopIfDrainedLocked() {
  if (stopping && acceptor_closed && connections.empty() && !destroying) io_context.stop();
}

std::vector<std::shared_ptr<HttpServer::Connection>> HttpServer::Impl::Snapshot() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& [raw, weak] : connections) {
    if (auto connection = weak.lock()) out.push_back(std::move(connection));
  }
  return out;
}

HttpServer::HttpServer(const Router& router, Metrics& metrics, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, metrics, std::move(options))) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Listen() { return impl_->Listen(); }
uint16_t HttpServer::port() const { return impl_->port; }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }

void HttpServer::StopOnSignals() {
  beast::error_code ec;
  impl_->signals.add(SIGINT, ec);
  impl_->signals.add(SIGTERM, ec);
  impl_->WaitForSignal();
}

}  // namespace civicpost::web
