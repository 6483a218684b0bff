// Signed comment webhooks end to end: a load generator on loopback sends
// Meta-shaped deliveries (one comment each, signed with X-Hub-Signature-256)
// over keep-alive connections to civicpost's webhook endpoint, which checks
// the signature, parses, stores durably (SQLite, WAL, synchronous=FULL) and
// answers 200. Beside it, in the same run: raw SQLite inserts of the same
// rows with the same durability, one transaction per row, no HTTP.
//
// 32 keep-alive connections from one event-driven load generator thread send
// 500 deliveries each, three rounds; the median round counts.
// The server runs 2 threads ([server] threads, the default): a delivery
// waits for its batch's commit (moderation::GroupCommit) without holding a
// thread (a deferred route), so concurrent deliveries share one fsync.
//
// Then the engine decides (moderation::CommentAssessment with the shipped
// model and the demo concept): first about everything stored, for decisions
// stored per second; then while one connection sends 500 more, deciding as
// they come in (polling as fast as it can, where serve polls every 5 s),
// for the time from a delivery's 200 to its decision's commit.
//
// usage: civicpost_webhook_bench RESULTS_JSON
// Appends its figures to RESULTS_JSON (a JSON array) if it exists.

#include <sqlite3.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "channels/instagram/webhook.hpp"
#include "figures.hpp"
#include "moderation/classifier.hpp"
#include "moderation/comment_assessment.hpp"
#include "moderation/comment_intake.hpp"
#include "moderation/group_commit.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "sys/system_clock.hpp"
#include "web/http_server.hpp"
#include "web/metrics.hpp"
#include "web/webhook_routes.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::asio::ip::tcp;
using civicpost::bench::Figure;

constexpr int kClients = 32;
constexpr int kServerThreads = 2;
constexpr int kPerClient = 500;
constexpr int kRounds = 3;
constexpr const char* kSecret = "BENCH-APP-SECRET";
constexpr const char* kAccount = "17841405822304914";

std::string RemoteId(int client, int i) {
  return std::to_string(client) + "0" + std::to_string(1000000 + i);
}

std::string Delivery(int client, int i) {
  const std::string id = RemoteId(client, i);
  return R"({"object":"instagram","entry":[{"id":")" + std::string(kAccount) +
         R"(","time":1764061200,"changes":[{"field":"comments","value":{"from":{"id":"4711","username":"buerger_in"},"media":{"id":"18000000000000001","media_product_type":"FEED"},"id":")" +
         id + R"(","text":"Sch\u00f6nes Foto vom Markt \u2013 wann ist der n\u00e4chste?"}}]}]})";
}

// The load generator, event-driven like wrk: one thread, kClients
// keep-alive connections, each sending its next delivery as soon as the
// previous one is answered. The deliveries are signed beforehand; the
// generator's own work is not what is measured.
class LoadGenerator {
 public:
  LoadGenerator(uint16_t port, int round, int clients = kClients) : port_(port) {
    for (int c = 0; c < clients; ++c) {
      auto& connection = connections_.emplace_back(std::make_unique<Connection>(io_));
      for (int i = 0; i < kPerClient; ++i) {
        http::request<http::string_body> request{http::verb::post, "/webhooks/instagram", 11};
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::content_type, "application/json");
        request.body() = Delivery(c + 1, round * kPerClient + i);
        connection->remote_ids.push_back(RemoteId(c + 1, round * kPerClient + i));
        request.set("X-Hub-Signature-256",
                    civicpost::channels::instagram::SignatureHeader(kSecret, request.body()));
        request.prepare_payload();
        std::ostringstream wire;
        wire << request;
        connection->requests.push_back(wire.str());
      }
    }
  }

  // Runs every delivery; the latencies of all, in milliseconds.
  std::vector<double> Run() {
    for (auto& connection : connections_) {
      connection->socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
      Send(*connection);
    }
    io_.run();
    std::vector<double> all;
    for (const auto& connection : connections_) {
      all.insert(all.end(), connection->latencies_ms.begin(), connection->latencies_ms.end());
    }
    return all;
  }
  int failures() const { return failures_; }
  // When each delivery was answered, by the comment's remote id.
  std::map<std::string, std::chrono::steady_clock::time_point> Answered() const {
    std::map<std::string, std::chrono::steady_clock::time_point> out;
    for (const auto& c : connections_) {
      for (size_t i = 0; i < c->answered.size(); ++i) out[c->remote_ids[i]] = c->answered[i];
    }
    return out;
  }

 private:
  struct Connection {
    explicit Connection(boost::asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    std::vector<std::string> requests;
    size_t next = 0;
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    std::chrono::steady_clock::time_point started;
    std::vector<double> latencies_ms;
    std::vector<std::string> remote_ids;  // of each request, in order
    std::vector<std::chrono::steady_clock::time_point> answered;
  };

  void Send(Connection& c) {
    if (c.next == c.requests.size()) return;
    c.started = std::chrono::steady_clock::now();
    boost::asio::async_write(c.socket, boost::asio::buffer(c.requests[c.next]),
                             [this, &c](beast::error_code error, size_t) {
                               if (error) {
                                 ++failures_;
                                 return;
                               }
                               c.response = {};
                               http::async_read(
                                   c.socket, c.buffer, c.response,
                                   [this, &c](beast::error_code e, size_t) { Received(c, e); });
                             });
  }

  void Received(Connection& c, beast::error_code error) {
    if (error) {
      ++failures_;
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    c.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - c.started).count());
    c.answered.push_back(now);
    if (c.response.result_int() != 200) ++failures_;
    ++c.next;
    Send(c);
  }

  uint16_t port_;
  boost::asio::io_context io_;
  std::vector<std::unique_ptr<Connection>> connections_;
  int failures_ = 0;
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

// The same rows straight into SQLite, as durable as the service's.
double RawInsertsPerSecond(const std::filesystem::path& file, int rows) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
               "CREATE TABLE comments (id INTEGER PRIMARY KEY, channel_id INTEGER, remote_id TEXT, "
               "author_handle TEXT, text TEXT, raw_json TEXT, received_at TEXT, "
               "UNIQUE (channel_id, remote_id))",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO comments (channel_id, remote_id, author_handle, text, raw_json, "
                     "received_at) VALUES (1, ?1, 'buerger_in', 'Schönes Foto vom Markt', ?2, "
                     "'2026-11-25T09:00:00Z') ON CONFLICT DO NOTHING",
                     -1, &insert, nullptr);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < rows; ++i) {
    const std::string id = std::to_string(i);
    const std::string raw = Delivery(0, i);
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, raw.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return rows / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace civicpost;
  if (argc != 2) {
    std::cerr << "usage: civicpost_webhook_bench RESULTS_JSON\n";
    return 2;
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("civicpost-webhook-bench-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  sys::SystemClock clock;
  auto opened =
      store::SqliteDatabase::Open(dir / "civicpost.db", store::OpenMode::kCreateIfMissing);
  if (!opened) {
    std::cerr << opened.error().message << "\n";
    return 1;
  }
  std::unique_ptr<store::SqliteDatabase> db = std::move(*opened);
  if (!store::Migrate(*db, clock)) return 1;
  store::Repositories repos(clock);
  Status ready = store::InTransaction(*db, [&](store::Transaction& tx) -> Status {
    auto org = repos.organizations.Create(tx, Actor::Cli(), {{}, "bench", "Bench", "", {}});
    if (!org) return org.error();
    Channel channel;
    channel.organization_id = *org;
    channel.key = "instagram";
    channel.platform = ChannelPlatform::kInstagram;
    channel.name = "Instagram";
    auto id = repos.channels.Create(tx, Actor::Cli(), channel);
    if (!id) return id.error();
    return repos.channels.SaveConnection(tx, Actor::Cli(), *id, {.account_id = kAccount});
  });
  if (!ready.ok()) {
    std::cerr << ready.message() << "\n";
    return 1;
  }

  moderation::CommentIntake intake(*db, repos, clock);
  moderation::GroupCommit group_commit(intake);
  web::Router router;
  web::RegisterInstagramWebhookVerification(router, {.verify_token = "v", .app_secret = kSecret});
  web::Metrics metrics;
  web::ServerOptions options;
  options.port = 0;
  options.threads = kServerThreads;
  options.deferred_routes.push_back(
      web::InstagramWebhookDelivery(group_commit, {.verify_token = "v", .app_secret = kSecret}));
  web::HttpServer server(router, metrics, options);
  if (!server.Listen().ok()) return 1;
  std::thread serving([&] { server.Run(); });

  // Median of a few rounds: this machine is shared and noisy.
  std::atomic<int> failures{0};
  std::vector<double> rates;
  std::vector<double> p50s;
  std::vector<double> p99s;
  for (int round = 0; round < kRounds; ++round) {
    LoadGenerator load(server.port(), round);
    const auto started = std::chrono::steady_clock::now();
    const std::vector<double> all = load.Run();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    failures += load.failures() + (kClients * kPerClient - static_cast<int>(all.size()));
    rates.push_back(kClients * kPerClient / seconds);
    p50s.push_back(Percentile(all, 0.5));
    p99s.push_back(Percentile(all, 0.99));
  }
  // The engine: the shipped model, the demo authority's concept.
  auto classifier = moderation::Classifier::Load(CIVICPOST_MODEL_DIR);
  if (!classifier) {
    std::cerr << classifier.error().message << "\n";
    return 1;
  }
  std::ifstream concept_file(std::string(CIVICPOST_SOURCE_DIR) +
                             "/examples/sassenberg/concept.toml");
  std::stringstream concept_text;
  concept_text << concept_file.rdbuf();
  if (!store::InTransaction(*db, [&](store::Transaction& tx) {
        return repos.organizations.RecordConcept(tx, Actor::Cli(), OrganizationId(1),
                                                 "concept.toml", concept_text.str());
      })) {
    return 1;
  }
  moderation::CommentAssessment assessment(
      *db, repos, clock, [&]() -> Result<const moderation::Classifier*> { return &*classifier; });
  // Everything stored so far, in batches as serve takes them.
  const auto deciding = std::chrono::steady_clock::now();
  int decided = 0;
  for (;;) {
    auto n = assessment.RunOnce(500);
    if (!n) {
      std::cerr << n.error().message << "\n";
      return 1;
    }
    if (*n == 0) break;
    decided += *n;
  }
  const double decide_per_s =
      decided / std::chrono::duration<double>(std::chrono::steady_clock::now() - deciding).count();

  // A fourth round with the engine deciding beside it: when each decision
  // was committed, from the decisions it added per batch.
  std::map<int64_t, std::chrono::steady_clock::time_point> decided_at;
  std::atomic<bool> stop{false};
  std::thread engine([&] {
    int64_t last = 0;
    for (;;) {
      const bool last_pass = stop.load();
      auto n = assessment.RunOnce(500);
      const auto now = std::chrono::steady_clock::now();
      auto rows = db->Query("SELECT id, comment_id FROM decisions WHERE id > $1", {last});
      if (rows) {
        for (const auto& row : *rows) {
          decided_at.emplace(row.Int(1), now);
          last = std::max(last, row.Int(0));
        }
      }
      if (last_pass && n && *n == 0) return;
      if (n && *n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  // One connection: about 500 comments a second, within what the engine
  // decides, so the figure is the pipeline's and not a backlog's.
  LoadGenerator live(server.port(), kRounds, 1);
  const std::vector<double> live_latencies = live.Run();
  failures += live.failures() + (kPerClient - static_cast<int>(live_latencies.size()));
  stop = true;
  engine.join();
  server.Shutdown();
  serving.join();
  std::vector<double> to_decision_ms;
  auto remote = db->Query("SELECT id, remote_id FROM comments");
  const auto answered = live.Answered();
  if (remote) {
    for (const auto& row : *remote) {
      auto sent_at = answered.find(row.Text(1));
      auto done_at = decided_at.find(row.Int(0));
      if (sent_at == answered.end() || done_at == decided_at.end()) continue;
      to_decision_ms.push_back(
          std::chrono::duration<double, std::milli>(done_at->second - sent_at->second).count());
    }
  }

  auto stored = db->Query("SELECT COUNT(*) FROM comments");
  const int64_t rows = stored && !stored->empty() ? (*stored)[0].Int(0) : -1;
  const int sent = (kRounds * kClients + 1) * kPerClient;
  const double per_second = civicpost::bench::Median(rates);
  const double p50 = civicpost::bench::Median(p50s);
  const double p99 = civicpost::bench::Median(p99s);
  const double raw = RawInsertsPerSecond(dir / "raw.db", kClients * kPerClient);
  std::filesystem::remove_all(dir);
  if (failures > 0 || rows != sent || static_cast<int>(to_decision_ms.size()) != kPerClient) {
    std::cerr << "webhook bench: " << failures << " failed request(s), " << rows << " of " << sent
              << " comments stored, " << to_decision_ms.size() << " decided live\n";
    return 1;
  }

  const nlohmann::json figures = nlohmann::json::array(
      {Figure("webhook_ingest_per_s", per_second, "comments/s", "sqlite_insert_per_s", raw,
              ">= 20000 comments/s"),
       Figure("webhook_p50_ms", p50, "ms", "", 0, ""),
       Figure("webhook_p99_ms", p99, "ms", "", 0, "< 10 ms"),
       Figure("decide_per_s", decide_per_s, "comments/s", "", 0, ""),
       Figure("webhook_to_decision_p50_ms", Percentile(to_decision_ms, 0.5), "ms", "", 0, ""),
       Figure("webhook_to_decision_p99_ms", Percentile(to_decision_ms, 0.99), "ms", "", 0, "")});
  std::printf("%-24s %10.0f comments/s   (raw SQLite, one durable insert each: %.0f/s)\n",
              "webhook_ingest_per_s", per_second, raw);
  std::printf("%-24s %10.2f ms\n", "webhook_p50_ms", p50);
  std::printf("%-24s %10.2f ms\n", "webhook_p99_ms", p99);
  std::printf("%-24s %10.0f comments/s   (engine decides and stores, one core)\n", "decide_per_s",
              decide_per_s);
  std::printf("%-24s %10.2f ms   (200 to decision committed, engine running beside)\n",
              "webhook_to_decision_p50", Percentile(to_decision_ms, 0.5));
  std::printf("%-24s %10.2f ms\n", "webhook_to_decision_p99", Percentile(to_decision_ms, 0.99));
  civicpost::bench::AppendResults(argv[1], figures);
  return 0;
}
