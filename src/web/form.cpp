#include "web/form.hpp"

namespace civicpost::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int high = HexValue(in[i + 1]);
      const int low = HexValue(in[i + 2]);
      if (high < 0 || low < 0) return false;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return false;
    *out += c;
  }
  return true;
}

Result<std::vector<std::pair<std::string, std::string>>> ParseUrlEncoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    std::string key;
    std::string value;
    if (!PercentDecode(pair.substr(0, equals), true, &key) ||
        (equals != std::string_view::npos &&
         !PercentDecode(pair.substr(equals + 1), true, &value))) {
      return InvalidArgument("bad percent-encoding");
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

Result<Form> Form::Parse(std::string_view body) {
  auto pairs = ParseUrlEncoded(body);
  if (!pairs) return pairs.error();
  Form form;
  form.fields_ = std::move(*pairs);
  return form;
}

std::string Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return value;
  }
  return "";
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields_) {
    if (key == name) out.push_back(value);
  }
  return out;
}

bool Form::Has(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.first == name) return true;
  }
  return false;
}

}  // namespace civicpost::web
