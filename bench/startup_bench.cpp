// Start-up time to the first healthy response and idle memory of
// `civicpost serve`, each measured beside nginx in the same run (this
// machine is noisy; the ratio holds where an absolute time does not).
//
// usage: civicpost_startup_bench CIVICPOST_BINARY OUT_JSON

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "figures.hpp"
#include "http_get.hpp"

namespace {

using civicpost::bench::Figure;
using civicpost::bench::Median;

using civicpost::testing::ChildProcess;
using civicpost::testing::HttpGet;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kRounds = 5;
constexpr uint16_t kCivicpostPort = 18431;
constexpr uint16_t kNginxPort = 18432;

double WaitHealthy(uint16_t port, const std::string& path, Clock::time_point started) {
  while (Clock::now() - started < 60s) {
    if (HttpGet(port, path).status == 200) {
      return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    }
    std::this_thread::sleep_for(2ms);
  }
  return -1;
}

// Resident memory of a process and its children (nginx has workers), in MB.
double RssMb(pid_t pid) {
  double kb = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "status");
    std::string line;
    bool ours = entry.path().filename() == std::to_string(pid);
    double rss = 0;
    while (std::getline(stat, line)) {
      if (line.rfind("PPid:", 0) == 0 && std::stol(line.substr(5)) == pid) ours = true;
      if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6));
    }
    if (ours) kb += rss;
  }
  return kb / 1024.0;
}

struct Figures {
  double startup_ms;
  double idle_rss_mb;
};

Figures MeasureCivicpost(const std::string& binary, const std::filesystem::path& dir) {
  // A first run loads the demo; the measured runs start on that data.
  {
    ChildProcess init({binary, "init", "--demo", "--data-dir", (dir / "var").string()});
    init.Wait();
  }
  std::vector<double> startup, rss;
  for (int i = 0; i < kRounds; ++i) {
    const auto started = Clock::now();
    ChildProcess server({binary, "serve", "--data-dir", (dir / "var").string(), "--listen",
                         "127.0.0.1:" + std::to_string(kCivicpostPort)});
    startup.push_back(WaitHealthy(kCivicpostPort, "/healthz", started));
    HttpGet(kCivicpostPort, "/");  // a page rendered once, as after real use
    std::this_thread::sleep_for(500ms);
    rss.push_back(RssMb(server.pid()));
    server.Signal(SIGTERM);
    server.Wait();
  }
  return {Median(startup), Median(rss)};
}

Figures MeasureNginx(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "www");
  std::ofstream(dir / "www/healthz") << "ok\n";
  std::ofstream(dir / "nginx.conf")
      << "daemon off; worker_processes auto; pid " << (dir / "nginx.pid").string() << ";\n"
      << "error_log " << (dir / "error.log").string() << ";\n"
      << "events {}\nhttp { access_log off; sendfile on;\n"
      << "  client_body_temp_path " << dir.string() << "/tmp;\n"
      << "  server { listen 127.0.0.1:" << kNginxPort << "; root " << (dir / "www").string()
      << "; } }\n";
  std::vector<double> startup, rss;
  for (int i = 0; i < kRounds; ++i) {
    const auto started = Clock::now();
    ChildProcess nginx({"/usr/sbin/nginx", "-c", (dir / "nginx.conf").string(), "-p",
                        dir.string()});
    startup.push_back(WaitHealthy(kNginxPort, "/healthz", started));
    std::this_thread::sleep_for(500ms);
    rss.push_back(RssMb(nginx.pid()));
    nginx.Signal(SIGQUIT);
    nginx.Wait();
  }
  return {Median(startup), Median(rss)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: civicpost_startup_bench CIVICPOST_BINARY OUT_JSON\n";
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("civicpost-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const Figures civicpost = MeasureCivicpost(argv[1], dir);
  const Figures nginx = MeasureNginx(dir / "nginx");
  std::filesystem::remove_all(dir);

  nlohmann::json results = nlohmann::json::array();
  results.push_back(Figure("startup_ms", civicpost.startup_ms, "ms", "nginx_startup_ms",
                           nginx.startup_ms, "first healthy response within 1 s"));
  results.push_back(Figure("idle_rss_mb", civicpost.idle_rss_mb, "MB", "nginx_idle_rss_mb",
                           nginx.idle_rss_mb, "under 50 MB idle"));
  std::ofstream(argv[2]) << results.dump(2) << "\n";

  std::printf("%-14s %10s %6s   %-20s %10s %7s\n", "figure", "value", "unit", "baseline",
              "value", "ratio");
  for (const auto& r : results) {
    std::printf("%-14s %10.1f %6s   %-20s %10.1f %7.2f\n", r["name"].get<std::string>().c_str(),
                r["value"].get<double>(), r["unit"].get<std::string>().c_str(),
                r["baseline"]["name"].get<std::string>().c_str(),
                r["baseline"]["value"].get<double>(), r["ratio"].get<double>());
  }
  return 0;
}
