#include "sandbox/graph_wire.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

#include "core/time_format.hpp"
#include "web/form.hpp"

namespace civicpost::sandbox::wire {

web::Response JsonResponse(const json& body, int status) {
  web::Response response;
  response.status = status;
  response.content_type = "application/json; charset=UTF-8";
  response.body = body.dump();
  response.headers.emplace_back("facebook-api-version", "v24.0");
  return response;
}

std::optional<std::string> VersionOf(const std::string& path) {
  const size_t start = path.find_first_not_of('/');
  if (start == std::string::npos) return std::nullopt;
  const std::string first = path.substr(start, path.find('/', start) - start);
  if (first.size() > 1 && first[0] == 'v' && first.ends_with(".0")) return first;
  return std::nullopt;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (!part.empty()) out.push_back(part);
  }
  // "/v24.0/..." and "/..." are the same call (spec 0.2).
  if (VersionOf(path)) out.erase(out.begin());
  return out;
}

// Query, urlencoded form and JSON body, as Graph accepts all three (spec 0.4).
std::map<std::string, std::string> Params(const web::Request& request) {
  std::map<std::string, std::string> params = request.query_params;
  const std::string type(request.Header("Content-Type").value_or(""));
  if (type.starts_with("application/json")) {
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_object()) {
      for (const auto& [key, value] : body.items()) {
        params[key] = value.is_string() ? value.get<std::string>() : value.dump();
      }
    }
  } else if (!request.body.empty()) {
    if (auto fields = web::ParseUrlEncoded(request.body)) {
      for (const auto& [key, value] : *fields) params.emplace(key, value);
    }
  }
  return params;
}

std::string TokenOf(const web::Request& request, const std::map<std::string, std::string>& params) {
  if (auto it = params.find("access_token"); it != params.end()) return it->second;
  const std::string header(request.Header("Authorization").value_or(""));
  for (const char* scheme : {"Bearer ", "OAuth "}) {
    if (header.starts_with(scheme)) return header.substr(std::string(scheme).size());
  }
  return "";
}

bool Wants(const std::string& fields, const std::string& field) {
  std::stringstream in(fields);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part == field) return true;
  }
  return false;
}

std::string HmacSha256Hex(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

std::string GraphTime(Timestamp t) {
  std::string iso = FormatIsoUtc(t);
  return iso.substr(0, iso.size() - 1) + "+0000";
}

}  // namespace civicpost::sandbox::wire
