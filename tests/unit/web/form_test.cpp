#include "web/form.hpp"

#include <gtest/gtest.h>

#include "web/http_types.hpp"
#include "web/session_cookie.hpp"

namespace civicpost::web {
namespace {

TEST(FormTest, RepeatedFieldsKeepTheirOrderAndEncodingIsDecoded) {
  auto form =
      Form::Parse("channel=instagram&caption=Gr%C3%BC%C3%9Fe+aus+Sassenberg&channel=website");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->Get("caption"), "Grüße aus Sassenberg");
  EXPECT_EQ(form->All("channel"), (std::vector<std::string>{"instagram", "website"}));
  EXPECT_EQ(form->Get("missing"), "");
  EXPECT_FALSE(form->Has("missing"));
}

TEST(FormTest, BrokenEncodingIsAnError) {
  EXPECT_FALSE(Form::Parse("caption=%E"));
  EXPECT_FALSE(Form::Parse("caption=%00"));
}

TEST(SessionCookieTest, FindsTheNamedCookieAmongOthers) {
  Request request;
  request.headers = {{"Cookie", "theme=dark; civicpost_session=abc123; other=1"}};
  EXPECT_EQ(CookieValue(request, "civicpost_session"), "abc123");
  EXPECT_EQ(CookieValue(request, "civicpost_login"), std::nullopt);
}

TEST(SessionCookieTest, TokensAreLongAndDifferent) {
  const std::string a = NewToken();
  const std::string b = NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

TEST(SessionCookieTest, SecretsCompareExactly) {
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
  EXPECT_FALSE(SameSecret("", ""));
}

}  // namespace
}  // namespace civicpost::web
