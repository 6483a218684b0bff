#include "web/metrics.hpp"

#include <charconv>

namespace civicpost::web {
namespace {

constexpr std::array<std::string_view, 7> kKnownMethods = {"GET",    "HEAD",  "POST",   "PUT",
                                                           "DELETE", "PATCH", "OPTIONS"};

std::string_view MethodLabel(std::string_view method) {
  for (std::string_view known : kKnownMethods) {
    if (method == known) return known;
  }
  return "other";
}

// Label values escape backslash, double quote and newline (format 0.0.4).
std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Shortest round-trip form: 0.005, 1, 2.5.
std::string FormatDouble(double value) {
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer.data(), end);
}

}  // namespace

void Metrics::RecordRequest(std::string_view route, std::string_view method, int status,
                            std::chrono::duration<double> duration) {
  const double seconds = duration.count() < 0 ? 0 : duration.count();
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(route), std::string(MethodLabel(method)), status}];
  auto it = durations_.find(route);
  if (it == durations_.end()) it = durations_.emplace(std::string(route), Histogram{}).first;
  Histogram& histogram = it->second;
  for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
    if (seconds <= kDurationBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::AddCollector(Collector collector) {
  std::lock_guard<std::mutex> lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::Render() const {
  std::string out;
  std::vector<Collector> collectors;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out += "# HELP civicpost_http_requests_total HTTP requests answered.\n";
    out += "# TYPE civicpost_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      const auto& [route, method, status] = key;
      out += "civicpost_http_requests_total{route=\"" + EscapeLabel(route) + "\",method=\"" +
             method + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) +
             "\n";
    }
    out += "# HELP civicpost_http_request_duration_seconds Time to produce a response.\n";
    out += "# TYPE civicpost_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : durations_) {
      const std::string label = "route=\"" + EscapeLabel(route) + "\"";
      const std::string bucket = "civicpost_http_request_duration_seconds_bucket{" + label;
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
        cumulative += histogram.buckets[i];
        out += bucket + ",le=\"" + FormatDouble(kDurationBuckets[i]) + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += bucket + ",le=\"+Inf\"} " + std::to_string(histogram.count) + "\n";
      out += "civicpost_http_request_duration_seconds_sum{" + label + "} " +
             FormatDouble(histogram.sum) + "\n";
      out += "civicpost_http_request_duration_seconds_count{" + label + "} " +
             std::to_string(histogram.count) + "\n";
    }
    collectors = collectors_;
  }
  // Collectors run unlocked: they query other components (the database) and
  // must not stall request recording meanwhile.
  for (const Collector& collector : collectors) collector(out);
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

}  // namespace civicpost::web
