#include "web/http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace civicpost::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using HttpResponse = http::response<http::string_body>;

std::string Str(beast::string_view s) { return std::string(s.data(), s.size()); }

// A blocking HTTP/1.1 client on one connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  HttpResponse Send(http::verb verb, std::string target, std::string body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::string_body> request(verb, target, 11);
    request.set(http::field::host, "localhost");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = std::move(body);
    request.prepare_payload();
    http::write(socket_, request);
    HttpResponse response;
    beast::error_code ec = Read(&response, verb == http::verb::head);
    if (ec) throw beast::system_error(ec);
    return response;
  }
  HttpResponse Get(std::string target) { return Send(http::verb::get, std::move(target)); }

  void WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  beast::error_code Read(HttpResponse* response, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code ec;
    http::read(socket_, buffer_, parser, ec);
    if (!ec) *response = parser.release();
    return ec;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// Signals once from one thread to another.
class Latch {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router_.Get("/hello", [](const Request&) { return Response::Text(200, "Moin!\n"); });
    router_.Get("/echo/{name}", [](const Request& r) {
      const auto q = r.query_params.find("q");
      return Response::Text(200, r.path_params.at("name") + "|" +
                                     (q == r.query_params.end() ? "" : q->second) + "|" +
                                     std::string(r.Header("x-test").value_or("none")));
    });
    router_.Post("/echo", [](const Request& r) { return Response::Text(200, r.body); });
    router_.Get("/framed", [](const Request&) {
      Response response = Response::Html("<p>ok</p>");
      response.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
      return response;
    });
    router_.Get("/boom", [](const Request&) -> Response { throw std::runtime_error("kaputt"); });
    options_.address = "127.0.0.1";
    options_.port = 0;
    options_.header_limit = 1024;
    options_.body_limit = 1024;
  }
  ~HttpServerTest() override { Stop(); }

  void Start() {
    server_ = std::make_unique<HttpServer>(router_, metrics_, options_);
    Status listening = server_->Listen();
    ASSERT_TRUE(listening.ok()) << listening.message();
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void Stop() {
    if (!server_) return;
    server_->Shutdown();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server_->port(); }

  Router router_;
  Metrics metrics_;
  ServerOptions options_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(HttpServerTest, AnswersGetWithSecurityHeaders) {
  Start();
  Client client(port());
  HttpResponse response = client.Get("/hello");
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "Moin!\n");
  EXPECT_EQ(Str(response[http::field::server]), "civicpost");
  EXPECT_EQ(Str(response[http::field::content_type]), "text/plain; charset=utf-8");
  EXPECT_EQ(Str(response["X-Content-Type-Options"]), "nosniff");
  EXPECT_EQ(Str(response["Referrer-Policy"]), "no-referrer");
  EXPECT_EQ(Str(response["X-Frame-Options"]), "DENY");
  EXPECT_EQ(Str(response["Content-Security-Policy"]).rfind("default-src 'self';", 0), 0u);
}

TEST_F(HttpServerTest, HandlerMayReplaceTheDefaultCsp) {
  Start();
  HttpResponse response = Client(port()).Get("/framed");
  EXPECT_EQ(Str(response["Content-Security-Policy"]), "default-src 'none'");
  EXPECT_EQ(std::distance(response.find("Content-Security-Policy"), response.end()),
            1 + std::distance(std::next(response.find("Content-Security-Policy")), response.end()));
}

TEST_F(HttpServerTest, PassesPathQueryAndHeadersToHandlers) {
  Start();
  HttpResponse response = Client(port()).Send(http::verb::get, "/echo/B%C3%BCrger?q=Stra%C3%9Fe+1",
                                              "", {{"X-Test", "ja"}});
  EXPECT_EQ(response.body(), "Bürger|Straße 1|ja");
}

TEST_F(HttpServerTest, HeadHasHeadersButNoBody) {
  Start();
  Client client(port());
  HttpResponse response = client.Send(http::verb::head, "/hello");
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(Str(response[http::field::content_length]), "6");
  EXPECT_TRUE(response.body().empty());
  EXPECT_EQ(client.Get("/hello").body(), "Moin!\n");  // the connection stays in sync
}

TEST_F(HttpServerTest, UnknownPathAndWrongMethod) {
  Start();
  Client client(port());
  EXPECT_EQ(client.Get("/nowhere").result_int(), 404u);
  HttpResponse response = client.Send(http::verb::delete_, "/hello");
  EXPECT_EQ(response.result_int(), 405u);
  EXPECT_EQ(Str(response[http::field::allow]), "GET, HEAD");
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Start();
  Client client(port());
  HttpResponse first = client.Get("/hello");
  EXPECT_TRUE(first.keep_alive());
  HttpResponse second = client.Send(http::verb::post, "/echo", "zweite Anfrage");
  EXPECT_EQ(second.body(), "zweite Anfrage");
}

TEST_F(HttpServerTest, OversizeBodyIs413) {
  Start();
  Client client(port());
  HttpResponse response = client.Send(http::verb::post, "/echo", std::string(4096, 'x'));
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_FALSE(response.keep_alive());
}

// Uploads: the body goes to a file, never through memory, and only after
// the route admitted the request by its headers.
class SpooledUploadTest : public HttpServerTest {
 protected:
  SpooledUploadTest() {
    spool_dir_ = std::filesystem::temp_directory_path() /
                 ("civicpost-spool-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(spool_dir_);
    router_.Post("/upload", [this](const Request& r) {
      seen_file_ = r.body_file;
      std::ifstream in(r.body_file, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      return Response::Text(200, std::to_string(bytes.str().size()) +
                                     " bytes, in memory: " + std::to_string(r.body.size()));
    });
    SpooledRoute route;
    route.method = "POST";
    route.path = "/upload";
    route.body_limit = 8 * 1024 * 1024;
    route.dir = spool_dir_;
    route.admit = [](const Request& r) { return r.Header("X-Key").value_or("") == "ok"; };
    options_.spooled_routes.push_back(route);
  }
  ~SpooledUploadTest() override {
    Stop();
    std::filesystem::remove_all(spool_dir_);
  }
  size_t FilesInSpool() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(spool_dir_),
                                             std::filesystem::directory_iterator()));
  }

  std::filesystem::path spool_dir_;
  std::filesystem::path seen_file_;
};

TEST_F(SpooledUploadTest, ABodyOverTheMemoryLimitGoesToAFileThatIsRemovedAfterwards) {
  Start();
  Client client(port());
  HttpResponse response = client.Send(http::verb::post, "/upload",
                                      std::string(3 * 1024 * 1024, 'x'), {{"X-Key", "ok"}});
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "3145728 bytes, in memory: 0");
  EXPECT_EQ(seen_file_.parent_path(), spool_dir_);
  EXPECT_EQ(FilesInSpool(), 0u);
  // Other routes keep their small limit.
  EXPECT_EQ(client.Send(http::verb::post, "/echo", std::string(4096, 'x')).result_int(), 413u);
}

TEST_F(SpooledUploadTest, ARequestTheRouteDoesNotAdmitIsRefusedBeforeItsBody) {
  Start();
  Client client(port());
  // Headers announce 8 MB, none of which is ever sent: the answer comes anyway.
  client.WriteRaw("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 8000000\r\n\r\n");
  HttpResponse response;
  ASSERT_FALSE(client.Read(&response));
  EXPECT_EQ(response.result_int(), 403u);
  EXPECT_EQ(FilesInSpool(), 0u);
}

TEST_F(SpooledUploadTest, ASlowUploadHasItsOwnTimeLimit) {
  options_.read_timeout = std::chrono::seconds(1);
  options_.spooled_routes[0].read_timeout = std::chrono::seconds(30);
  Start();
  Client client(port());
  client.WriteRaw(
      "POST /upload HTTP/1.1\r\nHost: localhost\r\nX-Key: ok\r\nContent-Length: 6\r\n\r\nFo");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past the form's 1 s
  client.WriteRaw("toto");
  HttpResponse response;
  ASSERT_FALSE(client.Read(&response));
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "6 bytes, in memory: 0");
}

TEST_F(SpooledUploadTest, AnUploadOverItsLimitIs413AndLeavesNoFile) {
  Start();
  Client client(port());
  // Refused on its announced length, before the server reads or stores it.
  client.WriteRaw(
      "POST /upload HTTP/1.1\r\nHost: localhost\r\nX-Key: ok\r\nContent-Length: 9437184\r\n\r\n");
  HttpResponse response;
  ASSERT_FALSE(client.Read(&response));
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_EQ(FilesInSpool(), 0u);
}

TEST_F(HttpServerTest, OversizeHeaderIs431) {
  Start();
  Client client(port());
  HttpResponse response =
      client.Send(http::verb::get, "/hello", "", {{"X-Padding", std::string(4096, 'p')}});
  EXPECT_EQ(response.result_int(), 431u);
}

TEST_F(HttpServerTest, GarbageIs400) {
  Start();
  Client client(port());
  client.WriteRaw("\x01\x02 kein HTTP \x7f\r\n\r\n");
  HttpResponse response;
  ASSERT_FALSE(client.Read(&response));
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_EQ(Str(response["X-Content-Type-Options"]), "nosniff");
}

TEST_F(HttpServerTest, BadPercentEncodingIs400) {
  Start();
  EXPECT_EQ(Client(port()).Get("/echo/%zz").result_int(), 400u);
}

TEST_F(HttpServerTest, ADeferredRouteAnswersLaterWithoutHoldingTheOnlyThread) {
  std::mutex mu;
  Reply later;
  Latch called;
  options_.threads = 1;
  options_.deferred_routes.push_back({"POST", "/later", [&](Request request, Reply reply) {
                                        EXPECT_EQ(request.body, "bitte warten");
                                        std::lock_guard lock(mu);
                                        later = std::move(reply);
                                        called.Open();
                                      }});
  Start();
  Client waiting(port());
  HttpResponse answer;
  std::thread sender([&] { answer = waiting.Send(http::verb::post, "/later", "bitte warten"); });
  ASSERT_TRUE(called.Wait());
  // The server's one thread is free for others meanwhile.
  EXPECT_EQ(Client(port()).Get("/hello").body(), "Moin!\n");
  std::thread([&] {
    std::lock_guard lock(mu);
    later(Response::Text(202, "spät, aber da\n"));
  }).join();
  sender.join();
  EXPECT_EQ(answer.result_int(), 202u);
  EXPECT_EQ(answer.body(), "spät, aber da\n");
  EXPECT_EQ(answer[http::field::x_frame_options], "DENY");  // the usual headers
  EXPECT_EQ(waiting.Get("/hello").result_int(), 200u);      // and the connection lives on
  EXPECT_NE(metrics_.Render().find("route=\"/later\""), std::string::npos);
}

TEST_F(HttpServerTest, ADeferredReplyCountsOnceAndADroppedOneAnswers500) {
  options_.deferred_routes.push_back({"POST", "/twice", [](Request, Reply reply) {
                                        reply(Response::Text(200, "erste\n"));
                                        reply(Response::Text(201, "zweite\n"));
                                      }});
  options_.deferred_routes.push_back({"POST", "/never", [](Request, Reply) {}});
  options_.deferred_routes.push_back({"POST", "/throws", [](Request, Reply reply) {
                                        reply(Response::Text(200, "schon geantwortet\n"));
                                        throw std::runtime_error("danach kaputt");
                                      }});
  Start();
  Client client(port());
  HttpResponse twice = client.Send(http::verb::post, "/twice");
  EXPECT_EQ(twice.result_int(), 200u);
  EXPECT_EQ(twice.body(), "erste\n");
  EXPECT_EQ(client.Send(http::verb::post, "/never").result_int(), 500u);
  EXPECT_EQ(client.Send(http::verb::post, "/throws").body(), "schon geantwortet\n");
  EXPECT_EQ(client.Get("/hello").result_int(), 200u);  // one answer each, in order
}

TEST_F(HttpServerTest, ThrowingHandlerGives500AndServerKeepsServing) {
  Start();
  Client client(port());
  HttpResponse response = client.Get("/boom");
  EXPECT_EQ(response.result_int(), 500u);
  EXPECT_EQ(response.body().find("kaputt"), std::string::npos);
  EXPECT_EQ(client.Get("/hello").result_int(), 200u);
  EXPECT_EQ(Client(port()).Get("/hello").result_int(), 200u);
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimResponse) {
  Start();
  Client client(port());
  client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  HttpResponse interim;
  ASSERT_FALSE(client.Read(&interim));
  EXPECT_EQ(interim.result_int(), 100u);
  client.WriteRaw("Hallo");
  HttpResponse response;
  ASSERT_FALSE(client.Read(&response));
  EXPECT_EQ(response.body(), "Hallo");
}

TEST_F(HttpServerTest, SlowClientIsDisconnected) {
  options_.read_timeout = std::chrono::seconds(1);
  Start();
  Client client(port());
  client.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finished
  HttpResponse response;
  EXPECT_TRUE(client.Read(&response));  // closed by the server, no response
}

TEST_F(HttpServerTest, RecordsMetricsPerRoute) {
  Start();
  Client client(port());
  client.Get("/echo/a");
  client.Get("/echo/b");
  client.Get("/missing");
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find("civicpost_http_requests_total{route=\"/echo/{name}\",method=\"GET\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("civicpost_http_requests_total{route=\"unmatched\",method=\"GET\","
                      "status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("civicpost_http_request_duration_seconds_count{route=\"/echo/{name}\"} 2"),
            std::string::npos);
}

TEST_F(HttpServerTest, ListenFailsWhenPortIsInUse) {
  asio::io_context io;
  tcp::acceptor taken(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  options_.port = taken.local_endpoint().port();
  HttpServer server(router_, metrics_, options_);
  Status status = server.Listen();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("127.0.0.1:" + std::to_string(options_.port)), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("in use"), std::string::npos) << status.message();
}

TEST_F(HttpServerTest, ListenRejectsInvalidAddress) {
  options_.address = "localhost.invalid";
  HttpServer server(router_, metrics_, options_);
  Status status = server.Listen();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find("localhost.invalid"), std::string::npos) << status.message();
}

TEST_F(HttpServerTest, ShutdownFinishesRequestsInFlight) {
  Latch entered;
  router_.Get("/slow", [&entered](const Request&) {
    entered.Open();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return Response::Text(200, "fertig\n");
  });
  Start();
  HttpResponse response;
  beast::error_code read_error;
  std::thread client_thread([&] {
    Client client(port());
    client.WriteRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    read_error = client.Read(&response);
  });
  ASSERT_TRUE(entered.Wait());
  server_->Shutdown();
  client_thread.join();
  thread_.join();  // Run() returned
  EXPECT_FALSE(read_error) << read_error.message();
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "fertig\n");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_THROW(Client{port()}, beast::system_error);  // no longer accepting
}

TEST_F(HttpServerTest, ShutdownClosesIdleKeepAliveConnections) {
  Start();
  Client idle(port());
  ASSERT_TRUE(idle.Get("/hello").keep_alive());
  server_->Shutdown();
  thread_.join();  // returns without waiting for keep_alive_timeout
  HttpResponse response;
  EXPECT_TRUE(idle.Read(&response));  // end of stream
}

TEST_F(HttpServerTest, ShutdownBeforeRunReturnsPromptly) {
  server_ = std::make_unique<HttpServer>(router_, metrics_, options_);
  ASSERT_TRUE(server_->Listen().ok());
  server_->Shutdown();
  server_->Run();
  EXPECT_THROW(Client{port()}, beast::system_error);
}

}  // namespace
}  // namespace civicpost::web
