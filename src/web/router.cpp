#include "web/router.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <set>
#include <stdexcept>

#include "web/form.hpp"

namespace civicpost::web {
namespace {

constexpr int kRankWildcard = 1;
constexpr int kRankParam = 2;
constexpr int kRankLiteral = 3;

constexpr const char* kNotFoundText = "404 Nicht gefunden / Not Found\n";
constexpr const char* kMethodNotAllowedText = "405 Methode nicht erlaubt / Method Not Allowed\n";
constexpr const char* kInternalErrorText =
    "500 Interner Fehler. Bitte versuchen Sie es später erneut.\n"
    "Internal server error. Please try again later.\n";

// "/" -> {""}, "/a/b" -> {"a", "b"}, "/a/" -> {"a", ""}.
// REQUIRES: path starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool IsDotSegment(std::string_view part) { return part == "." || part == ".."; }

}  // namespace

Status ParseRequestTarget(std::string_view target, Request* request) {
  if (target.empty() || target.front() != '/') {
    return InvalidArgument("request target must start with '/'");
  }
  const size_t question = target.find('?');
  if (!PercentDecode(target.substr(0, question), false, &request->path)) {
    return InvalidArgument("bad percent-encoding in the path");
  }
  request->query.clear();
  request->query_params.clear();
  if (question == std::string_view::npos) return Status::Ok();
  request->query = std::string(target.substr(question + 1));
  auto pairs = ParseUrlEncoded(request->query);
  if (!pairs) return InvalidArgument("bad percent-encoding in the query");
  for (auto& [key, value] : *pairs) {
    request->query_params.emplace(std::move(key), std::move(value));  // first one wins
  }
  return Status::Ok();
}

void Router::Add(std::string method, std::string_view pattern, Handler handler) {
  const std::string where = method + " " + std::string(pattern);
  if (method.empty() || pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("route " + where + ": pattern must start with '/'");
  }
  if (!handler) throw std::logic_error("route " + where + ": empty handler");
  Route route{std::move(method), std::string(pattern), {}, std::move(handler)};
  std::set<std::string_view> names;
  const std::vector<std::string_view> parts = SplitPath(pattern);
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    const bool braced = part.size() >= 2 && part.front() == '{' && part.back() == '}';
    if (!braced) {
      if (part.find_first_of("{}") != std::string_view::npos) {
        throw std::logic_error("route " + where + ": a parameter must be a whole segment");
      }
      route.segments.push_back({SegmentKind::kLiteral, std::string(part)});
      continue;
    }
    std::string_view name = part.substr(1, part.size() - 2);
    SegmentKind kind = SegmentKind::kParam;
    if (name.ends_with("...")) {
      if (i + 1 != parts.size()) {
        throw std::logic_error("route " + where + ": {name...} must be the last segment");
      }
      name.remove_suffix(3);
      kind = SegmentKind::kWildcard;
    }
    if (name.empty() || name.find_first_of("{}/.") != std::string_view::npos) {
      throw std::logic_error("route " + where + ": bad parameter name");
    }
    if (!names.insert(name).second) {
      throw std::logic_error("route " + where + ": parameter named twice");
    }
    route.segments.push_back({kind, std::string(name)});
  }
  for (const Route& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      throw std::logic_error("route " + where + " registered twice");
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::MatchRoute(const Route& route, const std::vector<std::string_view>& parts,
                        std::map<std::string, std::string>* params, std::vector<int>* rank) {
  const std::vector<Segment>& segments = route.segments;
  const bool wildcard = !segments.empty() && segments.back().kind == SegmentKind::kWildcard;
  if (wildcard ? parts.size() < segments.size() : parts.size() != segments.size()) return false;
  params->clear();
  rank->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = segments[i];
    switch (segment.kind) {
      case SegmentKind::kLiteral:
        if (parts[i] != segment.text) return false;
        rank->push_back(kRankLiteral);
        break;
      case SegmentKind::kParam:
        if (parts[i].empty() || IsDotSegment(parts[i])) return false;
        (*params)[segment.text] = std::string(parts[i]);
        rank->push_back(kRankParam);
        break;
      case SegmentKind::kWildcard: {
        std::string rest;
        for (size_t j = i; j < parts.size(); ++j) {
          if (IsDotSegment(parts[j])) return false;
          if (j > i) rest += '/';
          rest += parts[j];
        }
        if (rest.empty()) return false;
        (*params)[segment.text] = std::move(rest);
        rank->push_back(kRankWildcard);
        break;
      }
    }
  }
  return true;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch best;
  if (path.empty() || path.front() != '/') return best;
  const std::vector<std::string_view> parts = SplitPath(path);
  std::set<std::string> allowed;
  std::vector<int> best_rank;
  std::map<std::string, std::string> params;
  std::vector<int> rank;
  for (const Route& route : routes_) {
    if (!MatchRoute(route, parts, &params, &rank)) continue;
    allowed.insert(route.method);
    const bool exact = route.method == method;
    if (!exact && !(method == "HEAD" && route.method == "GET")) continue;
    rank.push_back(exact ? 1 : 0);  // an explicit HEAD route beats GET
    if (best.handler != nullptr && rank <= best_rank) continue;
    best.outcome = MatchOutcome::kFound;
    best.handler = &route.handler;
    best.path_params = params;
    best.pattern = route.pattern;
    best_rank = rank;
  }
  if (best.handler == nullptr && !allowed.empty()) {
    if (allowed.count("GET") > 0) allowed.insert("HEAD");
    best.outcome = MatchOutcome::kMethodNotAllowed;
    best.allowed_methods.assign(allowed.begin(), allowed.end());
  }
  return best;
}

Dispatched Router::Dispatch(Request request) const {
  RouteMatch match = Match(request.method, request.path);
  Dispatched out;
  out.route = match.outcome == MatchOutcome::kFound ? match.pattern : std::string(kUnmatchedRoute);
  try {
    switch (match.outcome) {
      case MatchOutcome::kFound:
        request.path_params = std::move(match.path_params);
        out.response = (*match.handler)(request);
        break;
      case MatchOutcome::kMethodNotAllowed: {
        out.response = Response::Text(405, kMethodNotAllowedText);
        std::string allow;
        for (const std::string& method : match.allowed_methods) {
          allow += allow.empty() ? method : ", " + method;
        }
        out.response.headers.emplace_back("Allow", std::move(allow));
        break;
      }
      case MatchOutcome::kNotFound:
        out.response = not_found_ ? not_found_(request) : Response::Text(404, kNotFoundText);
        break;
    }
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} (route {}) failed: {}", request.method, request.path,
                  out.route, e.what());
    out.response = Response::Text(500, kInternalErrorText);
  } catch (...) {
    spdlog::error("handler for {} {} (route {}) threw a non-exception", request.method,
                  request.path, out.route);
    out.response = Response::Text(500, kInternalErrorText);
  }
  return out;
}

}  // namespace civicpost::web
