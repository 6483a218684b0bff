#include "web/i18n.hpp"

#include <fmt/args.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <stdexcept>

#include "core/resources.hpp"

namespace civicpost::web {
namespace {

// Flattens `table` into `flat` ("a.b" -> text) and builds the nested data.
TemplateData Load(const toml::table& table, const std::string& prefix, const std::string& file,
                  std::map<std::string, std::string>* flat) {
  TemplateData data{TemplateData::type::object};
  for (const auto& [key, node] : table) {
    const std::string name = prefix + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      data.set(std::string(key.str()), Load(*sub, name + ".", file, flat));
    } else if (auto text = node.value<std::string>()) {
      data.set(std::string(key.str()), *text);
      flat->emplace(name, *text);
    } else {
      throw std::logic_error("message catalogue " + file + ": " + name + " is not a string");
    }
  }
  return data;
}

}  // namespace

Catalogue::Catalogue() {
  for (const auto& r : resources::WebMessages()) {
    std::string file(r.path);
    if (!file.ends_with(".toml")) continue;
    const std::string language = file.substr(0, file.size() - 5);
    toml::table parsed;
    try {
      parsed = toml::parse(r.bytes, std::string_view(file));
    } catch (const toml::parse_error& e) {
      throw std::logic_error("message catalogue " + file + ":" +
                             std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
    }
    strings_.emplace(language, Load(parsed, "", file, &flat_[language]));
  }
  const auto german = flat_.find(std::string(kDefaultLanguage));
  if (german == flat_.end()) throw std::logic_error("no German message catalogue");
  for (const auto& [language, keys] : flat_) {
    for (const auto& [key, text] : german->second) {
      if (!keys.contains(key)) {
        throw std::logic_error("message catalogue " + language + ".toml lacks " + key);
      }
    }
    for (const auto& [key, text] : keys) {
      if (!german->second.contains(key)) {
        throw std::logic_error("message catalogue " + language + ".toml has " + key +
                               ", which de.toml lacks");
      }
    }
  }
}

std::vector<std::string> Catalogue::Languages() const {
  std::vector<std::string> out{std::string(kDefaultLanguage)};
  for (const auto& [language, data] : strings_) {
    if (language != kDefaultLanguage) out.push_back(language);
  }
  return out;
}

std::string Catalogue::Resolve(std::string_view language) const {
  return Has(language) ? std::string(language) : std::string(kDefaultLanguage);
}

const TemplateData& Catalogue::Strings(std::string_view language) const {
  return strings_.at(Resolve(language));
}

std::string Catalogue::Text(std::string_view language, std::string_view key) const {
  const auto& keys = flat_.at(Resolve(language));
  const auto found = keys.find(std::string(key));
  return found == keys.end() ? std::string(key) : found->second;
}

std::string Catalogue::Format(std::string_view language, std::string_view key,
                              const MessageArgs& args) const {
  const std::string pattern = Text(language, key);
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& [name, value] : args) store.push_back(fmt::arg(name.c_str(), value));
  try {
    return fmt::vformat(pattern, store);
  } catch (const fmt::format_error&) {
    return pattern;  // a catalogue typo must not take the page down
  }
}

std::vector<std::string> Catalogue::Keys(std::string_view language) const {
  std::vector<std::string> out;
  for (const auto& [key, text] : flat_.at(Resolve(language))) out.push_back(key);
  return out;
}

}  // namespace civicpost::web
