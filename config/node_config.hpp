#pragma once
/// The node's configuration: `config/node.yaml` (every key documented there
/// with its default), overridden by ACTORGRAM_<SECTION>_<KEY> environment
/// variables, overridden by command-line flags. Validated once at start-up;
/// immutable afterwards. Errors name the offending key.
#include <caf/expected.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ag {

struct node_config {
  // node
  std::uint64_t node_id = 1;
  std::string data_dir = "./data";
  // http
  std::string http_host = "127.0.0.1";
  std::uint16_t http_port = 8080;
  std::size_t http_threads = 64;
  std::size_t http_max_downloads = 48; ///< GET /file streams at once (each holds a thread)
  std::size_t http_max_body_bytes = 1 << 20;
  std::size_t http_max_header_bytes = 64 << 10; ///< request line and headers of one request
  std::size_t http_max_headers = 100;           ///< header fields of one request
  std::size_t http_keep_alive_max = 100000;
  std::int64_t http_timeout_s = 30;
  std::int64_t http_keep_alive_timeout_s = 5; ///< also bounds shutdown time
  // ws
  std::string ws_host = "127.0.0.1";
  std::uint16_t ws_port = 8081;
  std::size_t ws_max_message_bytes = 64 << 10;
  std::size_t ws_max_connections = 18000;
  std::size_t ws_max_connections_per_ip = 256; ///< sized for offices behind one NAT address
  std::int64_t ws_auth_timeout_s = 30;         ///< unauthenticated sockets close after
  std::int64_t ws_handshake_timeout_s = 10;
  std::int64_t ws_idle_timeout_s = 300;
  std::size_t ws_max_write_buffer_bytes = 256 << 10;
  std::size_t ws_max_in_flight = 64;
  // storage
  std::string storage_sync = "batch";
  std::size_t storage_block_cache_mb = 128;
  std::size_t storage_write_buffer_mb = 32; ///< memtable size per column family
  // status
  std::int64_t status_ttl_s = 90;
  // actors
  std::int64_t actors_idle_stop_s = 300;
  std::int64_t actors_call_timeout_ms = 5000;
  std::size_t actors_scheduler_threads = 0; ///< 0: one per core
  std::size_t actors_dialog_shards = 16;
  std::size_t limits_chat_members = 1000;
  // limits
  double limits_messages_per_second = 50;
  double limits_messages_burst = 100;
  double limits_writes_per_second = 20; ///< edits, deletes, reads, pins, profile, chat changes
  double limits_writes_burst = 100;
  double limits_typing_per_second = 2;
  double limits_typing_burst = 20;
  double limits_auth_per_ip_per_second = 20;
  double limits_auth_per_ip_burst = 50;
  // auth
  std::size_t auth_password_opslimit = 2;
  std::size_t auth_password_memlimit_kib = 64 << 10;
  std::size_t auth_hash_workers = 2;
  std::size_t media_workers = 2;
  std::string auth_token_key_file; ///< empty: generated and kept in the data dir
  bool auth_require_email = false; ///< sign-up needs a verified email
  // mail
  std::string mail_smtp_url; ///< smtp://host:587 or smtps://host:465; empty: files
  std::string mail_smtp_user;
  std::string mail_smtp_password; ///< a secret: never logged
  std::string mail_from = "actorgram@localhost";
};

/// Loads the config: `args` are the command-line arguments (without argv[0]),
/// `env` the environment (NAME=value strings). The YAML file is `--config`,
/// else `config/node.yaml` if it exists, else built-in defaults.
caf::expected<node_config> load_config(const std::vector<std::string>& args,
                                       const std::vector<std::string>& env);

/// Usage text for --help.
std::string config_usage();

} // namespace ag
