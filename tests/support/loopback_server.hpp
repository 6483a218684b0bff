#pragma once
// A civicpost HTTP server on a free loopback port, in a thread of its own,
// for tests that need a real server (the sandbox, the public site).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "web/http_server.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace civicpost::testing {

class LoopbackServer {
 public:
  explicit LoopbackServer(web::Router& router, int threads = 4,
                          std::vector<web::DeferredRoute> deferred = {}) {
    web::ServerOptions options;
    options.port = 0;
    options.threads = threads;
    options.deferred_routes = std::move(deferred);
    server_ = std::make_unique<web::HttpServer>(router, metrics_, options);
    EXPECT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~LoopbackServer() {
    server_->Shutdown();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string Base() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

 private:
  web::Metrics metrics_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
};

}  // namespace civicpost::testing
