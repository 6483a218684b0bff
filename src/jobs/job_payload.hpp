#pragma once
// What the jobs read back: an id from a job's JSON payload, and the
// catalogue key a retried error starts with.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/job.hpp"

namespace civicpost::jobs {

// `payload[field]` as an id, or nullopt when the payload has no such number.
template <typename Id>
std::optional<Id> PayloadId(const Job& job, std::string_view field) {
  const auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  const std::string key(field);
  if (!payload.is_object() || !payload.contains(key) || !payload[key].is_number_integer()) {
    return std::nullopt;
  }
  return Id(payload[key].get<int64_t>());
}

// Retried errors read "<catalogue key>: <the platform's words>"; when the
// queue gives up, that key is what staff are shown ("graph.unknown" if the
// last error had none).
inline std::string RefusalKeyOf(const std::string& error) {
  const size_t colon = error.find(": ");
  const std::string head = error.substr(0, colon);
  const bool is_key = colon != std::string::npos && head.find('.') != std::string::npos &&
                      head.find(' ') == std::string::npos;
  return is_key ? head : std::string("graph.unknown");
}

}  // namespace civicpost::jobs
