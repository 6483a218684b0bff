// Requests per second and p99 latency of the public home page and the RSS
// feed served by civicpost from memory, beside nginx serving the same bytes
// from files, at the same concurrency and in the same run (wrk).
//
// usage: civicpost_site_bench CIVICPOST_BINARY OUT_JSON

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "child_process.hpp"
#include "figures.hpp"
#include "http_get.hpp"

namespace {

using civicpost::bench::Figure;
using civicpost::testing::ChildProcess;
using civicpost::testing::HttpGet;
using civicpost::testing::RunToEnd;
using namespace std::chrono_literals;

constexpr uint16_t kCivicpostPort = 18441;
constexpr uint16_t kNginxPort = 18442;
constexpr const char* kConnections = "32";
constexpr const char* kThreads = "2";
constexpr const char* kDuration = "5s";
constexpr int kRounds = 3;

struct Load {
  double rps = 0;
  double p99_ms = 0;
};

double Millis(const std::string& number, const std::string& unit) {
  const double value = std::stod(number);
  if (unit == "us") return value / 1000;
  if (unit == "s") return value * 1000;
  return value;
}

Load Wrk(uint16_t port, const std::string& path) {
  auto run = RunToEnd({"/usr/bin/wrk", "-t", kThreads, "-c", kConnections, "-d", kDuration,
                       "--latency", "http://127.0.0.1:" + std::to_string(port) + path});
  Load load;
  std::smatch match;
  if (std::regex_search(run.out, match, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    load.rps = std::stod(match[1]);
  }
  if (std::regex_search(run.out, match, std::regex(R"(\n\s+99%\s+([0-9.]+)(us|ms|s)\b)"))) {
    load.p99_ms = Millis(match[1], match[2]);
  }
  if (load.rps == 0 || run.out.find("Non-2xx") != std::string::npos) {
    std::cerr << "wrk on " << port << path << " failed:\n" << run.out << run.err;
    std::exit(1);
  }
  return load;
}

void WaitHealthy(uint16_t port, const std::string& path) {
  for (int i = 0; i < 3000 && HttpGet(port, path).status != 200; ++i) {
    std::this_thread::sleep_for(10ms);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: civicpost_site_bench CIVICPOST_BINARY OUT_JSON\n";
    return 2;
  }
  const std::string binary = argv[1];
  const auto dir =
      std::filesystem::temp_directory_path() / ("civicpost-site-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "www" / "sassenberg");
  const std::string data = (dir / "var").string();
  RunToEnd({binary, "init", "--demo", "--data-dir", data});

  const std::vector<std::pair<std::string, std::string>> targets = {
      {"public_home_rps", "/sassenberg/"}, {"rss_feed_rps", "/sassenberg/feed.xml"}};
  nlohmann::json results = nlohmann::json::array();
  // Both servers run side by side and are loaded in turn, target by target
  // and round by round, so a busy moment of this shared machine falls on
  // both; the median of the rounds is reported.
  ChildProcess server({binary, "serve", "--data-dir", data, "--listen",
                       "127.0.0.1:" + std::to_string(kCivicpostPort)});
  WaitHealthy(kCivicpostPort, "/healthz");
  // nginx gets the very bytes civicpost serves, as files.
  for (const auto& [name, path] : targets) {
    auto reply = HttpGet(kCivicpostPort, path);
    const std::string file = path.ends_with("/") ? path + "index.html" : path;
    std::ofstream(dir / "www" / file.substr(1), std::ios::binary) << reply.body;
  }
  std::ofstream(dir / "nginx.conf")
      << "daemon off; worker_processes auto; pid " << (dir / "nginx.pid").string() << ";\n"
      << "error_log " << (dir / "error.log").string() << ";\n"
      << "events {}\nhttp { access_log off; sendfile on; include /etc/nginx/mime.types;\n"
      << "  types { application/rss+xml xml; }\n"
      << "  client_body_temp_path " << dir.string() << "/tmp;\n"
      << "  server { listen 127.0.0.1:" << kNginxPort << "; root " << (dir / "www").string()
      << "; } }\n";
  ChildProcess nginx_server(
      {"/usr/sbin/nginx", "-c", (dir / "nginx.conf").string(), "-p", dir.string()});
  WaitHealthy(kNginxPort, "/sassenberg/");
  std::vector<std::vector<Load>> civicpost_rounds(targets.size());
  std::vector<std::vector<Load>> nginx_rounds(targets.size());
  for (int round = 0; round < kRounds; ++round) {
    for (size_t i = 0; i < targets.size(); ++i) {
      civicpost_rounds[i].push_back(Wrk(kCivicpostPort, targets[i].second));
      nginx_rounds[i].push_back(Wrk(kNginxPort, targets[i].second));
    }
  }
  server.Signal(SIGTERM);
  server.Wait();
  nginx_server.Signal(SIGQUIT);
  nginx_server.Wait();
  auto median = [](const std::vector<Load>& loads) {
    std::vector<double> rps, p99;
    for (const Load& load : loads) {
      rps.push_back(load.rps);
      p99.push_back(load.p99_ms);
    }
    return Load{civicpost::bench::Median(rps), civicpost::bench::Median(p99)};
  };
  std::vector<Load> civicpost;
  std::vector<Load> nginx;
  for (size_t i = 0; i < targets.size(); ++i) {
    civicpost.push_back(median(civicpost_rounds[i]));
    nginx.push_back(median(nginx_rounds[i]));
  }
  std::filesystem::remove_all(dir);

  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string& name = targets[i].first;
    results.push_back(
        Figure(name, civicpost[i].rps, "req/s", "nginx_static_rps", nginx[i].rps,
               "at least 0.8 of nginx at " + std::string(kConnections) + " connections"));
    const std::string p99 = name.substr(0, name.size() - 4) + "_p99_ms";
    results.push_back(
        Figure(p99, civicpost[i].p99_ms, "ms", "nginx_static_p99_ms", nginx[i].p99_ms, "reported"));
  }
  civicpost::bench::AppendResults(argv[2], results);
  std::printf("%-22s %10s %6s   %-20s %10s %7s\n", "figure", "value", "unit", "baseline", "value",
              "ratio");
  for (const auto& r : results) {
    std::printf("%-22s %10.2f %6s   %-20s %10.2f %7.2f\n", r["name"].get<std::string>().c_str(),
                r["value"].get<double>(), r["unit"].get<std::string>().c_str(),
                r["baseline"]["name"].get<std::string>().c_str(),
                r["baseline"]["value"].get<double>(), r["ratio"].get<double>());
  }
  return 0;
}
