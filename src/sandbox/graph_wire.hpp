#pragma once
// The Graph API's wire conventions as the sandbox speaks them (spec 0):
// JSON replies, path segments without the version, parameters from query,
// form and JSON body, the token from either place, field lists, Graph
// timestamps, and the webhook signature. Internal to the sandbox.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "web/http_types.hpp"

namespace civicpost::sandbox::wire {

using nlohmann::json;

web::Response JsonResponse(const json& body, int status = 200);
// "v24.0" of "/v24.0/me", nullopt without a version.
std::optional<std::string> VersionOf(const std::string& path);
// The path's segments without the version.
std::vector<std::string> Segments(const std::string& path);
std::map<std::string, std::string> Params(const web::Request& request);
std::string TokenOf(const web::Request& request, const std::map<std::string, std::string>& params);
bool Wants(const std::string& fields, const std::string& field);
// Signed with OpenSSL, not with civicpost's own (libsodium) code, so a
// mistake in either shows up as a refused delivery.
std::string HmacSha256Hex(const std::string& key, const std::string& body);
// "2026-11-25T09:00:00+0000", as Graph writes timestamps (spec 0.5).
std::string GraphTime(Timestamp t);

}  // namespace civicpost::sandbox::wire
