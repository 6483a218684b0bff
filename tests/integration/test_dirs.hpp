#pragma once
// A fresh temporary directory per test, removed afterwards.

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace civicpost::testing {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("civicpost-" + std::to_string(getpid()) + "-" +
             (info ? std::string(info->test_suite_name()) + "-" + info->name() : "suite"));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string Binary() { return CIVICPOST_BINARY; }
inline std::string SourceDir() { return CIVICPOST_SOURCE_DIR; }

}  // namespace civicpost::testing
