#pragma once
// Serving: wires the router, the public site, the service routes and the
// HTTP server, prints where to go, and runs until SIGTERM or SIGINT; then
// finishes the requests in flight and closes the database cleanly.

#include <vector>

#include "app/config.hpp"
#include "app/demo.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace civicpost::app {

// Returns the exit code: 0 after a clean shutdown, 1 if the server could not
// start (e.g. the port is in use).
int RunServer(const Config& config, store::SqliteDatabase& db, store::Repositories& repos,
              const std::vector<DemoLogin>& demo_logins);

}  // namespace civicpost::app
