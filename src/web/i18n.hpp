#pragma once
// The staff app's words, from message catalogues compiled into the binary
// (web/messages/de.toml, en.toml). German is the default; English is the
// second language. Templates read them as {{t.section.key}}; C++ code asks
// for Text() or Format() and never holds the words itself.
//
// Thread-safe after construction.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/templates.hpp"

namespace civicpost::web {

inline constexpr std::string_view kDefaultLanguage = "de";

using MessageArgs = std::vector<std::pair<std::string, std::string>>;

class Catalogue {
 public:
  // Parses every embedded catalogue; a broken one, or one whose keys differ
  // from the German catalogue's, is a bug and throws std::logic_error.
  Catalogue();

  // "de", "en": the languages a person can choose.
  std::vector<std::string> Languages() const;
  bool Has(std::string_view language) const { return strings_.contains(std::string(language)); }
  // `language` itself when known, else German.
  std::string Resolve(std::string_view language) const;

  // The whole catalogue as nested template data, to be set as "t".
  const TemplateData& Strings(std::string_view language) const;
  // "nav.posts" -> "Beiträge". A missing key returns the key itself, so a
  // gap shows up on the page instead of an empty label.
  std::string Text(std::string_view language, std::string_view key) const;
  // Text() with {name} placeholders filled from `args`.
  std::string Format(std::string_view language, std::string_view key,
                     const MessageArgs& args) const;
  // Every key of a language, flattened ("nav.posts"); for tests.
  std::vector<std::string> Keys(std::string_view language) const;

 private:
  std::map<std::string, std::map<std::string, std::string>> flat_;  // language -> key -> text
  std::map<std::string, TemplateData> strings_;
};

}  // namespace civicpost::web
