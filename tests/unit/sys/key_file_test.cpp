// Secrets at rest: sealed with a key from a file outside the data directory.
#include "sys/key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace civicpost::sys {
namespace {

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicpost-key-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "var");
    std::filesystem::create_directories(dir_ / "etc");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(KeyFileTest, ATokenSealedUnderTheKeyOpensOnlyWithIt) {
  const auto key_file = dir_ / "etc/secret.key";
  auto box = LoadKeyFile(key_file, dir_ / "var", true);
  ASSERT_TRUE(box) << box.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const std::string token = "IGQVJ-long-lived-token-Sassenberg";
  const std::string sealed = box->Seal(token);
  EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
  EXPECT_EQ(sealed.find(token), std::string::npos);
  EXPECT_NE(box->Seal(token), sealed);  // a fresh nonce each time
  auto opened = box->Open(sealed);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, token);

  // The same file opens it again after a restart; another key does not.
  auto again = LoadKeyFile(key_file, dir_ / "var", false);
  ASSERT_TRUE(again);
  auto reopened = again->Open(sealed);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened, token);
  auto other = LoadKeyFile(dir_ / "etc/other.key", dir_ / "var", true);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->Open(sealed));
  std::string changed = sealed;
  changed[10] = changed[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(changed));
}

TEST_F(KeyFileTest, AKeyInTheDataDirectoryOrReadableByOthersIsRefused) {
  auto inside = LoadKeyFile(dir_ / "var/secret.key", dir_ / "var", true);
  ASSERT_FALSE(inside);
  EXPECT_NE(inside.error().message.find("inside the data directory"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "var/secret.key"));

  const auto key_file = dir_ / "etc/secret.key";
  ASSERT_TRUE(LoadKeyFile(key_file, dir_ / "var", true));
  ::chmod(key_file.c_str(), 0644);
  auto loose = LoadKeyFile(key_file, dir_ / "var", false);
  ASSERT_FALSE(loose);
  EXPECT_NE(loose.error().message.find("chmod 600"), std::string::npos);

  auto missing = LoadKeyFile(dir_ / "etc/none.key", dir_ / "var", false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace civicpost::sys
