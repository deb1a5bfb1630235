#include "http/app/node.hpp"

#include <caf/io/all.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sched.h>
#include <sodium.h>
#include <thread>

#include "actors/cluster/links.hpp"
#include "actors/cluster/membership_actor.hpp"
#include "actors/node/services.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/cluster/handshake.hpp"
#include "core/error.hpp"
#include "http/server/http_server.hpp"
#include "http/ws/ws_gateway.hpp"
#include "storage/box/outbox_repo.hpp"
#include "storage/kv/rocksdb_store.hpp"

namespace ag {

struct node::impl {
  node_config cfg;
  std::unique_ptr<rocksdb_store> db;
  std::unique_ptr<commit_queue> writer;
  metrics stats;
  std::atomic<bool> ready{false};
  std::unique_ptr<caf::actor_system_config> sys_cfg;
  std::unique_ptr<caf::actor_system> sys;
  node_context_ptr ctx;
  std::unique_ptr<http_server> http;
  caf::actor ws;
  membership_actor membership; ///< with a cluster port only
  std::unique_ptr<link_listener> cluster_port;
  bool stopped = false;
};

namespace {

sync_mode parse_sync(const std::string& s) {
  return s == "always" ? sync_mode::always : s == "none" ? sync_mode::none : sync_mode::batch;
}

caf::expected<paseto::key> token_key(const auth_settings& auth, kv_store& db,
                                     const std::string& cluster_secret) {
  paseto::key k{};
  if (auth.token_key_file.empty() && !cluster_secret.empty()) {
    // Every node of a cluster must accept the tokens any other signed.
    auto derived = cluster::derive_key(cluster_secret, "token signing");
    std::copy(derived.begin(), derived.end(), k.begin());
    return k;
  }
  if (!auth.token_key_file.empty()) {
    std::ifstream in{auth.token_key_file, std::ios::binary};
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != k.size())
      return make_error(errc::input_request_invalid,
                        "config key 'auth.token_key_file': the file must hold exactly 32 bytes");
    std::copy(bytes.begin(), bytes.end(), k.begin());
    return k;
  }
  meta_repo meta{db};
  auto stored = meta.get("auth.token_key");
  if (!stored)
    return stored.error();
  if (*stored && (*stored)->size() == k.size()) {
    std::copy((*stored)->begin(), (*stored)->end(), k.begin());
    return k;
  }
  randombytes_buf(k.data(), k.size());
  write_batch b;
  meta_repo::put(b, "auth.token_key", std::string{k.begin(), k.end()});
  if (auto err = db.write(b, true))
    return err;
  return k;
}

/// The cores this process may run on (its CPU affinity, e.g. under
/// `taskset -c 1`), not the machine's: a node given one core must not start
/// a worker per core of the machine that then fight for it.
std::size_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    return static_cast<std::size_t>(std::max(1, CPU_COUNT(&set)));
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Scheduler workers and how an idle one waits for work.
void configure_scheduler(caf::actor_system_config& sc, std::size_t threads) {
  if (threads == 0) // measured on 2 cores: one worker per core beats cores - 1
    threads = usable_cores();
  sc.set("scheduler.max-threads", threads);
  if (threads == 1) {
    // CAF's idle worker polls its queue for ~25 ms (500 sleeps of 50 us)
    // before it blocks; with one worker nothing can be stolen and every
    // message from another thread wakes it through its condition variable,
    // so the polling only takes the core from the threads that make the
    // work (gateway, commit thread): measured a third of a pinned node's
    // CPU at 500 msgs/s (docs/benchmarks.md, issue 11).
    sc.set("work-stealing.aggressive-poll-attempts", 1);
    sc.set("work-stealing.moderate-poll-attempts", 0);
  }
}

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace

node::node(node_config cfg) : impl_(std::make_unique<impl>()) {
  impl_->cfg = std::move(cfg);
}

node::~node() {
  stop();
}

caf::error node::start() {
  auto& d = *impl_;
  auto& cfg = d.cfg;
  if (sodium_init() < 0)
    return make_error(errc::internal, "libsodium failed to initialize");
  std::error_code ec;
  std::filesystem::create_directories(cfg.node.data_dir, ec);
  if (ec)
    return make_error(errc::storage_failure,
                      "cannot create " + cfg.node.data_dir + ": " + ec.message());
  auto db = rocksdb_store::open(cfg.node.data_dir, cfg.storage);
  if (!db)
    return db.error();
  d.db = std::move(*db);
  std::string secret;
  if (cfg.cluster.enabled()) {
    auto s = read_cluster_secret(cfg.cluster.secret_file);
    if (!s)
      return s.error();
    secret = std::move(*s);
  }
  auto key = token_key(cfg.auth, *d.db, secret);
  if (!key)
    return key.error();
  d.writer = std::make_unique<commit_queue>(*d.db, parse_sync(cfg.storage.sync),
                                            std::chrono::microseconds{cfg.storage.commit_delay_us});

  d.sys_cfg = std::make_unique<caf::actor_system_config>();
  auto& sc = *d.sys_cfg;
  configure_scheduler(sc, cfg.actors.scheduler_threads);
  if (cfg.cluster.enabled()) {
    // CAF's own failure detection on every link (off by default): a peer
    // silent past down_ms has its connection closed, and its proxies die.
    sc.set("middleman.heartbeat-interval",
           caf::timespan{std::chrono::milliseconds{cfg.cluster.heartbeat_ms}});
    sc.set("middleman.connection-timeout",
           caf::timespan{std::chrono::milliseconds{cfg.cluster.down_ms}});
  }
  sc.set("middleman.max-consecutive-reads", 1);
  sc.set("logger.verbosity", caf::atom("quiet"));
  sc.load<caf::io::middleman>();
  announce_types(sc);
  sc.add_error_category(error_category,
                        [](std::uint8_t code, caf::atom_value, const caf::message& ctx) {
                          return render_error(code, ctx);
                        });
  d.sys = std::make_unique<caf::actor_system>(sc);

  auto ctx = spawn_services(
    *d.sys, node_resources{*d.db, *d.writer, d.stats, cfg.for_actors(), *key, unix_ms});
  if (!ctx)
    return ctx.error();
  d.ctx = *ctx;

  if (cfg.cluster.enabled()) {
    d.ctx->routes = std::make_shared<routes>();
    auto m = spawn_membership(*d.sys, d.ctx, secret);
    if (!m)
      return m.error();
    d.membership = *m;
    auto port = link_listener::start(*d.sys, cfg.cluster.bind, cfg.cluster.port, secret,
                                     caf::actor_cast<caf::strong_actor_ptr>(d.membership));
    if (!port)
      return port.error();
    d.cluster_port = std::move(*port);
  }

  // One budget of authentication attempts per address over both gateways.
  auto auth_attempts = std::make_shared<address_limiter>(cfg.limits.auth_per_ip_per_second,
                                                         cfg.limits.auth_per_ip_burst);
  auto ws = spawn_ws_gateway(*d.sys, d.ctx, ws_gateway_options{cfg.ws, &d.ready, auth_attempts});
  if (!ws)
    return ws.error();
  d.ws = *ws;
  d.http = std::make_unique<http_server>(*d.sys, d.ctx, cfg.http, d.ready, auth_attempts);
  if (!d.http->start())
    return make_error(errc::unavailable,
                      "cannot listen on " + cfg.http.host + ":" + std::to_string(cfg.http.port));
  d.ready = true;
  std::cerr << "actorgram: node " << cfg.node.id << " ready: http " << cfg.http.host << ":"
            << cfg.http.port << ", ws " << cfg.ws.host << ":" << cfg.ws.port << "/ws, data "
            << cfg.node.data_dir << ", sync " << cfg.storage.sync;
  if (cfg.cluster.enabled())
    std::cerr << ", cluster " << cfg.cluster.bind << ":" << cfg.cluster.port << " (seeds "
              << (cfg.cluster.seeds.empty() ? "none" : cfg.cluster.seeds) << ")";
  std::cerr << std::endl;
  return {};
}

void node::stop() {
  auto& d = *impl_;
  if (d.stopped || !d.sys)
    return;
  d.stopped = true;
  d.ready = false;
  if (d.http)
    d.http->stop();
  if (d.ws)
    caf::anon_send_exit(d.ws, caf::exit_reason::user_shutdown);
  d.cluster_port.reset();
  if (d.membership)
    caf::anon_send_exit(d.membership, caf::exit_reason::user_shutdown);
  d.membership = membership_actor{};
  stop_services(*d.sys, *d.ctx);
  d.ctx.reset();
  d.sys.reset();
  d.writer.reset(); // drains what is left
  d.db->flush();
  d.db.reset();
  std::cerr << "actorgram: stopped cleanly" << std::endl;
}

} // namespace ag
