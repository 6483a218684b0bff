// Killing a process in the middle of writing loses no committed row and
// leaves a database that opens, verifies and accepts new writes.

#include <signal.h>

#include <gtest/gtest.h>

#include "child_process.hpp"
#include "core/clock.hpp"
#include "store/audit_log.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "test_dirs.hpp"

namespace civicpost::testing {
namespace {

using namespace std::chrono_literals;

TEST(Crash, SigkillMidWriteLosesNoCommittedRow) {
  TempDir dir;
  const std::string db_path = dir / "civicpost.db";
  std::vector<int64_t> committed;
  {
    ChildProcess writer({STORE_WRITER_BINARY, db_path});
    while (committed.size() < 200) {
      auto line = writer.ReadLine(30s);
      ASSERT_TRUE(line) << "writer stopped early: " << writer.err();
      committed.push_back(std::stoll(*line));
    }
    writer.Signal(SIGKILL);
    EXPECT_EQ(writer.Wait(), 128 + SIGKILL);
  }

  auto db = store::SqliteDatabase::Open(db_path, store::OpenMode::kMustExist);
  ASSERT_TRUE(db) << db.error().message;
  auto integrity = (*db)->Query("PRAGMA integrity_check");
  ASSERT_TRUE(integrity);
  EXPECT_EQ((*integrity)[0].Text(0), "ok");
  for (int64_t id : committed) {
    auto row = (*db)->Query("SELECT caption FROM posts WHERE id = $1", {id});
    ASSERT_TRUE(row);
    ASSERT_EQ(row->size(), 1u) << "committed post " << id << " is lost";
  }
  auto chain = store::AuditLog::Verify(**db);
  ASSERT_TRUE(chain);
  EXPECT_FALSE(chain->first_broken_id) << chain->problem;
  EXPECT_GE(chain->rows_checked, static_cast<int64_t>(committed.size()));

  ManualClock clock(Timestamp{});
  store::Repositories repos(clock);
  auto more = store::InTransaction(**db, [&](store::Transaction& tx) {
    return repos.organizations.Create(tx, Actor::Cli(), {{}, "after", "After", "", {}});
  });
  EXPECT_TRUE(more) << more.error().message;
}

}  // namespace
}  // namespace civicpost::testing
