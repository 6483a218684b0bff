// The Graph API's error table as the publisher reads it: replies shaped as
// the spec shows them (envelope, codes, subcodes, usage headers).
#include "channels/instagram/graph_error.hpp"

#include <gtest/gtest.h>

namespace civicpost::channels::instagram {
namespace {

using namespace std::chrono_literals;

HttpReply Reply(int status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {status, std::move(headers), std::move(body)};
}

HttpReply Envelope(int code, int subcode, const std::string& message, int status = 400) {
  std::string body = R"({"error":{"message":")" + message + R"(","type":"OAuthException","code":)" +
                     std::to_string(code);
  if (subcode != 0) body += R"(,"error_subcode":)" + std::to_string(subcode);
  body += R"(,"fbtrace_id":"A6LJylpZRKw2xKLFsAP-cJh"}})";
  return Reply(status, body);
}

TEST(GraphError, ASuccessIsNoError) {
  EXPECT_FALSE(ErrorOf(Reply(200, R"({"id":"17889455560051444"})")));
}

TEST(GraphError, PublishingErrorsAreClassifiedByCodeAndSubcode) {
  struct Case {
    int code, subcode;
    GraphErrorKind kind;
    const char* staff_key;
  };
  const Case cases[] = {
      {36000, 2207004, GraphErrorKind::kPermanent, "image_too_large"},
      {36003, 2207009, GraphErrorKind::kPermanent, "aspect_ratio"},
      {9007, 2207027, GraphErrorKind::kNotReady, "not_ready"},
      {9, 2207042, GraphErrorKind::kQuotaExhausted, "quota_exhausted"},
      {24, 2207008, GraphErrorKind::kContainerGone, "container_gone"},
      {-2, 2207003, GraphErrorKind::kTransient, "download_slow"},
      {-2, 2207020, GraphErrorKind::kContainerGone, "media_expired"},
      {-1, 2207001, GraphErrorKind::kTransient, "server_error"},
      {4, 2207051, GraphErrorKind::kPermission, "suspected_spam"},
      {25, 2207050, GraphErrorKind::kPermission, "account_restricted"},
      {190, 463, GraphErrorKind::kTokenInvalid, "token_invalid"},
      {190, 0, GraphErrorKind::kTokenInvalid, "token_invalid"},
      {200, 0, GraphErrorKind::kPermission, "permission_missing"},
      {10, 0, GraphErrorKind::kPermission, "permission_missing"},
      {100, 0, GraphErrorKind::kPermanent, "invalid_request"},
      {2, 0, GraphErrorKind::kTransient, "server_error"},
  };
  for (const Case& c : cases) {
    auto error = ErrorOf(Envelope(c.code, c.subcode, "text"));
    ASSERT_TRUE(error);
    EXPECT_EQ(error->kind, c.kind) << c.code << "/" << c.subcode;
    EXPECT_EQ(error->staff_key, c.staff_key) << c.code << "/" << c.subcode;
    EXPECT_EQ(error->fbtrace_id, "A6LJylpZRKw2xKLFsAP-cJh");
  }
}

TEST(GraphError, PrivateReplyRefusalsHaveTheirOwnKeys) {
  // Codes [U] (spec 4.7, 8): the messaging window and Messenger's "already
  // replied"; other code-10 errors stay permission errors.
  const auto too_late = ErrorOf(Envelope(10, 2534022, "(#10) outside of allowed window"));
  EXPECT_EQ(too_late->kind, GraphErrorKind::kPermanent);
  EXPECT_EQ(too_late->staff_key, "private_reply_too_late");
  EXPECT_EQ(ErrorOf(Envelope(10, 2018278, "(#10) outside of allowed window"))->staff_key,
            "private_reply_too_late");
  const auto sent = ErrorOf(Envelope(10900, 0, "(#10900) Activity already replied to"));
  EXPECT_EQ(sent->kind, GraphErrorKind::kPermanent);
  EXPECT_EQ(sent->staff_key, "private_reply_sent");
  EXPECT_EQ(ErrorOf(Envelope(10, 0, "(#10) Permission denied"))->staff_key, "permission_missing");
}

TEST(GraphError, ARateLimitWaitsForTheSignalledTime) {
  HttpReply reply = Envelope(80002, 0, "(#80002) There have been too many calls to this Instagram account");
  reply.headers.emplace_back(
      "x-business-use-case-usage",
      R"({"17841405822304914":[{"type":"pages","call_count":3,"estimated_time_to_regain_access":99},)"
      R"({"type":"instagram","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":7}]})");
  auto error = ErrorOf(reply);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, GraphErrorKind::kRateLimited);
  EXPECT_EQ(error->wait, 7min);  // the instagram row, not the pages row
  EXPECT_EQ(UsageOf(reply).instagram_percent, 100);

  // No header: a default wait, never an immediate retry.
  for (int code : {4, 17, 32, 613}) {
    auto limited = ErrorOf(Envelope(code, 0, "(#" + std::to_string(code) + ") limit reached"));
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->kind, GraphErrorKind::kRateLimited) << code;
    EXPECT_EQ(limited->wait, 15min) << code;
  }
}

TEST(GraphError, AnErrorPageWithoutEnvelopeIsJudgedByItsStatus) {
  EXPECT_EQ(ErrorOf(Reply(502, "<html>Bad Gateway</html>"))->kind, GraphErrorKind::kTransient);
  EXPECT_EQ(ErrorOf(Reply(429, ""))->kind, GraphErrorKind::kTransient);
  EXPECT_EQ(ErrorOf(Reply(404, "not found"))->kind, GraphErrorKind::kPermanent);
  // An unknown code on a 500, or marked transient, is retried.
  EXPECT_EQ(ErrorOf(Envelope(12345, 0, "new", 500))->kind, GraphErrorKind::kTransient);
  HttpReply marked = Reply(400, R"({"error":{"message":"x","code":12345,"is_transient":true}})");
  EXPECT_EQ(ErrorOf(marked)->kind, GraphErrorKind::kTransient);
  EXPECT_EQ(ErrorOf(Envelope(12345, 0, "new"))->kind, GraphErrorKind::kPermanent);
}

TEST(GraphError, AppUsageIsReadAsItsLargestPercentage) {
  HttpReply reply = Reply(200, "{}", {{"x-app-usage", R"({"call_count":28,"total_time":91,"total_cputime":25})"}});
  EXPECT_EQ(UsageOf(reply).app_percent, 91);
  EXPECT_EQ(UsageOf(Reply(200, "{}")).app_percent, 0);
}

TEST(GraphError, BackoffGrowsWithJitterUpToItsCap) {
  EXPECT_EQ(Backoff(0, 0.5), 1000ms);         // half of 2 s
  EXPECT_EQ(Backoff(3, 0.5), 8000ms);         // half of 16 s
  EXPECT_EQ(Backoff(20, 0.999), 599400ms);    // capped at 10 minutes
  EXPECT_EQ(Backoff(5, 0.0), 0ms);            // full jitter reaches zero
}

}  // namespace
}  // namespace civicpost::channels::instagram
