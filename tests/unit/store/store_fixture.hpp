#pragma once
// A fresh, migrated SQLite database in a temporary directory per test.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "store/migrations.hpp"
#include "store/repositories.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace civicpost::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = SqliteDatabase::Open(path(), OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    auto applied = Migrate(*db_, clock_);
    ASSERT_TRUE(applied) << applied.error().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path path() const { return dir_ / "civicpost.db"; }

  // Creates an authority and returns its id.
  OrganizationId MakeOrganization(const std::string& slug = "sassenberg") {
    auto id = InTransaction(*db_, [&](Transaction& tx) {
      return repos_.organizations.Create(tx, Actor::Cli(),
                                         {{}, slug, "Stadt " + slug, "https://example.org", {}});
    });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : OrganizationId();
  }

  // Creates the authority's Instagram channel and returns its id.
  ChannelId MakeInstagramChannel(OrganizationId org) {
    auto id = InTransaction(*db_, [&](Transaction& tx) {
      Channel channel;
      channel.organization_id = org;
      channel.key = "instagram";
      channel.platform = ChannelPlatform::kInstagram;
      channel.name = "Instagram";
      return repos_.channels.Create(tx, Actor::Cli(), channel);
    });
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : ChannelId();
  }

  ManualClock clock_{*ParseIsoUtc("2026-11-25T09:00:00Z")};
  Repositories repos_{clock_};
  std::filesystem::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

}  // namespace civicpost::store
