#pragma once
// A document rendered from the usage concept, independent of its output
// format: a title, the facts for the footer, and a sequence of blocks. The
// builders (nutzungskonzept.hpp, dpia.hpp) fill it from a Concept; the
// renderers (render.hpp) turn it into Markdown or HTML.

#include <string>
#include <vector>

namespace civicpost::documents {

enum class BlockKind { kHeading, kParagraph, kList, kTable };

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;                             // kHeading: 1 = document title's children
  std::string text;                          // kHeading, kParagraph
  std::vector<std::string> items;            // kList
  std::vector<std::string> headers;          // kTable
  std::vector<std::vector<std::string>> rows;  // kTable
};

struct Document {
  std::string id;         // "nutzungskonzept", "dsfa"
  std::string title;      // "Social Media Nutzungskonzept"
  std::string authority;  // "Stadt Sassenberg"
  std::string date;       // "25. November 2026": when it was made
  int concept_version = 0;  // 0: made from a file, not a stored version
  std::vector<Block> blocks;

  void Heading(int level, std::string text) {
    blocks.push_back({BlockKind::kHeading, level, std::move(text), {}, {}, {}});
  }
  void Paragraph(std::string text) {
    if (!text.empty()) blocks.push_back({BlockKind::kParagraph, 0, std::move(text), {}, {}, {}});
  }
  void List(std::vector<std::string> items) {
    if (!items.empty()) blocks.push_back({BlockKind::kList, 0, "", std::move(items), {}, {}});
  }
  void Table(std::vector<std::string> headers, std::vector<std::vector<std::string>> rows) {
    blocks.push_back({BlockKind::kTable, 0, "", {}, std::move(headers), std::move(rows)});
  }
};

}  // namespace civicpost::documents
