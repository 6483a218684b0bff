#include "concept/concept_diff.hpp"

#include <set>
#include <sstream>

#include "concept/toml_schema.hpp"

namespace civicpost::usage {
namespace {

// toml++ compares only nodes of one concrete type; its own serialisation is
// the simplest faithful comparison for any two nodes.
std::string Serialized(const toml::node& node) {
  std::ostringstream out;
  node.visit([&out](const auto& concrete) { out << concrete; });
  return out.str();
}

void Compare(const toml::table& before, const toml::table& after, const std::string& prefix,
             int depth, std::vector<std::string>& out) {
  std::set<std::string> keys;
  for (const auto& [key, node] : before) keys.insert(std::string(key.str()));
  for (const auto& [key, node] : after) keys.insert(std::string(key.str()));
  for (const std::string& key : keys) {
    const toml::node* old_node = before.get(key);
    const toml::node* new_node = after.get(key);
    const std::string path = JoinKeyPath(prefix, key);
    if (old_node == nullptr) {
      out.push_back("+" + path);
    } else if (new_node == nullptr) {
      out.push_back("-" + path);
    } else if (depth > 0 && old_node->is_table() && new_node->is_table()) {
      Compare(*old_node->as_table(), *new_node->as_table(), path, depth - 1, out);
    } else if (Serialized(*old_node) != Serialized(*new_node)) {
      out.push_back(path);
    }
  }
}

}  // namespace

std::vector<std::string> ChangedKeys(const toml::table& before, const toml::table& after) {
  std::vector<std::string> out;
  Compare(before, after, "", 1, out);
  return out;
}

}  // namespace civicpost::usage
