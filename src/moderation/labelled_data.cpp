#include "moderation/labelled_data.hpp"

#include <algorithm>
#include <fstream>

namespace civicpost::moderation {
namespace {

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Error At(const std::filesystem::path& file, int line, const std::string& message) {
  return InvalidArgument(file.string() + ":" + std::to_string(line) + ": " + message);
}

Result<std::vector<LabelledComment>> ReadGermEval(std::istream& in,
                                                  const std::filesystem::path& file) {
  std::vector<LabelledComment> comments;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t first = line.find('\t');
    const size_t second = first == std::string::npos ? first : line.find('\t', first + 1);
    if (second == std::string::npos) {
      return At(file, number,
                "expected three tab-separated fields: text, coarse label, fine label");
    }
    const std::string coarse = line.substr(first + 1, second - first - 1);
    const std::string fine = line.substr(second + 1);
    if (coarse != "OFFENSE" && coarse != "OTHER") {
      return At(file, number, "coarse label \"" + coarse + "\" is not OFFENSE or OTHER");
    }
    if (fine != "ABUSE" && fine != "INSULT" && fine != "PROFANITY" && fine != "OTHER") {
      return At(file, number,
                "fine label \"" + fine + "\" is not ABUSE, INSULT, PROFANITY or OTHER");
    }
    comments.push_back(
        {ReplaceAll(line.substr(0, first), "|LBR|", "\n"), coarse == "OFFENSE", fine});
  }
  return comments;
}

// One CSV record (RFC 4180); false at the end of the input. `line` counts
// physical lines and ends on the record's last one.
bool ReadRecord(std::istream& in, std::vector<std::string>& fields, int& line, bool& unterminated) {
  fields.assign(1, "");
  bool quoted = false;
  bool any = false;
  unterminated = false;
  for (int ch; (ch = in.get()) != EOF;) {
    any = true;
    const char c = static_cast<char>(ch);
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          fields.back() += static_cast<char>(in.get());
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++line;
      return true;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  unterminated = quoted;
  return any;
}

Result<std::vector<LabelledComment>> ReadCsv(std::istream& in, const std::filesystem::path& file) {
  std::vector<std::string> fields;
  int line = 0;
  bool unterminated = false;
  if (!ReadRecord(in, fields, line, unterminated)) return At(file, 1, "the file is empty");
  int text_column = -1;
  int label_column = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == "text") text_column = static_cast<int>(i);
    if (fields[i] == "label") label_column = static_cast<int>(i);
  }
  if (text_column < 0 || label_column < 0) {
    return At(file, 1, "the header needs a \"text\" and a \"label\" column");
  }
  const size_t needed = static_cast<size_t>(std::max(text_column, label_column)) + 1;
  std::vector<LabelledComment> comments;
  for (int start = line + 1; ReadRecord(in, fields, line, unterminated); start = line + 1) {
    if (unterminated) return At(file, start, "a quoted field is not closed");
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() < needed) {
      return At(file, start,
                "expected at least " + std::to_string(needed) + " fields, found " +
                    std::to_string(fields.size()));
    }
    const std::string& label = fields[static_cast<size_t>(label_column)];
    bool abusive = false;
    if (label == "1" || label == "OFFENSE" || label == "HATE") {
      abusive = true;
    } else if (label != "0" && label != "OTHER") {
      return At(file, start, "label \"" + label + "\" is not 1, 0, OFFENSE, HATE or OTHER");
    }
    comments.push_back(
        {fields[static_cast<size_t>(text_column)], abusive, abusive ? "OFFENSE" : "OTHER"});
  }
  return comments;
}

}  // namespace

Result<std::vector<LabelledComment>> ReadLabelled(const std::filesystem::path& file,
                                                  DataFormat format) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return InvalidArgument(file.string() + ": cannot be opened");
  auto comments = format == DataFormat::kGermEval ? ReadGermEval(in, file) : ReadCsv(in, file);
  if (comments && comments->empty())
    return InvalidArgument(file.string() + ": no labelled comments");
  return comments;
}

}  // namespace civicpost::moderation
