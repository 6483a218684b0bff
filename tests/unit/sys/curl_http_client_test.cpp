// The libcurl client against real servers on loopback: civicpost's own HTTP
// server for the plain cases, `openssl s_server` for TLS.
#include "sys/curl_http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "web/http_server.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace civicpost::sys {
namespace {

using namespace std::chrono_literals;

class CurlHttpClientTest : public ::testing::Test {
 protected:
  CurlHttpClientTest() {
    router_.Get("/hello", [](const web::Request&) {
      web::Response r = web::Response::Text(200, "Moin");
      r.headers.emplace_back("X-Usage", "{\"call_count\":5}");
      return r;
    });
    router_.Post("/echo", [](const web::Request& r) {
      return web::Response::Text(201, std::string(r.Header("X-Token").value_or("-")) + "|" + r.body);
    });
    router_.Get("/broken", [](const web::Request&) { return web::Response::Text(503, "later"); });
    router_.Get("/big", [](const web::Request&) {
      return web::Response::Text(200, std::string(64 * 1024, 'x'));
    });
    router_.Get("/slow", [](const web::Request&) {
      std::this_thread::sleep_for(1500ms);
      return web::Response::Text(200, "late");
    });
    web::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<web::HttpServer>(router_, metrics_, options);
    EXPECT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  ~CurlHttpClientTest() override {
    server_->Shutdown();
    thread_.join();
  }

  web::Router router_;
  web::Metrics metrics_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
  std::string base_;
};

TEST_F(CurlHttpClientTest, GetsStatusHeadersAndBody) {
  CurlHttpClient client;
  auto reply = client.Send({.url = base_ + "/hello"});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "Moin");
  EXPECT_EQ(reply->Header("x-usage").value_or(""), "{\"call_count\":5}");
}

TEST_F(CurlHttpClientTest, PostsItsBodyAndHeaders) {
  CurlHttpClient client;
  auto reply = client.Send(
      {.method = "POST", .url = base_ + "/echo", .headers = {{"X-Token", "abc"}}, .body = "a=1&b=2"});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(reply->body, "abc|a=1&b=2");
}

TEST_F(CurlHttpClientTest, AServerErrorIsAnAnswerNotAFailure) {
  CurlHttpClient client;
  auto reply = client.Send({.url = base_ + "/broken"});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 503);
}

TEST_F(CurlHttpClientTest, ALargeAnswerIsCutOffWithAClearError) {
  CurlHttpClient client({.max_response_bytes = 16 * 1024});
  auto reply = client.Send({.url = base_ + "/big"});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(reply.error().message.find("larger than 16 KiB"), std::string::npos)
      << reply.error().message;
}

TEST_F(CurlHttpClientTest, ASlowServerTimesOutAndTheMessageKeepsTheQueryOut) {
  CurlHttpClient client;
  auto reply = client.Send({.url = base_ + "/slow?access_token=SECRET", .timeout = 300ms});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(reply.error().message.find("no answer within 300 ms"), std::string::npos)
      << reply.error().message;
  EXPECT_EQ(reply.error().message.find("SECRET"), std::string::npos);
}

TEST(CurlHttpClient, NobodyListeningIsRetryable) {
  CurlHttpClient client;
  auto reply = client.Send({.url = "http://127.0.0.1:9/x"});
  ASSERT_FALSE(reply);
  EXPECT_TRUE(reply.error().IsRetryable());
  EXPECT_NE(reply.error().message.find("127.0.0.1:9"), std::string::npos);
}

// TLS: a self-signed certificate is refused unless it is the configured CA.
// A port nobody listens on now: the kernel's choice, so parallel tests
// (and their ephemeral ports) do not collide as a port made from the pid did.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TEST(CurlHttpClient, VerifiesTlsCertificates) {
  const auto dir = std::filesystem::temp_directory_path() / ("civicpost-tls-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  const std::string make_cert =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0);
  const int port = FreePort();
  const pid_t server = fork();
  if (server == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execlp("openssl", "openssl", "s_server", "-accept", ("127.0.0.1:" + std::to_string(port)).c_str(),
           "-cert", cert.c_str(), "-key", key.c_str(), "-www", "-quiet", nullptr);
    _exit(127);
  }
  CurlHttpClient strict;
  CurlHttpClient trusting({.ca_file = cert});
  const std::string url = "https://localhost:" + std::to_string(port) + "/";
  Result<HttpReply> accepted = Unavailable("not tried");
  for (int i = 0; i < 50 && !accepted; ++i) {  // until s_server listens
    std::this_thread::sleep_for(100ms);
    accepted = trusting.Send({.url = url, .timeout = 2000ms});
  }
  auto refused = strict.Send({.url = url, .timeout = 2000ms});
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->status, 200);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("TLS certificate"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace civicpost::sys
