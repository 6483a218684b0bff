#pragma once
// Routes for operators: /healthz (200 when the database answers, else 503)
// and /metrics (Prometheus text, including civicpost_db_errors_total).

#include "store/database.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace civicpost::web {

void RegisterServiceRoutes(Router& router, Metrics& metrics, store::Database& db);

}  // namespace civicpost::web
