#include "web/multipart.hpp"

#include <fcntl.h>
#include <gmime/gmime.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace civicpost::web {
namespace {

constexpr size_t kMaxFieldBytes = 64 * 1024;

void EnsureGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using Ref = std::unique_ptr<T, Unref>;

bool SafeHeaderValue(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n') return false;
  }
  return true;
}

// "C:\\fakepath\\Foto.jpg" (old browsers) and "../x" -> the last component.
std::string BaseName(std::string name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return name;
}

}  // namespace

MultipartForm::MultipartForm(MultipartForm&& other) noexcept
    : fields_(std::move(other.fields_)), files_(std::move(other.files_)) {
  other.files_.clear();
}

MultipartForm::~MultipartForm() {
  for (const MultipartFile& file : files_) {
    std::error_code ec;
    std::filesystem::remove(file.path, ec);
  }
}

std::string MultipartForm::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return value;
  }
  return "";
}

Result<MultipartForm> ParseMultipart(const std::filesystem::path& body,
                                     std::string_view content_type,
                                     const std::optional<std::filesystem::path>& files_dir) {
  EnsureGMime();
  if (!SafeHeaderValue(content_type) ||
      content_type.substr(0, 19) != std::string_view("multipart/form-data")) {
    return InvalidArgument("the form was not sent as multipart/form-data");
  }
  // GMime parses MIME entities: give the body the header HTTP carried apart.
  const std::string header = "Content-Type: " + std::string(content_type) + "\r\n\r\n";
  Ref<GMimeStream> head(g_mime_stream_mem_new_with_buffer(header.data(), header.size()));
  Ref<GMimeStream> file(g_mime_stream_fs_open(body.c_str(), O_RDONLY, 0, nullptr));
  if (!file) return Internal("cannot open the uploaded body " + body.string());
  Ref<GMimeStream> whole(g_mime_stream_cat_new());
  g_mime_stream_cat_add_source(GMIME_STREAM_CAT(whole.get()), head.get());
  g_mime_stream_cat_add_source(GMIME_STREAM_CAT(whole.get()), file.get());
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(whole.get()));
  // Parts stay references into the file instead of copies in memory.
  g_mime_parser_set_persist_stream(parser.get(), TRUE);
  Ref<GMimeObject> root(g_mime_parser_construct_part(parser.get(), nullptr));
  if (!root || !GMIME_IS_MULTIPART(root.get())) {
    return InvalidArgument("the form's multipart body cannot be read");
  }

  MultipartForm form;
  GMimeMultipart* multipart = GMIME_MULTIPART(root.get());
  static std::atomic<uint64_t> counter{0};
  for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
    GMimeObject* part = g_mime_multipart_get_part(multipart, i);
    if (!GMIME_IS_PART(part)) continue;
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(part);
    if (!disposition) continue;
    const char* name = g_mime_content_disposition_get_parameter(disposition, "name");
    const char* filename = g_mime_content_disposition_get_parameter(disposition, "filename");
    if (!name) continue;
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
    if (filename) {
      // An empty file input still sends a part, with filename="".
      if (!files_dir || *filename == '\0' || !content) continue;
      MultipartFile extracted{name, BaseName(filename),
                              *files_dir / ("part-" + std::to_string(counter++) + ".upload")};
      Ref<GMimeStream> out(g_mime_stream_fs_open(extracted.path.c_str(),
                                                 O_WRONLY | O_CREAT | O_EXCL, 0600, nullptr));
      if (!out) return Internal("cannot write " + extracted.path.string());
      form.files_.push_back(extracted);  // from here on, the form removes it
      if (g_mime_data_wrapper_write_to_stream(content, out.get()) < 0 ||
          g_mime_stream_flush(out.get()) != 0) {
        return Internal("cannot write " + extracted.path.string() + " (disk full?)");
      }
      continue;
    }
    std::string value;
    if (content) {
      GMimeStream* source = g_mime_data_wrapper_get_stream(content);
      if (source && g_mime_stream_length(source) > static_cast<gint64>(kMaxFieldBytes)) {
        return InvalidArgument(std::string("the form field '") + name + "' is too long");
      }
      Ref<GMimeStream> memory(g_mime_stream_mem_new());
      g_mime_data_wrapper_write_to_stream(content, memory.get());
      GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
      if (bytes->len > kMaxFieldBytes) {
        return InvalidArgument(std::string("the form field '") + name + "' is too long");
      }
      value.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
    }
    form.fields_.emplace_back(name, std::move(value));
  }
  return form;
}

}  // namespace civicpost::web
