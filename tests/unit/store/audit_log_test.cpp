#include "store/audit_log.hpp"

#include <sqlite3.h>

#include "store_fixture.hpp"

namespace civicpost::store {
namespace {

// Edits the file directly, as someone with access to the disk could: the
// append-only triggers are dropped first.
void TamperDirectly(const std::filesystem::path& path, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  const std::string script =
      std::string("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ") + sql;
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(raw, script.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(raw);
}

class AuditLogTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* slug : {"a-stadt", "b-stadt", "c-stadt", "d-stadt"}) MakeOrganization(slug);
  }
};

TEST_F(AuditLogTest, ChainOfWritesVerifies) {
  auto report = AuditLog::Verify(*db_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->rows_checked, 4);
  EXPECT_FALSE(report->first_broken_id);
  auto recent = repos_.audit.Recent(*db_, 1);
  ASSERT_TRUE(recent);
  EXPECT_EQ((*recent)[0].actor, "cli");
  EXPECT_NE((*recent)[0].after_json.find("d-stadt"), std::string::npos);
}

TEST_F(AuditLogTest, TriggersRefuseEditsThroughTheDatabase) {
  auto update = db_->Execute("UPDATE audit_log SET actor = 'someone else'");
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos);
  auto remove = db_->Execute("DELETE FROM audit_log WHERE id = 2");
  ASSERT_FALSE(remove);
}

TEST_F(AuditLogTest, ChangedRowIsReportedAsFirstBrokenLink) {
  db_.reset();
  TamperDirectly(path(), "UPDATE audit_log SET actor = 'intruder' WHERE id = 3;");
  auto db = SqliteDatabase::Open(path(), OpenMode::kMustExist);
  ASSERT_TRUE(db);
  auto report = AuditLog::Verify(**db);
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->first_broken_id);
  EXPECT_EQ(*report->first_broken_id, 3);
  EXPECT_NE(report->problem.find("changed"), std::string::npos);
}

TEST_F(AuditLogTest, RemovedRowBreaksTheLinkOfTheNext) {
  db_.reset();
  TamperDirectly(path(), "DELETE FROM audit_log WHERE id = 2;");
  auto db = SqliteDatabase::Open(path(), OpenMode::kMustExist);
  ASSERT_TRUE(db);
  auto report = AuditLog::Verify(**db);
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->first_broken_id);
  EXPECT_EQ(*report->first_broken_id, 3);
  EXPECT_NE(report->problem.find("does not link"), std::string::npos);
}

TEST_F(AuditLogTest, RehashedRowStillBreaksTheNextLink) {
  // An intruder who recomputes the changed row's own hash still breaks the
  // link stored in the following row.
  db_.reset();
  TamperDirectly(path(), "UPDATE audit_log SET hash = 'ffff' WHERE id = 2;");
  auto db = SqliteDatabase::Open(path(), OpenMode::kMustExist);
  ASSERT_TRUE(db);
  auto report = AuditLog::Verify(**db);
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->first_broken_id);
  EXPECT_EQ(*report->first_broken_id, 2);
}

}  // namespace
}  // namespace civicpost::store
