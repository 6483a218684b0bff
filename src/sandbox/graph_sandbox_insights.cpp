// The sandbox's insights (spec 6), with values that grow with a media's age.
#include <sstream>

#include "sandbox/graph_sandbox.hpp"
#include "sandbox/graph_wire.hpp"

namespace civicpost::sandbox {

using namespace wire;

web::Response GraphSandbox::MediaInsights(const PublishedMedia& media, const std::string& metrics) {
  const int64_t hours =
      std::chrono::duration_cast<std::chrono::hours>(clock_.Now() - media.timestamp).count();
  const int64_t views = std::min<int64_t>(5000, 40 + 25 * hours);
  const int64_t likes = views / 10;
  int64_t comments = 0;
  for (const StoredComment& c : comments_) {
    if (c.media_id == media.id && !c.deleted) ++comments;
  }
  const std::map<std::string, int64_t> values = {
      {"views", views},
      {"reach", views * 3 / 5},
      {"likes", likes},
      {"comments", comments},
      {"saved", likes / 5},
      {"shares", likes / 8},
      {"total_interactions", likes + comments + likes / 5 + likes / 8}};
  json data = json::array();
  std::stringstream in(metrics);
  std::string metric;
  while (std::getline(in, metric, ',')) {
    auto value = values.find(metric);
    if (value == values.end()) {
      return GraphErrorResponse(400, 100, 0,
                                "(#100) The metric " + metric + " is not supported for this media");
    }
    data.push_back({{"name", metric},
                    {"period", "lifetime"},
                    {"values", json::array({{{"value", value->second}}})},
                    {"id", media.id + "/insights/" + metric + "/lifetime"}});
  }
  return JsonResponse({{"data", data}});
}

web::Response GraphSandbox::AccountInsights(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const int64_t until = std::atoll(param("until").c_str());
  const int64_t since = std::atoll(param("since").c_str());
  if (param("period") != "day" || until <= since) {
    return GraphErrorResponse(400, 100, 0, "period=day, since and until are required");
  }
  const int64_t published = static_cast<int64_t>(media_order_.size());
  json data = json::array();
  std::stringstream in(param("metric"));
  std::string metric;
  while (std::getline(in, metric, ',')) {
    json row{{"name", metric}, {"period", "day"}};
    if (param("metric_type") == "total_value") {
      row["total_value"] = {{"value", 30 + 5 * published}};
    } else {
      json values = json::array();
      for (int64_t end = since + 86400; end <= until; end += 86400) {
        values.push_back({{"value", 100 + 10 * published},
                          {"end_time", GraphTime(Timestamp(std::chrono::seconds(end)))}});
      }
      row["values"] = values;
    }
    row["id"] = options_.ig_user_id + "/insights/" + metric + "/day";
    data.push_back(row);
  }
  return JsonResponse({{"data", data}});
}

}  // namespace civicpost::sandbox
