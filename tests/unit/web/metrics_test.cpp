#include "web/metrics.hpp"

#include <gtest/gtest.h>

namespace civicpost::web {
namespace {

using std::chrono::duration;

bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(Metrics, CountsRequestsByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.RecordRequest("/healthz", "GET", 200, duration<double>(0.002));
  metrics.RecordRequest("/healthz", "GET", 200, duration<double>(0.002));
  metrics.RecordRequest("/healthz", "GET", 503, duration<double>(0.002));
  metrics.RecordRequest("unmatched", "BREW", 404, duration<double>(0.002));
  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE civicpost_http_requests_total counter\n"));
  EXPECT_TRUE(Contains(
      text, "civicpost_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(Contains(
      text, "civicpost_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"503\"} 1\n"));
  EXPECT_TRUE(Contains(
      text,
      "civicpost_http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  metrics.RecordRequest("/", "GET", 200, duration<double>(0.002));
  metrics.RecordRequest("/", "GET", 200, duration<double>(0.03));
  metrics.RecordRequest("/", "GET", 200, duration<double>(3));
  metrics.RecordRequest("/", "GET", 200, duration<double>(60));
  const std::string text = metrics.Render();
  const std::string bucket = "civicpost_http_request_duration_seconds_bucket{route=\"/\",le=";
  EXPECT_TRUE(Contains(text, "# TYPE civicpost_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"0.001\"} 0\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"0.005\"} 1\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"0.025\"} 1\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"0.05\"} 2\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"2.5\"} 2\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"5\"} 3\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"10\"} 3\n"));
  EXPECT_TRUE(Contains(text, bucket + "\"+Inf\"} 4\n"));
  EXPECT_TRUE(Contains(text, "civicpost_http_request_duration_seconds_count{route=\"/\"} 4\n"));
  EXPECT_TRUE(Contains(text, "civicpost_http_request_duration_seconds_sum{route=\"/\"} 63.032"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.RecordRequest("/a\"b\\c", "GET", 200, duration<double>(0));
  EXPECT_TRUE(Contains(metrics.Render(), "route=\"/a\\\"b\\\\c\""));
}

TEST(Metrics, CollectorsAppendTheirFamilies) {
  Metrics metrics;
  int calls = 0;
  metrics.AddCollector([&calls](std::string& out) {
    ++calls;
    out += "# TYPE civicpost_db_errors_total counter\n";
    out += "civicpost_db_errors_total{engine=\"sqlite\"} 0\n";
  });
  const std::string text = metrics.Render();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(Contains(text, "civicpost_db_errors_total{engine=\"sqlite\"} 0\n"));
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace civicpost::web
