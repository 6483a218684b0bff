#include "sandbox/graph_sandbox.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vips/vips8>

#include "core/time_format.hpp"
#include "media/vips_runtime.hpp"
#include "web/form.hpp"

namespace civicpost::sandbox {
namespace {

using nlohmann::json;

web::Response JsonResponse(const json& body, int status = 200) {
  web::Response response;
  response.status = status;
  response.content_type = "application/json; charset=UTF-8";
  response.body = body.dump();
  response.headers.emplace_back("facebook-api-version", "v24.0");
  return response;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (!part.empty()) out.push_back(part);
  }
  // "/v24.0/..." and "/..." are the same call (spec 0.2).
  if (!out.empty() && out[0].size() > 1 && out[0][0] == 'v' && out[0].ends_with(".0")) {
    out.erase(out.begin());
  }
  return out;
}

// Query, urlencoded form and JSON body, as Graph accepts all three (spec 0.4).
std::map<std::string, std::string> Params(const web::Request& request) {
  std::map<std::string, std::string> params = request.query_params;
  const std::string type(request.Header("Content-Type").value_or(""));
  if (type.starts_with("application/json")) {
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_object()) {
      for (const auto& [key, value] : body.items()) {
        params[key] = value.is_string() ? value.get<std::string>() : value.dump();
      }
    }
  } else if (!request.body.empty()) {
    if (auto fields = web::ParseUrlEncoded(request.body)) {
      for (const auto& [key, value] : *fields) params.emplace(key, value);
    }
  }
  return params;
}

std::string TokenOf(const web::Request& request, const std::map<std::string, std::string>& params) {
  if (auto it = params.find("access_token"); it != params.end()) return it->second;
  const std::string header(request.Header("Authorization").value_or(""));
  for (const char* scheme : {"Bearer ", "OAuth "}) {
    if (header.starts_with(scheme)) return header.substr(std::string(scheme).size());
  }
  return "";
}

bool Wants(const std::string& fields, const std::string& field) {
  std::stringstream in(fields);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part == field) return true;
  }
  return false;
}

// "2026-11-25T09:00:00+0000", as Graph writes timestamps (spec 0.5).
std::string GraphTime(Timestamp t) {
  std::string iso = FormatIsoUtc(t);
  return iso.substr(0, iso.size() - 1) + "+0000";
}

}  // namespace

web::Response GraphErrorResponse(int http_status, int code, int subcode,
                                 const std::string& message) {
  json error{{"message", message},
             {"type", "OAuthException"},
             {"code", code},
             {"fbtrace_id", "AsandboxTrace"}};
  if (subcode != 0) error["error_subcode"] = subcode;
  return JsonResponse({{"error", error}}, http_status);
}

GraphSandbox::GraphSandbox(SandboxOptions options, HttpClient& fetcher, const Clock& clock)
    : options_(std::move(options)), fetcher_(fetcher), clock_(clock) {
  media::EnsureVips();  // the fetched images are checked with libvips
}

void GraphSandbox::Register(web::Router& router) {
  router.Post("/_sandbox/faults", [this](const web::Request& r) { return Faults(r); });
  router.Get("/{path...}", [this](const web::Request& r) { return Handle(r); });
  router.Post("/{path...}", [this](const web::Request& r) { return Handle(r); });
}

void GraphSandbox::InjectFault(Fault fault) {
  std::lock_guard lock(mu_);
  faults_.push_back(std::move(fault));
}

std::map<std::string, int> GraphSandbox::PublishCounts() const {
  std::lock_guard lock(mu_);
  std::map<std::string, int> counts;
  for (const auto& [id, container] : containers_) counts[id] = container.publish_count;
  return counts;
}

std::string GraphSandbox::NextId() { return std::to_string(next_id_++); }

web::Response GraphSandbox::Faults(const web::Request& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) return GraphErrorResponse(400, 100, 0, "faults: expected a JSON object");
  Fault fault;
  fault.path_contains = body.value("path_contains", "");
  fault.times = body.value("times", 1);
  fault.http_status = body.value("http_status", 400);
  fault.code = body.value("code", 0);
  fault.subcode = body.value("subcode", 0);
  fault.message = body.value("message", fault.message);
  fault.latency_ms = body.value("latency_ms", 0);
  fault.regain_minutes = body.value("estimated_time_to_regain_access", -1);
  InjectFault(fault);
  return JsonResponse({{"success", true}});
}

web::Response GraphSandbox::Handle(const web::Request& request) {
  std::optional<Fault> fault;
  {
    std::lock_guard lock(mu_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (request.path.find(it->path_contains) == std::string::npos) continue;
      fault = *it;
      if (--it->times <= 0) faults_.erase(it);
      break;
    }
  }
  if (fault) {
    if (fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
    if (fault->code != 0 || fault->http_status >= 500) {
      web::Response response =
          fault->code == 0
              ? web::Response::Text(fault->http_status, "<html>upstream error</html>")
              : GraphErrorResponse(fault->http_status, fault->code, fault->subcode, fault->message);
      if (fault->regain_minutes >= 0) {
        response.headers.emplace_back(
            "x-business-use-case-usage",
            json{{options_.ig_user_id,
                  json::array({{{"type", "instagram"},
                                {"call_count", 100},
                                {"total_cputime", 10},
                                {"total_time", 10},
                                {"estimated_time_to_regain_access", fault->regain_minutes}}})}}
                .dump());
      }
      return response;
    }
  }

  const std::map<std::string, std::string> params = Params(request);
  if (!options_.tokens.contains(TokenOf(request, params))) {
    return GraphErrorResponse(400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
  }
  const std::vector<std::string> path = Segments(request.path);
  const auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const bool post = request.method == "POST";
  if (path.size() == 1 && path[0] == "me" && !post) return Me(param("fields"));
  if (path.size() == 2 && path[0] == options_.ig_user_id) {
    if (path[1] == "media" && post) return CreateContainer(params);
    if (path[1] == "media_publish" && post) return Publish(params);
    if (path[1] == "content_publishing_limit" && !post) return PublishingLimit(param("fields"));
  }
  if (path.size() == 1 && !post) {
    std::lock_guard lock(mu_);
    if (auto c = containers_.find(path[0]); c != containers_.end()) {
      return ContainerStatus(c->second, param("fields"));
    }
    if (auto m = media_.find(path[0]); m != media_.end()) {
      const PublishedMedia& media = m->second;
      json body{{"id", media.id}};
      const std::string fields = param("fields");
      if (Wants(fields, "permalink")) body["permalink"] = media.permalink;
      if (Wants(fields, "caption")) body["caption"] = media.caption;
      if (Wants(fields, "media_type")) body["media_type"] = media.media_type;
      if (Wants(fields, "timestamp")) body["timestamp"] = GraphTime(media.timestamp);
      return JsonResponse(body);
    }
  }
  return GraphErrorResponse(400, 100, 33,
                            "Unsupported " + std::string(post ? "post" : "get") +
                                " request. Object with ID '" + (path.empty() ? "" : path[0]) +
                                "' does not exist, cannot be loaded due to missing permissions, "
                                "or does not support this operation.");
}

web::Response GraphSandbox::Me(const std::string& fields) {
  json body{{"id", options_.ig_user_id}};
  if (Wants(fields, "username")) body["username"] = options_.username;
  if (Wants(fields, "user_id")) body["user_id"] = options_.ig_user_id;
  return JsonResponse(body);
}

std::optional<web::Response> GraphSandbox::CheckImage(const std::string& url) {
  auto fetched = fetcher_.Send({.url = url, .timeout = std::chrono::seconds(30)});
  if (!fetched || fetched->status != 200) {
    return GraphErrorResponse(400, 9004, 2207052,
                              "The media could not be fetched from this uri: " + url);
  }
  const std::string& bytes = fetched->body;
  if (static_cast<int64_t>(bytes.size()) > options_.max_image_bytes) {
    return GraphErrorResponse(400, 36000, 2207004,
                              "The image is too large to download. It should be less than 8 MiB.");
  }
  if (bytes.size() < 3 || bytes.compare(0, 3, "\xFF\xD8\xFF") != 0) {
    return GraphErrorResponse(400, 36001, 2207005,
                              "The image format is not supported. Supported formats are: JPEG.");
  }
  try {
    vips::VImage image = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    const double ratio = static_cast<double>(image.width()) / image.height();
    if (ratio < 0.8 - 1e-3 || ratio > 1.91 + 1e-3) {
      return GraphErrorResponse(
          400, 36003, 2207009,
          "The submitted image with aspect ratio " + std::to_string(ratio) +
              " cannot be published. Please submit an image with a valid aspect ratio.");
    }
  } catch (const vips::VError&) {
    return GraphErrorResponse(400, 36001, 2207005,
                              "The image format is not supported. Supported formats are: JPEG.");
  }
  return std::nullopt;
}

web::Response GraphSandbox::CreateContainer(const std::map<std::string, std::string>& params) {
  auto param = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  const std::string caption = param("caption");
  if (caption.size() > 2200 * 4 ||
      std::count_if(caption.begin(), caption.end(),
                    [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }) > 2200) {
    return GraphErrorResponse(400, 36004, 2207010,
                              "The submitted image's caption was too long; the maximum is 2200.");
  }
  const std::string media_type = param("media_type").empty() ? "IMAGE" : param("media_type");
  if (media_type == "IMAGE" || media_type == "STORIES") {
    if (param("image_url").empty()) {
      return GraphErrorResponse(400, 100, 0, "The parameter image_url is required");
    }
    if (auto refused = CheckImage(param("image_url"))) return *refused;
  } else {
    return GraphErrorResponse(400, 100, 2207023,
                              "The media type " + media_type + " is unknown to the sandbox yet.");
  }
  std::lock_guard lock(mu_);
  Container container;
  container.id = NextId();
  container.caption = caption;
  container.media_type = media_type;
  container.image_url = param("image_url");
  container.created_at = clock_.Now();
  container.status_code = options_.polls_until_finished > 0 ? "IN_PROGRESS" : "FINISHED";
  containers_[container.id] = container;
  return JsonResponse({{"id", container.id}});
}

web::Response GraphSandbox::ContainerStatus(Container& c, const std::string& fields) {
  // mu_ is held by the caller.
  if (c.status_code == "IN_PROGRESS" && ++c.polls > options_.polls_until_finished) {
    c.status_code = "FINISHED";
  }
  if ((c.status_code == "FINISHED" || c.status_code == "IN_PROGRESS") &&
      clock_.Now() - c.created_at > std::chrono::hours(24)) {
    c.status_code = "EXPIRED";
  }
  json body{{"id", c.id}};
  if (fields.empty() || Wants(fields, "status_code")) body["status_code"] = c.status_code;
  if (Wants(fields, "status")) {
    body["status"] = c.status_code == "FINISHED"
                         ? "Finished: Media has been uploaded and it is ready to be published."
                         : c.status_code;
  }
  return JsonResponse(body);
}

int GraphSandbox::QuotaUsage() {
  // mu_ is held by the caller.
  const Timestamp since = clock_.Now() - std::chrono::hours(24);
  while (!publish_times_.empty() && publish_times_.front() <= since) publish_times_.pop_front();
  return static_cast<int>(publish_times_.size());
}

web::Response GraphSandbox::Publish(const std::map<std::string, std::string>& params) {
  auto it = params.find("creation_id");
  const std::string creation_id = it == params.end() ? "" : it->second;
  std::lock_guard lock(mu_);
  auto c = containers_.find(creation_id);
  const auto gone = [&] {
    return GraphErrorResponse(400, 24, 2207008,
                              "The media builder with creation id = " + creation_id +
                                  " does not exist or has been expired.");
  };
  if (c == containers_.end()) return gone();
  Container& container = c->second;
  if (container.status_code == "FINISHED" && clock_.Now() - container.created_at > std::chrono::hours(24)) {
    container.status_code = "EXPIRED";
  }
  if (container.status_code == "EXPIRED" || container.status_code == "ERROR") return gone();
  if (container.status_code == "IN_PROGRESS") {
    return GraphErrorResponse(400, 9007, 2207027,
                              "The media is not ready for publishing, please wait for a moment");
  }
  if (container.status_code == "PUBLISHED") {
    // Publishing twice returns the same media (spec 2.2 leaves it open); the
    // count lets tests see that a client tried.
    ++container.publish_count;
    return JsonResponse({{"id", container.media_id}});
  }
  if (QuotaUsage() >= options_.quota_total) {
    return GraphErrorResponse(400, 9, 2207042,
                              "You reached maximum number of posts that is allowed to be "
                              "published by Content Publishing API.");
  }
  PublishedMedia media;
  media.id = NextId();
  media.caption = container.caption;
  media.media_type = container.media_type;
  media.timestamp = clock_.Now();
  media.permalink = "https://www.instagram.com/p/SBX" + media.id.substr(media.id.size() - 8) + "/";
  media_[media.id] = media;
  container.status_code = "PUBLISHED";
  container.media_id = media.id;
  ++container.publish_count;
  publish_times_.push_back(clock_.Now());
  return JsonResponse({{"id", media.id}});
}

web::Response GraphSandbox::PublishingLimit(const std::string& fields) {
  std::lock_guard lock(mu_);
  json row{{"quota_usage", QuotaUsage()}};
  if (Wants(fields, "config")) {
    row["config"] = {{"quota_total", options_.quota_total}, {"quota_duration", 86400}};
  }
  return JsonResponse({{"data", json::array({row})}});
}

}  // namespace civicpost::sandbox
