#pragma once
/// The node's settings, one struct per section of `config/node.yaml`, each
/// field named after its key and holding its default: the only place a
/// default is written. config/ fills them (node_config aggregates them, and
/// validates the ranges); each part of the node takes its sections as they
/// are: the HTTP server `http`, the WebSocket gateway `ws`, storage
/// `storage`, the actors `actor_settings`.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ag {

/// node.*
struct node_settings {
  std::uint64_t id = 1;            ///< Snowflake node id, 0-1023; unique per cluster node
  std::string data_dir = "./data"; ///< RocksDB; mail without SMTP goes to outbox-mail/
  bool operator==(const node_settings&) const = default;
};

/// http.*: the HTTP API (an epoll reactor in front of cpp-httplib's routing).
struct http_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t threads = 64;                  ///< workers running complete requests
  std::size_t max_downloads = 48;            ///< GET /file streams at once (each holds a thread)
  std::size_t max_body_bytes = 1 << 20;      ///< beyond: 413
  std::size_t max_header_bytes = 64 << 10;   ///< request line and headers of one request
  std::size_t max_headers = 100;             ///< header fields of one request
  std::size_t keep_alive_max = 100000;       ///< requests per keep-alive connection
  std::int64_t timeout_s = 30;               ///< a response not read for this long is dropped
  std::int64_t keep_alive_timeout_s = 5;     ///< wait for the first byte of a request
  std::int64_t header_timeout_s = 10;        ///< a whole head, from its first byte; then 408
  std::int64_t body_timeout_s = 10;          ///< a body's grace before its minimum rate; then 408
  std::size_t body_min_rate_bytes = 8192;    ///< per second, after the grace
  std::size_t max_connections = 16000;       ///< open at once; beyond: 503 and close
  std::size_t max_connections_per_ip = 1024; ///< per client address; beyond: 429 and close
  bool operator==(const http_settings&) const = default;
};

/// ws.*: the WebSocket gateway.
struct ws_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8081;
  std::size_t max_message_bytes = 64 << 10;
  std::size_t max_connections = 18000;
  std::size_t max_connections_per_ip = 256; ///< sized for offices behind one NAT address
  std::int64_t auth_timeout_s = 30;         ///< an upgraded socket must authenticate within
  std::int64_t handshake_timeout_s = 10;
  std::int64_t idle_timeout_s = 300;
  std::size_t max_write_buffer_bytes = 256 << 10; ///< a reader this far behind is closed
  std::size_t max_in_flight = 64;                 ///< concurrent calls per socket
  bool operator==(const ws_settings&) const = default;
};

/// storage.*: RocksDB and the commit queue.
struct storage_settings {
  std::string sync = "batch";       ///< batch | always | none
  std::size_t block_cache_mb = 128; ///< shared LRU block cache
  std::size_t write_buffer_mb = 32; ///< memtable size per column family
  /// batch, none: the group commit waits this long after its oldest batch for more
  std::int64_t commit_delay_us = 2000;
  bool operator==(const storage_settings&) const = default;
};

/// status.*: presence.
struct status_settings {
  std::int64_t ttl_s = 90; ///< online this long after the last activity
  std::chrono::seconds ttl() const { return std::chrono::seconds{ttl_s}; }
  bool operator==(const status_settings&) const = default;
};

/// actors.*: lifetimes, call timeouts and threads of the actors.
struct actor_system_settings {
  std::int64_t idle_stop_s = 300;      ///< idle user actors stop after
  std::int64_t call_timeout_ms = 5000; ///< calls from gateways and sessions; then TIMEOUT
  std::size_t scheduler_threads = 0;   ///< 0: one per core the process may use
  std::size_t dialog_shards = 16;      ///< actors ordering private dialogs
  std::chrono::seconds idle_stop() const { return std::chrono::seconds{idle_stop_s}; }
  std::chrono::milliseconds call_timeout() const {
    return std::chrono::milliseconds{call_timeout_ms};
  }
  bool operator==(const actor_system_settings&) const = default;
};

/// limits.*: rates per user and per address, sizes.
struct limits_settings {
  double messages_per_second = 50; ///< per user, all devices
  double messages_burst = 100;
  double writes_per_second = 20; ///< edits, deletes, reads, pins, profile, chats, blocks
  double writes_burst = 100;
  double typing_per_second = 2;
  double typing_burst = 20;
  std::size_t chat_members = 1000;    ///< members per group chat (creator included)
  double auth_per_ip_per_second = 20; ///< sign-up and sign-in per client address
  double auth_per_ip_burst = 50;
  /// WebSocket calls admitted and unanswered on the whole node; past it a
  /// call is refused at once with FLOOD_WAIT instead of queueing.
  std::size_t calls_in_flight = 8192;
  bool operator==(const limits_settings&) const = default;
};

/// auth.*: passwords and tokens.
struct auth_settings {
  std::size_t password_opslimit = 2;            ///< Argon2id passes (libsodium INTERACTIVE)
  std::size_t password_memlimit_kib = 64 << 10; ///< Argon2id memory
  std::size_t hash_workers = 2;                 ///< threads hashing passwords
  std::string token_key_file;                   ///< empty: generated and kept in the data dir
  bool require_email = false;                   ///< sign-up needs a verified email
  std::size_t password_memlimit() const { return password_memlimit_kib << 10; } ///< bytes
  bool operator==(const auth_settings&) const = default;
};

/// media.*
struct media_settings {
  std::size_t workers = 2; ///< media actors (threads) decoding photos and videos
  bool operator==(const media_settings&) const = default;
};

/// mail.*: verification codes.
struct mail_settings {
  std::string smtp_url; ///< smtp://host:587 or smtps://host:465; empty: files
  std::string smtp_user;
  std::string smtp_password; ///< a secret: never logged
  std::string from = "actorgram@localhost";
  bool operator==(const mail_settings&) const = default;
};

/// cluster.*: several nodes as one (docs/cluster.md). Off while `port` is 0.
struct cluster_settings {
  std::uint16_t port = 0;         ///< the cluster port; 0: a single node
  std::string bind = "127.0.0.1"; ///< the cluster port listens on this address only
  std::string advertise;          ///< the host other nodes dial; empty: `bind`
  std::string seeds;              ///< host:port,...: the founding nodes (this one may be one)
  std::string secret_file;        ///< at least 32 bytes shared by every node; required
  std::int64_t heartbeat_ms = 1000;
  std::int64_t suspect_ms = 2000; ///< silent this long: suspect
  std::int64_t down_ms = 4000;    ///< silent this long: down (its shards answer UNAVAILABLE)
  [[nodiscard]] bool enabled() const { return port != 0; }
  [[nodiscard]] const std::string& advertised_host() const {
    return advertise.empty() ? bind : advertise;
  }
  bool operator==(const cluster_settings&) const = default;
};

/// bots.*: the Bot API (docs/bots.md).
struct bot_settings {
  /// messages.getBotCallbackAnswer waits this long for answerCallbackQuery,
  /// then answers BOT_RESPONSE_TIMEOUT (under the API's call bound).
  std::int64_t callback_timeout_s = 10;
  std::chrono::seconds callback_timeout() const { return std::chrono::seconds{callback_timeout_s}; }
  bool operator==(const bot_settings&) const = default;
};

/// The sections the actors read (node_context::settings).
struct actor_settings {
  node_settings node{};
  status_settings status{};
  actor_system_settings actors{};
  limits_settings limits{};
  auth_settings auth{};
  media_settings media{};
  mail_settings mail{};
  cluster_settings cluster{};
  bot_settings bots{};
};

} // namespace ag
