#pragma once
// The fields of an application/x-www-form-urlencoded request body, in order;
// a name may repeat (checkbox groups).
//
// Typical usage:
//   auto form = Form::Parse(request.body);
//   if (!form) return BadRequest(...);
//   std::string caption = form->Get("caption");
//   std::vector<std::string> channels = form->All("channel");

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace civicpost::web {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). False on a
// broken escape or a decoded NUL byte.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

// Splits "a=1&b=2&a=3" into decoded pairs; '+' is a space.
Result<std::vector<std::pair<std::string, std::string>>> ParseUrlEncoded(std::string_view text);

class Form {
 public:
  // Fails with kInvalidArgument on broken percent-encoding.
  static Result<Form> Parse(std::string_view body);

  // The first value, or "" if the field is missing.
  std::string Get(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;
  bool Has(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace civicpost::web
