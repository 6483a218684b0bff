// The Instagram feed rendition of a 24-megapixel JPEG: wall time and peak
// memory of `civicpost media render`, beside ImageMagick's `convert` doing
// the same work (upright, sRGB, 1080 px wide, metadata stripped, quality 85)
// in the same run. Both run as child processes, measured the same way
// (wait4's ru_maxrss for the peak), alternating, five rounds each.
//
// usage: civicpost_rendition_bench CIVICPOST_BINARY RESULTS_JSON
// Appends its figures to RESULTS_JSON (a JSON array) if it exists.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <vips/vips8>

#include "figures.hpp"

namespace {

using civicpost::bench::Figure;
using civicpost::bench::Median;

constexpr int kRounds = 5;
// Debian's ImageMagick by its full path: a wrapper earlier on PATH would be
// measured instead.
constexpr const char* kConvert = "/usr/bin/convert";

struct Run {
  double ms = 0;
  double peak_rss_mb = 0;
  int exit_code = -1;
};

Run Measure(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run run;
  run.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
               .count();
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A photo-like 6000 x 4000 image: smooth gradients with grain, so the JPEG
// codec has real work (a flat image would compress to nothing).
void WritePhoto(const std::filesystem::path& path) {
  vips::VImage xyz = vips::VImage::xyz(6000, 4000);
  vips::VImage r = xyz[0] / 6000.0 * 255.0;
  vips::VImage g = xyz[1] / 4000.0 * 255.0;
  vips::VImage b = (xyz[0] + xyz[1]) / 10000.0 * 255.0;
  vips::VImage noise = vips::VImage::gaussnoise(6000, 4000, vips::VImage::option()->set("sigma", 12));
  vips::VImage rgb = (r.bandjoin(g).bandjoin(b) + noise).cast(VIPS_FORMAT_UCHAR);
  rgb = rgb.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  rgb.jpegsave(path.c_str(), vips::VImage::option()->set("Q", 92));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: civicpost_rendition_bench CIVICPOST_BINARY RESULTS_JSON\n";
    return 2;
  }
  if (VIPS_INIT(argv[0]) != 0) return 1;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("civicpost-rendition-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto photo = dir / "photo-24mp.jpg";
  WritePhoto(photo);

  std::vector<double> ours_ms, ours_mb, magick_ms, magick_mb;
  for (int round = 0; round < kRounds; ++round) {
    Run ours = Measure({argv[1], "media", "render", photo.string(), "--recipe", "instagram_feed",
                        "--out", (dir / "ours.jpg").string()});
    Run magick = Measure({kConvert, photo.string(), "-auto-orient", "-colorspace", "sRGB",
                          "-resize", "1080x", "-strip", "-quality", "85",
                          (dir / "magick.jpg").string()});
    if (ours.exit_code != 0 || magick.exit_code != 0) {
      std::cerr << "a rendition failed (civicpost " << ours.exit_code << ", convert "
                << magick.exit_code << ")\n";
      return 1;
    }
    ours_ms.push_back(ours.ms);
    ours_mb.push_back(ours.peak_rss_mb);
    magick_ms.push_back(magick.ms);
    magick_mb.push_back(magick.peak_rss_mb);
  }
  std::filesystem::remove_all(dir);

  nlohmann::json results = nlohmann::json::array();
  if (std::ifstream in(argv[2]); in) {
    results = nlohmann::json::parse(in, nullptr, false);
    if (!results.is_array()) results = nlohmann::json::array();
  }
  const nlohmann::json mine[] = {
      Figure("rendition_24mp_ms", Median(ours_ms), "ms", "imagemagick_convert_ms",
             Median(magick_ms), "at least 3x faster (ratio <= 0.33)"),
      Figure("rendition_24mp_peak_rss_mb", Median(ours_mb), "MB", "imagemagick_convert_peak_rss_mb",
             Median(magick_mb), "at most a third of the memory (ratio <= 0.33)")};
  for (const auto& figure : mine) {
    results.push_back(figure);
    std::printf("%-28s %10.1f %4s   %-32s %10.1f %7.2f\n",
                figure["name"].get<std::string>().c_str(), figure["value"].get<double>(),
                figure["unit"].get<std::string>().c_str(),
                figure["baseline"]["name"].get<std::string>().c_str(),
                figure["baseline"]["value"].get<double>(), figure["ratio"].get<double>());
  }
  std::ofstream(argv[2]) << results.dump(2) << "\n";
  return 0;
}
