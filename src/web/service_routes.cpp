#include "web/service_routes.hpp"

#include <spdlog/spdlog.h>

namespace civicpost::web {

void RegisterServiceRoutes(Router& router, Metrics& metrics, store::Database& db) {
  metrics.AddCollector([&db](std::string& out) {
    out += "# HELP civicpost_db_errors_total Database statements that failed.\n";
    out += "# TYPE civicpost_db_errors_total counter\n";
    out += "civicpost_db_errors_total{engine=\"" + std::string(db.Engine()) + "\"} " +
           std::to_string(db.ErrorCount()) + "\n";
  });
  router.Get("/healthz", [&db](const Request&) {
    auto rows = db.Query("SELECT 1");
    if (!rows) {
      spdlog::warn("health check: database: {}", rows.error().message);
      Response down = Response::Text(503, "database unavailable\n");
      down.headers.emplace_back("Cache-Control", "no-store");
      return down;
    }
    Response ok = Response::Text(200, "ok\n");
    ok.headers.emplace_back("Cache-Control", "no-store");
    return ok;
  });
  router.Get("/metrics", [&metrics](const Request&) {
    Response response = Response::Text(200, metrics.Render());
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  });
}

}  // namespace civicpost::web
