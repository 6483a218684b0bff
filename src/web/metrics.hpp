#pragma once
// Request metrics in the Prometheus text exposition format 0.0.4:
//
//   civicpost_http_requests_total{route,method,status}      counter
//   civicpost_http_request_duration_seconds{route}          histogram
//
// `route` is the router pattern ("/{slug}/"), or "unmatched", so the label set
// stays small however many paths clients try. Methods other than the usual
// ones are counted as "other" for the same reason.
//
// Other subsystems append their own families through collectors, which are
// called on every Render() (outside the internal lock, so a collector may
// take its own locks but must not call back into this Metrics).
//
// Thread-safe.
//
// Typical usage:
//   metrics.AddCollector([&db](std::string& out) {
//     out += "# TYPE civicpost_db_errors_total counter\n";
//     out += "civicpost_db_errors_total " + std::to_string(db.ErrorCount()) + "\n";
//   });
//   metrics.RecordRequest("/healthz", "GET", 200, std::chrono::milliseconds(3));
//   std::string text = metrics.Render();

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace civicpost::web {

using Collector = std::function<void(std::string& out)>;

// Upper bounds of the duration histogram buckets, in seconds (+Inf is implied).
inline constexpr std::array<double, 12> kDurationBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                            0.25,  0.5,   1,    2.5,   5,    10};

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void RecordRequest(std::string_view route, std::string_view method, int status,
                     std::chrono::duration<double> duration);

  // `collector` appends complete metric families (# HELP, # TYPE, samples).
  void AddCollector(Collector collector);

  // The whole exposition, ending with a newline. Serve it with
  // Content-Type "text/plain; version=0.0.4; charset=utf-8".
  std::string Render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kDurationBuckets.size()> buckets{};  // not cumulative
    uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mu_;
  // Guarded by mu_.
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram, std::less<>> durations_;
  std::vector<Collector> collectors_;
};

}  // namespace civicpost::web
