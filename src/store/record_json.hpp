#pragma once
// JSON snapshots of value types for the audit log's before/after columns.

#include <string>

#include "core/comment.hpp"
#include "core/job.hpp"
#include "core/media.hpp"
#include "core/media_rights.hpp"
#include "core/organization.hpp"
#include "core/post.hpp"

namespace civicpost::store {

std::string ToJson(const Organization& org);
std::string ToJson(const User& user);  // never includes the password hash
std::string ToJson(const Channel& channel);
// Says whether a token is stored, never the token.
std::string ToJson(const ChannelConnection& connection);
std::string ToJson(const Post& post);
std::string ToJson(const Delivery& delivery);
std::string ToJson(const Media& media);
std::string ToJson(const MediaRights& rights);
std::string ToJson(const MediaPerson& person);
std::string ToJson(const Takedown& takedown);
std::string ToJson(const Comment& comment);
std::string ToJson(const Decision& decision);
std::string ToJson(const Evidence& evidence);
std::string ToJson(const Job& job);

}  // namespace civicpost::store
