// PDF that a council would file: A4, real (selectable) text set by Pango,
// page numbers and the footer line on every page, the document's title and
// authority in the PDF metadata.
//
// Two passes: the first places every line to learn the page count, the
// second draws, so the footer can say "Seite 2 von 7".

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <memory>

#include "documents/render.hpp"

namespace civicpost::documents {
namespace {

constexpr double kPageWidth = 595.276;   // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 70.0;         // about 2.5 cm
constexpr double kFooterGap = 28.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kContentBottom = kPageHeight - kMargin;
constexpr double kCellPadding = 4.0;
constexpr const char* kFontFamily = "DejaVu Sans";

struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

double Points(int pango_units) { return pango_units / static_cast<double>(PANGO_SCALE); }

struct Style {
  double size;
  bool bold;
  double space_before;
  double space_after;
};

Style StyleOf(const Block& block) {
  if (block.kind != BlockKind::kHeading) return {10.0, false, 0, 7};
  switch (block.level) {
    case 1: return {14.0, true, 14, 6};
    case 2: return {12.0, true, 10, 4};
    default: return {10.5, true, 8, 3};
  }
}

LayoutPtr MakeLayout(cairo_t* cr, const std::string& text, double size, bool bold, double width) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, CairoDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFontFamily);
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  // Plain text, never markup: a concept cannot inject formatting.
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

// Lays out and (when `draw`) paints the blocks; returns the page count.
class Typesetter {
 public:
  Typesetter(cairo_t* cr, const Document& document, bool draw, int total_pages)
      : cr_(cr), document_(document), draw_(draw), total_pages_(total_pages) {}

  int Run() {
    y_ = kMargin;
    Text(document_.title, 20.0, true, 0, 0, 4);
    Text(document_.authority, 11.0, false, 0, 0, 16);
    for (const Block& block : document_.blocks) {
      const Style style = StyleOf(block);
      switch (block.kind) {
        case BlockKind::kHeading:
          // Keep a heading with at least two lines of what follows.
          if (y_ + style.space_before + 3 * style.size * 1.6 > kContentBottom) NewPage();
          Text(block.text, style.size, true, 0, style.space_before, style.space_after);
          break;
        case BlockKind::kParagraph:
          Text(block.text, style.size, false, 0, 0, style.space_after);
          break;
        case BlockKind::kList:
          for (const std::string& item : block.items) ListItem(item, style);
          y_ += style.space_after - 3;
          break;
        case BlockKind::kTable:
          Table(block);
          break;
      }
    }
    FinishPage();
    return page_;
  }

 private:
  void NewPage() {
    FinishPage();
    if (draw_) cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void FinishPage() {
    if (!draw_) return;
    const std::string footer = FooterLine(document_) + " · Seite " + std::to_string(page_) +
                               " von " + std::to_string(total_pages_);
    LayoutPtr layout = MakeLayout(cr_, footer, 8.5, false, kContentWidth);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(cr_, 0.29, 0.33, 0.38);
    cairo_move_to(cr_, kMargin, kPageHeight - kMargin + kFooterGap);
    pango_cairo_show_layout(cr_, layout.get());
    cairo_set_source_rgb(cr_, 0.1, 0.12, 0.14);
  }

  // Places a layout line by line so long paragraphs flow onto the next page.
  void Flow(PangoLayout* layout, double x) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double height = Points(logical.height);
      if (y_ + height > kContentBottom) NewPage();
      if (draw_) {
        const double baseline = Points(pango_layout_iter_get_baseline(iter) - logical.y);
        cairo_move_to(cr_, x, y_ + baseline);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
      }
      y_ += height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  void Text(const std::string& text, double size, bool bold, double indent, double before,
            double after) {
    y_ += before;
    LayoutPtr layout = MakeLayout(cr_, text, size, bold, kContentWidth - indent);
    Flow(layout.get(), kMargin + indent);
    y_ += after;
  }

  void ListItem(const std::string& item, const Style& style) {
    constexpr double kIndent = 14.0;
    LayoutPtr layout = MakeLayout(cr_, item, style.size, false, kContentWidth - kIndent);
    PangoRectangle first;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(layout.get(), 0), nullptr,
                                  &first);
    if (y_ + Points(first.height) > kContentBottom) NewPage();
    if (draw_) {
      LayoutPtr bullet = MakeLayout(cr_, "•", style.size, false, kIndent);
      cairo_move_to(cr_, kMargin + 3, y_);
      pango_cairo_show_layout(cr_, bullet.get());
    }
    Flow(layout.get(), kMargin + kIndent);
    y_ += 3;
  }

  void Table(const Block& block) {
    const size_t columns = block.headers.size();
    if (columns == 0) return;
    const double column_width = kContentWidth / static_cast<double>(columns);
    auto row = [&](const std::vector<std::string>& cells, bool header) {
      std::vector<LayoutPtr> layouts;
      double height = 0;
      for (size_t i = 0; i < columns; ++i) {
        layouts.push_back(MakeLayout(cr_, i < cells.size() ? cells[i] : "", 9.0, header,
                                     column_width - 2 * kCellPadding));
        int w = 0, h = 0;
        pango_layout_get_size(layouts.back().get(), &w, &h);
        height = std::max(height, Points(h) + 2 * kCellPadding);
      }
      if (y_ + height > kContentBottom) NewPage();
      if (draw_) {
        for (size_t i = 0; i < columns; ++i) {
          const double x = kMargin + static_cast<double>(i) * column_width;
          if (header) {
            cairo_set_source_rgb(cr_, 0.93, 0.94, 0.95);
            cairo_rectangle(cr_, x, y_, column_width, height);
            cairo_fill(cr_);
            cairo_set_source_rgb(cr_, 0.1, 0.12, 0.14);
          }
          cairo_set_line_width(cr_, 0.5);
          cairo_rectangle(cr_, x, y_, column_width, height);
          cairo_stroke(cr_);
          cairo_move_to(cr_, x + kCellPadding, y_ + kCellPadding);
          pango_cairo_show_layout(cr_, layouts[i].get());
        }
      }
      y_ += height;
    };
    row(block.headers, true);
    for (const auto& cells : block.rows) row(cells, false);
    y_ += 8;
  }

  cairo_t* cr_;
  const Document& document_;
  const bool draw_;
  const int total_pages_;
  int page_ = 1;
  double y_ = kMargin;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> RenderPdf(const Document& document) {
  // Pass 1: count pages on a surface that draws nothing.
  int pages = 0;
  {
    std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr));
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    pages = Typesetter(cr.get(), document, false, 0).Run();
  }
  std::string pdf;
  {
    std::unique_ptr<cairo_surface_t, CairoDeleter> surface(cairo_pdf_surface_create_for_stream(
        AppendToString, &pdf, kPageWidth, kPageHeight));
    const std::string title = document.title + " – " + document.authority;
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR,
                                   document.authority.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "civicpost");
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0.1, 0.12, 0.14);
    Typesetter(cr.get(), document, true, pages).Run();
    cairo_show_page(cr.get());
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return Internal(std::string("PDF output failed: ") +
                      cairo_status_to_string(cairo_surface_status(surface.get())));
    }
  }
  return pdf;
}

}  // namespace civicpost::documents
