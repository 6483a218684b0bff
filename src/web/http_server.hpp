#pragma once
// The HTTP/1.1 server: Boost.Beast on an Asio thread pool, in front of a
// Router. Handlers run on the pool threads, so a slow handler occupies one of
// ServerOptions::threads while it runs.
//
// Every response gets the security headers X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options and a default Content-Security-Policy
// (each only if the handler did not set it) and "Server: civicpost".
// Limits: headers over header_limit -> 431, a body over body_limit (or a
// spooled route's own limit) -> 413,
// unparsable requests -> 400; a request not read within read_timeout (which
// also bounds writing a response) closes the connection. Every request is
// recorded in Metrics and logged at debug level (no client addresses).
//
// Shutdown is graceful: stop accepting, close idle keep-alive connections,
// finish requests in flight (their responses carry "Connection: close"), then
// Run() returns. Connections still open after shutdown_grace are closed.
//
// Thread-safety: Listen, StopOnSignals and Run are called once, in this order,
// from one thread. Shutdown may be called from any thread, at any time.
//
// Typical usage:
//   HttpServer server(router, metrics, options);
//   if (Status s = server.Listen(); !s.ok()) return Fail(s.message());
//   server.StopOnSignals();  // SIGTERM / SIGINT
//   server.Run();            // blocks until shut down

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/http_types.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace civicpost::web {

// A route whose request bodies go to a file instead of memory (uploads).
// `admit` sees the request without its body, before a byte of it is read:
// a refusal answers `refusal_status` at once, so nobody can fill the disk
// without a session. The handler finds the file in Request::body_file; the
// server deletes it after the handler returns.
struct SpooledRoute {
  std::string method;  // "POST"
  std::string path;    // exact, e.g. "/app/media"
  size_t body_limit = 0;
  std::filesystem::path dir;  // on the data directory's file system
  std::function<bool(const Request&)> admit;
  int refusal_status = 403;
  // How long the whole body may take: 100 MB over a town hall's uplink
  // needs minutes, not the 15 seconds a form gets.
  std::chrono::seconds read_timeout{15 * 60};
};

// A route that answers later without holding a server thread meanwhile (the
// webhook, whose answer waits for a commit it shares with other requests).
// The handler runs on a server thread and calls `reply` once, from any
// thread; the connection waits for it. Later calls are ignored, and a reply
// dropped without a call answers 500.
using Reply = std::function<void(Response)>;
struct DeferredRoute {
  std::string method;  // "POST"
  std::string path;    // exact, e.g. "/webhooks/instagram"
  std::function<void(Request, Reply)> handler;
};

struct ServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal, e.g. "::"
  uint16_t port = 8080;               // 0 = any free port, see HttpServer::port()
  int threads = 2;
  size_t header_limit = 16 * 1024;  // bytes of request line + headers
  size_t body_limit = 1024 * 1024;  // bytes
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds keep_alive_timeout{30};  // idle time between requests
  std::chrono::seconds shutdown_grace{10};
  std::vector<SpooledRoute> spooled_routes;
  std::vector<DeferredRoute> deferred_routes;  // looked up before the router
};

class HttpServer {
 public:
  // `router` and `metrics` must outlive the server.
  HttpServer(const Router& router, Metrics& metrics, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Errors name the address and reason, e.g.
  // "cannot listen on 127.0.0.1:8080: address already in use"
  // (kUnavailable) or "...: invalid IP address" (kInvalidArgument).
  Status Listen();

  // The bound port (useful with options.port = 0); 0 before Listen().
  uint16_t port() const;

  // Shuts down on the first SIGTERM or SIGINT; a second one closes all
  // connections at once. Default signal handling returns when Run() ends.
  void StopOnSignals();

  // Serves on options.threads threads (including the caller) until shutdown
  // completes. REQUIRES: Listen() succeeded. Call at most once.
  void Run();

  // Starts a graceful shutdown and returns at once. Idempotent; may be called
  // before or during Run().
  void Shutdown();

 private:
  struct Impl;
  class Connection;

  std::unique_ptr<Impl> impl_;  // Asio and Beast stay out of this header
};

}  // namespace civicpost::web
