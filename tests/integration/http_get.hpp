#pragma once
// A plain HTTP/1.1 GET over loopback (Boost.Beast), for tests.

#include <cstdint>
#include <map>
#include <string>

namespace civicpost::testing {

struct HttpReply {
  int status = 0;  // 0: could not connect
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

HttpReply HttpGet(uint16_t port, const std::string& target);

}  // namespace civicpost::testing
