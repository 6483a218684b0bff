#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <fstream>

#include "store_fixture.hpp"

namespace civicpost::store {
namespace {

TEST_F(StoreTest, BindsNumberedParametersInAnyOrder) {
  auto rows = db_->Query("SELECT $2 || '-' || $1, $3 IS NULL", {int64_t{1}, "zwei", SqlValue()});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Text(0), "zwei-1");
  EXPECT_EQ((*rows)[0].Int(1), 1);
}

TEST_F(StoreTest, MissingParameterIsAnErrorNotANull) {
  auto rows = db_->Query("SELECT $1, $2", {int64_t{1}});
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message.find("parameters"), std::string::npos);
}

TEST_F(StoreTest, UncommittedTransactionLeavesNothingBehind) {
  const OrganizationId org = MakeOrganization();
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(repos_.channels.Create(**tx, Actor::Cli(),
                                       {{}, org, "instagram", ChannelPlatform::kInstagram,
                                        "Instagram", "stadt", "", ChannelStatus::kActive, {}}));
    // No Commit(): the destructor rolls back.
  }
  auto channels = repos_.channels.ListByOrganization(*db_, org);
  ASSERT_TRUE(channels);
  EXPECT_TRUE(channels->empty());
  auto audit = repos_.audit.Recent(*db_, 10);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);  // only the organization's creation
  EXPECT_EQ((*audit)[0].action, "organization.create");
}

TEST_F(StoreTest, MigrationsAreIdempotent) {
  auto again = Migrate(*db_, clock_);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_TRUE(CheckSchemaCurrent(*db_).ok());
}

TEST_F(StoreTest, NewerSchemaIsRefusedAndUntouched) {
  ASSERT_TRUE(db_->Execute(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')"));
  auto migrated = Migrate(*db_, clock_);
  ASSERT_FALSE(migrated);
  EXPECT_NE(migrated.error().message.find("newer"), std::string::npos);
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, 99);
  EXPECT_FALSE(CheckSchemaCurrent(*db_).ok());
}

TEST_F(StoreTest, CorruptFileGivesAMessageNamingIt) {
  const auto bad = dir_ / "garbage.db";
  {
    std::ofstream out(bad, std::ios::binary);
    out << std::string(8192, 'x');
  }
  auto db = SqliteDatabase::Open(bad, OpenMode::kMustExist);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("garbage.db"), std::string::npos) << db.error().message;
  std::ifstream in(bad, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, std::string(8192, 'x'));  // untouched
}

TEST_F(StoreTest, MissingDatabaseIsNotCreatedWhenItMustExist) {
  auto db = SqliteDatabase::Open(dir_ / "nope.db", OpenMode::kMustExist);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
  EXPECT_NE(db.error().message.find("civicpost init"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nope.db"));
}

TEST_F(StoreTest, ForeignDatabaseIsRecognised) {
  const auto other = dir_ / "other.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE invoices (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto db = SqliteDatabase::Open(other, OpenMode::kMustExist);
  ASSERT_TRUE(db);
  auto migrated = Migrate(**db, clock_);
  ASSERT_FALSE(migrated);
  EXPECT_NE(migrated.error().message.find("not a civicpost database"), std::string::npos);
}

TEST_F(StoreTest, ConstraintViolationIsAConflict) {
  MakeOrganization("dup");
  auto again = InTransaction(*db_, [&](Transaction& tx) {
    return repos_.organizations.Create(tx, Actor::Cli(), {{}, "dup", "x", "", {}});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto direct = db_->Execute(
      "INSERT INTO organizations (slug, name, created_at) VALUES ('dup', 'y', 'z')");
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().code, ErrorCode::kConflict);
  EXPECT_GE(db_->ErrorCount(), 1);
}

}  // namespace
}  // namespace civicpost::store
