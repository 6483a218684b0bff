// libFuzzer target for what an upload meets first: the type sniffing, the
// header and pixel checks, the full decode, and exiv2's metadata reader.
// Every input must end in a result or a clear refusal, never a crash, a
// hang or a leak.
//
//   make fuzz                      # clang, ASan + UBSan, 10 minutes
//   build/fuzz/upload_fuzzer fuzz/corpus -max_total_time=60
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "media/metadata.hpp"
#include "media/upload_checks.hpp"

namespace {

// One scratch file per process: the checks read files, as uploads are files.
const std::filesystem::path& Scratch() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("civicpost-fuzz-" + std::to_string(getpid()));
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FILE* out = std::fopen(Scratch().c_str(), "wb");
  if (out == nullptr) return 0;
  std::fwrite(data, 1, size, out);
  std::fclose(out);
  // Small limits keep each run fast; the logic is the same at any size.
  civicpost::media::UploadLimits limits;
  limits.max_bytes = 4 * 1024 * 1024;
  limits.max_pixels = 4'000'000;
  for (const char* name : {"upload.jpg", "upload.png", "upload.webp", "upload.heic"}) {
    civicpost::media::Refusal refusal;
    auto checked = civicpost::media::CheckUpload(Scratch(), name, limits, &refusal);
    if (checked) {
      (void)civicpost::media::ReadMetadata(Scratch(), name);
      break;
    }
    if (refusal.code != "wrong_extension") break;
  }
  (void)civicpost::media::ReadMetadata(Scratch(), "upload");
  return 0;
}
