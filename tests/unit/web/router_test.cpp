#include "web/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace civicpost::web {
namespace {

Handler Named(std::string name) {
  return [name](const Request&) { return Response::Text(200, name); };
}

Request MakeRequest(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

std::string BodyOf(const Router& router, std::string method, std::string path) {
  return router.Dispatch(MakeRequest(std::move(method), std::move(path))).response.body;
}

TEST(Router, MatchesNamedSegments) {
  Router router;
  router.Get("/{slug}/posts/{id}", Named("post"));
  RouteMatch match = router.Match("GET", "/sassenberg/posts/42");
  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.pattern, "/{slug}/posts/{id}");
  EXPECT_EQ(match.path_params["slug"], "sassenberg");
  EXPECT_EQ(match.path_params["id"], "42");
  EXPECT_EQ(router.Match("GET", "/sassenberg/posts/").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/sassenberg/posts/42/x").outcome, MatchOutcome::kNotFound);
}

TEST(Router, WildcardTakesTheRestOfThePath) {
  Router router;
  router.Get("/static/{path...}", Named("static"));
  RouteMatch match = router.Match("GET", "/static/css/site.css");
  ASSERT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.path_params["path"], "css/site.css");
  EXPECT_EQ(router.Match("GET", "/static/").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/static").outcome, MatchOutcome::kNotFound);
}

TEST(Router, DotSegmentsNeverMatchParameters) {
  Router router;
  router.Get("/static/{path...}", Named("static"));
  router.Get("/media/{id}", Named("media"));
  EXPECT_EQ(router.Match("GET", "/static/../../etc/passwd").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/static/a/./b").outcome, MatchOutcome::kNotFound);
  EXPECT_EQ(router.Match("GET", "/media/..").outcome, MatchOutcome::kNotFound);
}

TEST(Router, TrailingSlashIsSignificant) {
  Router router;
  router.Get("/", Named("home"));
  router.Get("/{slug}/", Named("authority"));
  EXPECT_EQ(BodyOf(router, "GET", "/"), "home");
  EXPECT_EQ(BodyOf(router, "GET", "/sassenberg/"), "authority");
  EXPECT_EQ(router.Match("GET", "/sassenberg").outcome, MatchOutcome::kNotFound);
}

TEST(Router, ExactSegmentsBeatParametersAndWildcards) {
  Router router;
  router.Get("/{slug}/", Named("authority"));
  router.Get("/admin/", Named("admin"));
  router.Get("/files/{path...}", Named("wildcard"));
  router.Get("/files/{name}", Named("param"));
  router.Get("/files/readme", Named("exact"));
  EXPECT_EQ(BodyOf(router, "GET", "/admin/"), "admin");
  EXPECT_EQ(BodyOf(router, "GET", "/other/"), "authority");
  EXPECT_EQ(BodyOf(router, "GET", "/files/readme"), "exact");
  EXPECT_EQ(BodyOf(router, "GET", "/files/notes"), "param");
  EXPECT_EQ(BodyOf(router, "GET", "/files/a/b"), "wildcard");
  EXPECT_EQ(router.Match("GET", "/files/notes").pattern, "/files/{name}");
}

TEST(Router, UnknownPathIsNotFound) {
  Router router;
  router.Get("/healthz", Named("ok"));
  Dispatched out = router.Dispatch(MakeRequest("GET", "/nope"));
  EXPECT_EQ(out.response.status, 404);
  EXPECT_EQ(out.route, kUnmatchedRoute);
}

TEST(Router, WrongMethodIsMethodNotAllowedWithAllow) {
  Router router;
  router.Get("/posts", Named("list"));
  router.Post("/posts", Named("create"));
  router.Add("DELETE", "/posts/{id}", Named("delete"));
  RouteMatch match = router.Match("PUT", "/posts");
  EXPECT_EQ(match.outcome, MatchOutcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
  Dispatched out = router.Dispatch(MakeRequest("PUT", "/posts"));
  EXPECT_EQ(out.response.status, 405);
  ASSERT_EQ(out.response.headers.size(), 1u);
  EXPECT_EQ(out.response.headers[0].first, "Allow");
  EXPECT_EQ(out.response.headers[0].second, "GET, HEAD, POST");
  EXPECT_EQ(out.route, kUnmatchedRoute);
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.Get("/page", Named("page"));
  RouteMatch match = router.Match("HEAD", "/page");
  EXPECT_EQ(match.outcome, MatchOutcome::kFound);
  EXPECT_EQ(match.pattern, "/page");
}

TEST(Router, DispatchPassesPathParamsToTheHandler) {
  Router router;
  router.Get("/{slug}/", [](const Request& r) {
    return Response::Text(200, "Hallo " + r.path_params.at("slug"));
  });
  EXPECT_EQ(BodyOf(router, "GET", "/warendorf/"), "Hallo warendorf");
}

TEST(Router, ThrowingHandlerBecomesInternalError) {
  Router router;
  router.Get("/boom", [](const Request&) -> Response { throw std::runtime_error("kaputt"); });
  router.Get("/int", [](const Request&) -> Response { throw 42; });
  Dispatched out = router.Dispatch(MakeRequest("GET", "/boom"));
  EXPECT_EQ(out.response.status, 500);
  EXPECT_EQ(out.route, "/boom");
  EXPECT_NE(out.response.body.find("Interner Fehler"), std::string::npos);
  EXPECT_EQ(out.response.body.find("kaputt"), std::string::npos);  // no internals leak
  EXPECT_EQ(router.Dispatch(MakeRequest("GET", "/int")).response.status, 500);
}

TEST(Router, CustomNotFoundHandler) {
  Router router;
  router.SetNotFoundHandler([](const Request&) { return Response::Text(404, "eigene Seite"); });
  Dispatched out = router.Dispatch(MakeRequest("GET", "/x"));
  EXPECT_EQ(out.response.status, 404);
  EXPECT_EQ(out.response.body, "eigene Seite");
}

TEST(Router, RejectsBadPatterns) {
  Router router;
  EXPECT_THROW(router.Get("healthz", Named("x")), std::logic_error);
  EXPECT_THROW(router.Get("/{path...}/x", Named("x")), std::logic_error);
  EXPECT_THROW(router.Get("/{}", Named("x")), std::logic_error);
  EXPECT_THROW(router.Get("/a{b}", Named("x")), std::logic_error);
  EXPECT_THROW(router.Get("/{a}/{a}", Named("x")), std::logic_error);
  router.Get("/once", Named("x"));
  EXPECT_THROW(router.Get("/once", Named("y")), std::logic_error);
  EXPECT_NO_THROW(router.Post("/once", Named("y")));
}

TEST(ParseRequestTarget, DecodesPathAndQuery) {
  Request request;
  ASSERT_TRUE(ParseRequestTarget("/a%20b/?x=1&name=M%C3%BCller+Hans&flag&x=2", &request).ok());
  EXPECT_EQ(request.path, "/a b/");
  EXPECT_EQ(request.query, "x=1&name=M%C3%BCller+Hans&flag&x=2");
  EXPECT_EQ(request.query_params["x"], "1");
  EXPECT_EQ(request.query_params["name"], "Müller Hans");
  EXPECT_EQ(request.query_params.count("flag"), 1u);
  ASSERT_TRUE(ParseRequestTarget("/a+b", &request).ok());
  EXPECT_EQ(request.path, "/a+b");  // '+' is only a space in the query
}

TEST(ParseRequestTarget, RejectsMalformedTargets) {
  Request request;
  EXPECT_FALSE(ParseRequestTarget("http://example.org/", &request).ok());
  EXPECT_FALSE(ParseRequestTarget("/bad%2", &request).ok());
  EXPECT_FALSE(ParseRequestTarget("/bad%g0", &request).ok());
  EXPECT_FALSE(ParseRequestTarget("/nul%00", &request).ok());
  EXPECT_FALSE(ParseRequestTarget("/?q=%", &request).ok());
}

}  // namespace
}  // namespace civicpost::web
