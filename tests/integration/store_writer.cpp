// Test helper: writes posts into a database as fast as it can and prints the
// id of each one after its transaction committed. crash_test kills it.

#include <iostream>

#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "store/migrations.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"

using namespace civicpost;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  ManualClock clock(*ParseIsoUtc("2026-11-25T09:00:00Z"));
  auto db = store::SqliteDatabase::Open(argv[1], store::OpenMode::kCreateIfMissing);
  if (!db || !store::Migrate(**db, clock)) return 1;
  store::Repositories repos(clock);
  auto org = store::InTransaction(**db, [&](store::Transaction& tx) {
    return repos.organizations.Create(tx, Actor::Cli(), {{}, "crash", "Crash", "", {}});
  });
  if (!org) return 1;
  for (int i = 0;; ++i) {
    Post post;
    post.organization_id = *org;
    post.topic = "heimat";
    post.caption = "Beitrag " + std::to_string(i) + std::string(2000, 'x');
    auto id = store::InTransaction(**db, [&](store::Transaction& tx) {
      return repos.posts.Create(tx, Actor::Cli(), post);
    });
    if (!id) {
      std::cerr << id.error().message << "\n";
      return 1;
    }
    std::cout << id->value() << std::endl;  // flushed: the parent sees only committed ids
  }
}
