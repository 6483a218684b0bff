#include "core/password.hpp"

#include <gtest/gtest.h>

namespace civicpost {
namespace {

TEST(Password, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("Schürenstraße 17, Sassenberg");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "Schürenstraße 17, Sassenberg"));
  EXPECT_FALSE(VerifyPassword(*hash, "Schurenstrasse 17, Sassenberg"));
  EXPECT_NE(*hash, *HashPassword("Schürenstraße 17, Sassenberg"));  // salted
}

TEST(Password, RulesNameTheLength) {
  Status short_one = CheckPasswordRules("kurz");
  ASSERT_FALSE(short_one.ok());
  EXPECT_NE(short_one.message().find("12"), std::string::npos);
  EXPECT_TRUE(CheckPasswordRules("lang genug ist gut").ok());
}

TEST(Password, GeneratedPasswordsPassTheRulesAndDiffer) {
  const std::string a = GeneratePassword(16);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_TRUE(CheckPasswordRules(a).ok());
  EXPECT_NE(a, GeneratePassword(16));
}

}  // namespace
}  // namespace civicpost
