// The Graph API sandbox over loopback, spoken to with the real libcurl
// client and judged with the publisher's own error classification.
#include "sandbox/graph_sandbox.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>
#include <vips/vips8>

#include "channels/instagram/graph_client.hpp"
#include "channels/instagram/graph_error.hpp"
#include "core/time_format.hpp"
#include "sys/curl_http_client.hpp"
#include "web/http_server.hpp"
#include "web/metrics.hpp"

namespace civicpost::sandbox {
namespace {

using channels::instagram::ErrorOf;
using channels::instagram::GraphErrorKind;
using channels::instagram::UsageOf;
using nlohmann::json;

std::string Jpeg(int width, int height) {
  vips::VImage image =
      (vips::VImage::black(width, height, vips::VImage::option()->set("bands", 3)) + 120)
          .cast(VIPS_FORMAT_UCHAR);
  void* buffer = nullptr;
  size_t size = 0;
  image.write_to_buffer(".jpg", &buffer, &size);
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

class GraphSandboxTest : public ::testing::Test {
 protected:
  void Start(SandboxOptions options = {}) {
    sandbox_ = std::make_unique<GraphSandbox>(options, fetcher_, clock_);
    router_.Get("/images/{name}", [](const web::Request& r) {
      const std::string& name = r.path_params.at("name");
      web::Response response;
      response.content_type = "image/jpeg";
      if (name == "hochkant.jpg") response.body = Jpeg(1080, 1350);
      if (name == "panorama.jpg") response.body = Jpeg(3000, 1000);
      if (name == "grafik.png") response.body = "\\x89PNG\\r\\n\\x1A\\n....";
      if (response.body.empty()) response.status = 404;
      return response;
    });
    sandbox_->Register(router_);
    web::ServerOptions server_options;
    server_options.port = 0;
    server_options.threads = 4;  // the sandbox fetches images from this same server
    server_ = std::make_unique<web::HttpServer>(router_, metrics_, server_options);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
  }

  HttpReply Call(const std::string& method, const std::string& path, const std::string& body = "") {
    HttpRequest request{.method = method, .url = base_ + path, .body = body};
    request.headers.emplace_back("Authorization", "Bearer SANDBOX-TOKEN");
    if (!body.empty())
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    auto reply = client_.Send(request);
    EXPECT_TRUE(reply) << reply.error().message;
    return reply ? *reply : HttpReply{};
  }

  std::string ImageUrl(const std::string& name) { return base_ + "/images/" + name; }

  std::string CreateContainer(const std::string& image) {
    HttpReply created =
        Call("POST", "/v24.0/17841405822304914/media",
             "image_url=" + ImageUrl(image) + "&caption=Herbst%20an%20der%20Hessel");
    EXPECT_EQ(created.status, 200) << created.body;
    return json::parse(created.body, nullptr, false).value("id", "");
  }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  sys::CurlHttpClient client_;
  sys::CurlHttpClient fetcher_;
  web::Router router_;
  web::Metrics metrics_;
  std::unique_ptr<GraphSandbox> sandbox_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
  std::string base_;
};

TEST_F(GraphSandboxTest, AnImageGoesFromContainerToPublishedMediaWithAPermalink) {
  Start({.polls_until_finished = 1});
  const std::string container = CreateContainer("hochkant.jpg");
  ASSERT_FALSE(container.empty());
  // Still processing: publishing now is "not ready", which the client polls on.
  HttpReply early =
      Call("POST", "/v24.0/17841405822304914/media_publish", "creation_id=" + container);
  ASSERT_TRUE(ErrorOf(early));
  EXPECT_EQ(ErrorOf(early)->kind, GraphErrorKind::kNotReady);
  EXPECT_EQ(
      json::parse(Call("GET", "/v24.0/" + container + "?fields=status_code").body)["status_code"],
      "IN_PROGRESS");
  EXPECT_EQ(
      json::parse(Call("GET", "/v24.0/" + container + "?fields=status_code").body)["status_code"],
      "FINISHED");

  HttpReply published =
      Call("POST", "/v24.0/17841405822304914/media_publish", "creation_id=" + container);
  ASSERT_EQ(published.status, 200) << published.body;
  const std::string media = json::parse(published.body)["id"];
  EXPECT_NE(media, container);
  const json read = json::parse(Call("GET", "/" + media + "?fields=permalink,caption").body);
  EXPECT_EQ(read["caption"], "Herbst an der Hessel");
  EXPECT_EQ(read["permalink"].get<std::string>().rfind("https://www.instagram.com/p/", 0), 0u);
  EXPECT_EQ(json::parse(Call("GET", "/" + container + "?fields=status_code").body)["status_code"],
            "PUBLISHED");
  EXPECT_EQ(sandbox_->PublishCounts()[container], 1);
}

TEST_F(GraphSandboxTest, TheImageIsCheckedLikeThePlatformDoes) {
  Start();
  struct Case {
    const char* image;
    int code;
  };
  for (const Case& c :
       {Case{"panorama.jpg", 36003}, Case{"grafik.png", 36001}, Case{"fehlt.jpg", 9004}}) {
    HttpReply refused =
        Call("POST", "/v24.0/17841405822304914/media", "image_url=" + ImageUrl(c.image));
    auto error = ErrorOf(refused);
    ASSERT_TRUE(error) << c.image;
    EXPECT_EQ(error->code, c.code) << c.image;
    EXPECT_EQ(error->kind, GraphErrorKind::kPermanent) << c.image;
  }
}

TEST_F(GraphSandboxTest, TheRollingQuotaIsEnforcedAndReported) {
  Start({.quota_total = 2});
  for (int i = 0; i < 2; ++i) {
    const std::string container = CreateContainer("hochkant.jpg");
    ASSERT_EQ(Call("POST", "/17841405822304914/media_publish", "creation_id=" + container).status,
              200);
  }
  const json limit = json::parse(
      Call("GET", "/v24.0/17841405822304914/content_publishing_limit?fields=quota_usage,config")
          .body);
  EXPECT_EQ(limit["data"][0]["quota_usage"], 2);
  EXPECT_EQ(limit["data"][0]["config"]["quota_total"], 2);
  const std::string third = CreateContainer("hochkant.jpg");
  auto over = ErrorOf(Call("POST", "/17841405822304914/media_publish", "creation_id=" + third));
  ASSERT_TRUE(over);
  EXPECT_EQ(over->kind, GraphErrorKind::kQuotaExhausted);
  clock_.Advance(std::chrono::hours(25));  // the window rolls on; the container has expired
  auto expired = ErrorOf(Call("POST", "/17841405822304914/media_publish", "creation_id=" + third));
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->kind, GraphErrorKind::kContainerGone);
  const std::string fresh = CreateContainer("hochkant.jpg");
  EXPECT_EQ(Call("POST", "/17841405822304914/media_publish", "creation_id=" + fresh).status, 200);
}

TEST_F(GraphSandboxTest, AWrongTokenAndInjectedFaultsLookLikeTheRealThing) {
  Start();
  HttpRequest anonymous{.url = base_ + "/v24.0/me?fields=id,username"};
  anonymous.headers.emplace_back("Authorization", "Bearer abgelaufen");
  auto refused = client_.Send(anonymous);
  ASSERT_TRUE(refused);
  EXPECT_EQ(ErrorOf(*refused)->kind, GraphErrorKind::kTokenInvalid);
  EXPECT_EQ(json::parse(Call("GET", "/v24.0/me?fields=id,username").body)["username"],
            "stadt.sassenberg.sandbox");

  sandbox_->InjectFault({.path_contains = "media_publish",
                         .times = 1,
                         .http_status = 400,
                         .code = 80002,
                         .message = "(#80002) Too many calls",
                         .regain_minutes = 7});
  sandbox_->InjectFault({.path_contains = "media_publish", .times = 1, .http_status = 503});
  const std::string container = CreateContainer("hochkant.jpg");
  auto limited =
      ErrorOf(Call("POST", "/17841405822304914/media_publish", "creation_id=" + container));
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->kind, GraphErrorKind::kRateLimited);
  EXPECT_EQ(limited->wait, std::chrono::minutes(7));
  auto unavailable =
      ErrorOf(Call("POST", "/17841405822304914/media_publish", "creation_id=" + container));
  ASSERT_TRUE(unavailable);
  EXPECT_EQ(unavailable->kind, GraphErrorKind::kTransient);
  EXPECT_EQ(Call("POST", "/17841405822304914/media_publish", "creation_id=" + container).status,
            200);
  EXPECT_EQ(sandbox_->PublishCounts()[container], 1);

  // Faults come in over HTTP too, as `civicpost sandbox` users send them.
  HttpReply injected = Call("POST", "/_sandbox/faults",
                            "");  // empty body: refused with a clear message
  EXPECT_EQ(injected.status, 400);
}

TEST_F(GraphSandboxTest, VersionsAndUsageHeadersFollowTheWireConventions) {
  Start();
  // Spec 0.2: no version is the app's default; an expired one is refused.
  EXPECT_EQ(Call("GET", "/me?fields=username").status, 200);
  HttpReply expired = Call("GET", "/v20.0/me?fields=username");
  EXPECT_EQ(expired.status, 400);
  ASSERT_TRUE(ErrorOf(expired));
  EXPECT_EQ(ErrorOf(expired)->code, 12);
  // Spec 7.2: every answer says how much of the hour's budget is used,
  // and the client reads it.
  for (int i = 0; i < 48; ++i) Call("GET", "/v24.0/me?fields=username");
  HttpReply busy = Call("GET", "/v24.0/me?fields=username");
  EXPECT_TRUE(busy.Header("x-app-usage").has_value());
  EXPECT_EQ(UsageOf(busy).app_percent, 1);  // 51 of 4,800 calls
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(UsageOf(Call("GET", "/v24.0/me?fields=username")).app_percent, 0);
}

TEST_F(GraphSandboxTest, TheGraphClientPublishesThroughIt) {
  using channels::instagram::ContainerStatus;
  using channels::instagram::GraphClient;
  using channels::instagram::GraphError;
  using channels::instagram::PublishingLimit;
  Start({.quota_total = 50});
  GraphClient graph(
      client_,
      {.base_url = base_, .ig_user_id = "17841405822304914", .access_token = "SANDBOX-TOKEN"});
  auto container = graph.CreateContainer({.image_url = ImageUrl("hochkant.jpg"),
                                          .caption = "Stadtfest & Markt: #Sassenberg",
                                          .alt_text = "Bühne am Markt"});
  ASSERT_TRUE(std::holds_alternative<std::string>(container));
  const std::string id = std::get<std::string>(container);
  auto status = graph.Status(id);
  ASSERT_TRUE(std::holds_alternative<ContainerStatus>(status));
  EXPECT_EQ(std::get<ContainerStatus>(status).status_code, "FINISHED");
  auto media = graph.Publish(id);
  ASSERT_TRUE(std::holds_alternative<std::string>(media));
  auto permalink = graph.Permalink(std::get<std::string>(media));
  ASSERT_TRUE(std::holds_alternative<std::string>(permalink));
  EXPECT_EQ(std::get<std::string>(permalink).rfind("https://www.instagram.com/p/", 0), 0u);
  auto limit = graph.Limit();
  ASSERT_TRUE(std::holds_alternative<PublishingLimit>(limit));
  EXPECT_EQ(std::get<PublishingLimit>(limit).quota_usage, 1);
  EXPECT_EQ(std::get<PublishingLimit>(limit).quota_total, 50);

  // The caption arrived intact through the form encoding.
  const json read =
      json::parse(Call("GET", "/" + std::get<std::string>(media) + "?fields=caption").body);
  EXPECT_EQ(read["caption"], "Stadtfest & Markt: #Sassenberg");

  auto refused = graph.CreateContainer({.image_url = ImageUrl("panorama.jpg")});
  ASSERT_TRUE(std::holds_alternative<GraphError>(refused));
  EXPECT_EQ(std::get<GraphError>(refused).staff_key, "aspect_ratio");

  GraphClient stale(
      client_,
      {.base_url = base_, .ig_user_id = "17841405822304914", .access_token = "abgelaufen"});
  auto expired = stale.Limit();
  ASSERT_TRUE(std::holds_alternative<GraphError>(expired));
  EXPECT_EQ(std::get<GraphError>(expired).kind, GraphErrorKind::kTokenInvalid);

  GraphClient nowhere(client_,
                      {.base_url = "http://127.0.0.1:9", .ig_user_id = "1", .access_token = "x"});
  auto unreachable = nowhere.Limit();
  ASSERT_TRUE(std::holds_alternative<GraphError>(unreachable));
  EXPECT_EQ(std::get<GraphError>(unreachable).kind, GraphErrorKind::kTransient);
}

}  // namespace
}  // namespace civicpost::sandbox
