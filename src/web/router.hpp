#pragma once
// Maps (method, path) to a handler.
//
// Patterns are made of '/'-separated segments:
//   /healthz              literal segments
//   /{slug}/posts/{id}    named segments: one non-empty path segment each
//   /static/{path...}     trailing wildcard: the non-empty rest of the path
// A trailing '/' is significant: "/{slug}/" matches "/a/" but not "/a".
// When several patterns match, the more specific wins, compared segment by
// segment from the left: literal beats {name} beats {name...}. Parameters
// never capture "." or ".." segments (such paths simply do not match).
//
// HEAD requests are served by the GET handler (the server drops the body).
// A path that matches no pattern is a 404; a path that matches only for other
// methods is a 405 with an Allow header.
//
// Thread-safety: register all routes before the server starts; afterwards
// Match and Dispatch are const and may run concurrently.
//
// Typical usage:
//   Router router;
//   router.Get("/{slug}/", [](const Request& r) {
//     return Response::Text(200, "Hallo " + r.path_params.at("slug"));
//   });

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/http_types.hpp"

namespace civicpost::web {

using Handler = std::function<Response(const Request&)>;

// The metrics route label of requests no pattern matched.
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

enum class MatchOutcome { kFound, kNotFound, kMethodNotAllowed };

struct RouteMatch {
  MatchOutcome outcome = MatchOutcome::kNotFound;
  const Handler* handler = nullptr;  // kFound only; owned by the Router
  std::map<std::string, std::string> path_params;
  std::string pattern;                       // kFound only: "/{slug}/posts/{id}"
  std::vector<std::string> allowed_methods;  // kMethodNotAllowed: sorted, with HEAD
};

// What Dispatch produced, and the label to record it under.
struct Dispatched {
  Response response;
  std::string route;  // the pattern, or kUnmatchedRoute
};

// Splits a raw request target ("/a%20b/?x=1&y") into request->path (decoded),
// request->query and request->query_params (decoded, '+' is a space; for a
// repeated key the first value wins). The server calls it before Dispatch.
// Fails with kInvalidArgument on a target that is not origin-form ("/..."),
// on bad percent-encoding and on a decoded NUL byte.
Status ParseRequestTarget(std::string_view target, Request* request);

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // REQUIRES: `pattern` starts with '/', names are non-empty, a wildcard is the
  // last segment and (method, pattern) is not registered yet. A violation is a
  // programming error and throws std::logic_error at start-up.
  void Add(std::string method, std::string_view pattern, Handler handler);
  void Get(std::string_view pattern, Handler handler) { Add("GET", pattern, std::move(handler)); }
  void Post(std::string_view pattern, Handler handler) { Add("POST", pattern, std::move(handler)); }

  // Replaces the default plain-text 404 (e.g. with a rendered error page).
  void SetNotFoundHandler(Handler handler) { not_found_ = std::move(handler); }

  // `path` is the decoded path without the query.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Matches, fills request.path_params and runs the handler. This is the
  // catch-all boundary: a handler that throws gives a 500 and an error log.
  Dispatched Dispatch(Request request) const;

 private:
  enum class SegmentKind { kLiteral, kParam, kWildcard };
  struct Segment {
    SegmentKind kind;
    std::string text;  // the literal, or the parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  // Returns false if `route` does not match; else fills `params` and `rank`.
  static bool MatchRoute(const Route& route, const std::vector<std::string_view>& parts,
                         std::map<std::string, std::string>* params, std::vector<int>* rank);

  std::vector<Route> routes_;
  Handler not_found_;
};

}  // namespace civicpost::web
