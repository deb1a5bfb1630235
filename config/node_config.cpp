#include "config/node_config.hpp"

#include <charconv>
#include <filesystem>
#include <functional>
#include <tuple>
#include <type_traits>
#include <yaml-cpp/yaml.h>

#include "core/cluster/endpoint.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

caf::error bad(const std::string& key, const std::string& why) {
  return make_error(errc::input_request_invalid, "config key '" + key + "': " + why);
}

template <class T>
bool parse_number(const std::string& s, T& out) {
  if (s.empty())
    return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

bool parse_double(const std::string& s, double& out) {
  try {
    std::size_t n = 0;
    out = std::stod(s, &n);
    return n == s.size();
  } catch (...) {
    return false;
  }
}

/// One key: how to parse a textual value into the config.
struct key_spec {
  std::string name; ///< section.key
  std::function<caf::error(node_config&, const std::string&)> apply;
};

/// The section of type `S` in `c` (each section has a type of its own).
template <class S>
S& section_of(node_config& c) {
  return std::get<S&>(std::tie(c.node, c.http, c.ws, c.storage, c.status, c.actors, c.limits,
                               c.auth, c.media, c.mail, c.cluster, c.bots));
}

template <class S, class T>
key_spec integer(std::string name, T S::*field, std::type_identity_t<T> min,
                 std::type_identity_t<T> max) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            T x{};
            if (!parse_number(v, x) || x < min || x > max)
              return bad(name, "expected an integer in [" + std::to_string(min) + ", "
                                 + std::to_string(max) + "], got '" + v + "'");
            section_of<S>(c).*field = x;
            return {};
          }};
}

template <class S>
key_spec real(std::string name, double S::*field, double min, double max) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            double x = 0;
            if (!parse_double(v, x) || x < min || x > max)
              return bad(name, "expected a number in [" + std::to_string(min) + ", "
                                 + std::to_string(max) + "], got '" + v + "'");
            section_of<S>(c).*field = x;
            return {};
          }};
}

template <class S>
key_spec text(std::string name, std::string S::*field, bool allow_empty,
              std::vector<std::string> choices = {}) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            if (!allow_empty && v.empty())
              return bad(name, "must not be empty");
            if (!choices.empty() && std::find(choices.begin(), choices.end(), v) == choices.end()) {
              std::string all;
              for (auto& ch : choices)
                all += (all.empty() ? "" : " | ") + ch;
              return bad(name, "expected one of " + all + ", got '" + v + "'");
            }
            section_of<S>(c).*field = v;
            return {};
          }};
}

template <class S>
key_spec boolean(std::string name, bool S::*field) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            if (v == "true" || v == "1" || v == "yes")
              section_of<S>(c).*field = true;
            else if (v == "false" || v == "0" || v == "no")
              section_of<S>(c).*field = false;
            else
              return bad(name, "expected true or false, got '" + v + "'");
            return {};
          }};
}

const std::vector<key_spec>& specs() {
  static const std::vector<key_spec> all = {
    integer("node.id", &node_settings::id, 0, 1023),
    text("node.data_dir", &node_settings::data_dir, false),
    text("http.host", &http_settings::host, false),
    integer("http.port", &http_settings::port, 1, 65535),
    integer("http.threads", &http_settings::threads, 1, 1024),
    integer("http.max_downloads", &http_settings::max_downloads, 1, 1024),
    integer("http.max_body_bytes", &http_settings::max_body_bytes, 1024, 64 << 20),
    integer("http.max_header_bytes", &http_settings::max_header_bytes, 8192, 16 << 20),
    integer("http.max_headers", &http_settings::max_headers, 8, 10000),
    integer("http.keep_alive_max", &http_settings::keep_alive_max, 1, 10'000'000),
    integer("http.timeout_s", &http_settings::timeout_s, 1, 3600),
    integer("http.keep_alive_timeout_s", &http_settings::keep_alive_timeout_s, 1, 3600),
    integer("http.header_timeout_s", &http_settings::header_timeout_s, 1, 3600),
    integer("http.body_timeout_s", &http_settings::body_timeout_s, 1, 3600),
    integer("http.body_min_rate_bytes", &http_settings::body_min_rate_bytes, 1, 1 << 30),
    integer("http.max_connections", &http_settings::max_connections, 1, 1'000'000),
    integer("http.max_connections_per_ip", &http_settings::max_connections_per_ip, 1, 1'000'000),
    text("ws.host", &ws_settings::host, false),
    integer("ws.port", &ws_settings::port, 1, 65535),
    integer("ws.max_message_bytes", &ws_settings::max_message_bytes, 1024, 16 << 20),
    integer("ws.max_connections", &ws_settings::max_connections, 1, 1'000'000),
    integer("ws.max_connections_per_ip", &ws_settings::max_connections_per_ip, 1, 1'000'000),
    integer("ws.auth_timeout_s", &ws_settings::auth_timeout_s, 1, 86400),
    integer("ws.handshake_timeout_s", &ws_settings::handshake_timeout_s, 1, 600),
    integer("ws.idle_timeout_s", &ws_settings::idle_timeout_s, 5, 86400),
    integer("ws.max_write_buffer_bytes", &ws_settings::max_write_buffer_bytes, 4096, 64 << 20),
    integer("ws.max_in_flight", &ws_settings::max_in_flight, 1, 10000),
    text("storage.sync", &storage_settings::sync, false, {"batch", "always", "none"}),
    integer("storage.block_cache_mb", &storage_settings::block_cache_mb, 8, 1 << 20),
    integer("storage.write_buffer_mb", &storage_settings::write_buffer_mb, 1, 4096),
    integer("storage.commit_delay_us", &storage_settings::commit_delay_us, 0, 100000),
    integer("status.ttl_s", &status_settings::ttl_s, 5, 86400),
    integer("actors.idle_stop_s", &actor_system_settings::idle_stop_s, 2, 86400),
    integer("actors.call_timeout_ms", &actor_system_settings::call_timeout_ms, 100, 600000),
    integer("actors.scheduler_threads", &actor_system_settings::scheduler_threads, 0, 256),
    integer("actors.dialog_shards", &actor_system_settings::dialog_shards, 1, 4096),
    real("limits.messages_per_second", &limits_settings::messages_per_second, 0.1, 1e6),
    real("limits.messages_burst", &limits_settings::messages_burst, 1, 1e6),
    real("limits.writes_per_second", &limits_settings::writes_per_second, 0.1, 1e6),
    real("limits.writes_burst", &limits_settings::writes_burst, 1, 1e6),
    real("limits.typing_per_second", &limits_settings::typing_per_second, 0.1, 1e6),
    real("limits.typing_burst", &limits_settings::typing_burst, 1, 1e6),
    integer("limits.chat_members", &limits_settings::chat_members, 2, 100000),
    real("limits.auth_per_ip_per_second", &limits_settings::auth_per_ip_per_second, 0.1, 1e6),
    real("limits.auth_per_ip_burst", &limits_settings::auth_per_ip_burst, 1, 1e6),
    integer("limits.calls_in_flight", &limits_settings::calls_in_flight, 16, 1 << 24),
    integer("auth.password_opslimit", &auth_settings::password_opslimit, 1, 20),
    integer("auth.password_memlimit_kib", &auth_settings::password_memlimit_kib, 8, 4 << 20),
    integer("auth.hash_workers", &auth_settings::hash_workers, 1, 64),
    integer("media.workers", &media_settings::workers, 1, 64),
    text("auth.token_key_file", &auth_settings::token_key_file, true),
    boolean("auth.require_email", &auth_settings::require_email),
    text("mail.smtp_url", &mail_settings::smtp_url, true),
    text("mail.smtp_user", &mail_settings::smtp_user, true),
    text("mail.smtp_password", &mail_settings::smtp_password, true),
    text("mail.from", &mail_settings::from, false),
    integer("cluster.port", &cluster_settings::port, 0, 65535),
    text("cluster.bind", &cluster_settings::bind, false),
    text("cluster.advertise", &cluster_settings::advertise, true),
    text("cluster.seeds", &cluster_settings::seeds, true),
    text("cluster.secret_file", &cluster_settings::secret_file, true),
    integer("cluster.heartbeat_ms", &cluster_settings::heartbeat_ms, 50, 60000),
    integer("cluster.suspect_ms", &cluster_settings::suspect_ms, 100, 600000),
    integer("cluster.down_ms", &cluster_settings::down_ms, 200, 3600000),
    integer("bots.callback_timeout_s", &bot_settings::callback_timeout_s, 1, 60),
  };
  return all;
}

const key_spec* find_spec(const std::string& name) {
  for (auto& s : specs())
    if (s.name == name)
      return &s;
  return nullptr;
}

/// The keys of `section` ("http"), comma-separated; empty if there is no
/// such section.
std::string keys_of(const std::string& section) {
  std::string out;
  for (auto& s : specs())
    if (s.name.compare(0, section.size() + 1, section + ".") == 0)
      out += (out.empty() ? "" : ", ") + s.name.substr(section.size() + 1);
  return out;
}

std::string lower(std::string s) {
  for (auto& ch : s)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

caf::error apply(node_config& c, const std::string& key, const std::string& value,
                 const std::string& origin) {
  auto* s = find_spec(key);
  if (s == nullptr)
    return bad(key, "unknown key (from " + origin + ")");
  return s->apply(c, value);
}

caf::error load_yaml(node_config& c, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return make_error(errc::input_request_invalid,
                      "config file " + path + ": " + std::string{e.what()});
  }
  if (root.IsNull())
    return {};
  if (!root.IsMap())
    return make_error(errc::input_request_invalid, "config file " + path + ": not a mapping");
  for (auto section : root) {
    auto sname = section.first.as<std::string>();
    if (!section.second.IsMap())
      return bad(sname, "expected a mapping of keys");
    for (auto kv : section.second) {
      auto key = sname + "." + kv.first.as<std::string>();
      if (!kv.second.IsScalar() && !kv.second.IsNull())
        return bad(key, "expected a scalar value");
      auto value = kv.second.IsNull() ? std::string{} : kv.second.as<std::string>();
      if (auto err = apply(c, key, value, path))
        return err;
    }
  }
  return {};
}

/// The cluster keys together: seeds well formed, a secret named, timings in
/// order. (The secret file's contents are checked when the node starts.)
caf::error check_cluster(const cluster_settings& c) {
  if (!cluster::parse_endpoints(c.seeds))
    return bad("cluster.seeds",
               "expected host:port[,host:port...] with each named once, got '" + c.seeds + "'");
  if (!c.enabled())
    return {};
  if (c.secret_file.empty())
    return bad("cluster.secret_file", "must name a file of at least 32 bytes when cluster.port "
                                      "is set (nodes prove membership with it)");
  if (!(c.heartbeat_ms < c.suspect_ms && c.suspect_ms < c.down_ms))
    return bad("cluster.down_ms", "expected heartbeat_ms < suspect_ms < down_ms");
  return {};
}

} // namespace

caf::expected<node_config> load_config(const std::vector<std::string>& args,
                                       const std::vector<std::string>& env) {
  node_config c;
  // Flags first pass: find --config.
  std::string file;
  std::vector<std::pair<std::string, std::string>> flags;
  static const std::map<std::string, std::string> flag_keys = {
    {"--data-dir", "node.data_dir"}, {"--node-id", "node.id"},   {"--http-port", "http.port"},
    {"--ws-port", "ws.port"},        {"--sync", "storage.sync"}, {"--cluster-port", "cluster.port"},
    {"--seeds", "cluster.seeds"},
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto a = args[i];
    std::string value;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    if (a != "--config" && flag_keys.count(a) == 0)
      return make_error(errc::input_request_invalid, "unknown flag '" + a + "' (see --help)");
    if (!has_value) {
      if (i + 1 >= args.size())
        return make_error(errc::input_request_invalid, "flag '" + a + "' needs a value");
      value = args[++i];
    }
    if (a == "--config")
      file = value;
    else
      flags.emplace_back(flag_keys.at(a), value);
  }
  if (file.empty() && std::filesystem::exists("config/node.yaml"))
    file = "config/node.yaml";
  if (!file.empty()) {
    if (!std::filesystem::exists(file))
      return make_error(errc::input_request_invalid, "config file " + file + " does not exist");
    if (auto err = load_yaml(c, file))
      return err;
  }
  // ACTORGRAM_<SECTION>_<KEY>: section is the first word, key the rest.
  // A variable naming no section of the config belongs to someone else
  // (ACTORGRAM_BIN of a wrapper script) and is ignored; a known section
  // with an unknown key is a typo, and a typo must not pass silently.
  for (auto& e : env) {
    if (e.rfind("ACTORGRAM_", 0) != 0)
      continue;
    auto eq = e.find('=');
    if (eq == std::string::npos)
      continue;
    auto var = e.substr(0, eq);
    auto name = lower(var.substr(10));
    auto us = name.find('_');
    auto section = name.substr(0, us);
    auto keys = keys_of(section);
    if (keys.empty())
      continue;
    auto key = us == std::string::npos ? section + "." : section + "." + name.substr(us + 1);
    if (find_spec(key) == nullptr)
      return make_error(errc::input_request_invalid,
                        "environment variable " + var + ": '" + section
                          + "' is a config section but '" + key + "' is not a config key ("
                          + section + " has: " + keys + "); fix the name (ACTORGRAM_"
                          + var.substr(10, section.size()) + "_<KEY>) or unset it");
    if (auto err = apply(c, key, e.substr(eq + 1), "environment " + var))
      return err;
  }
  for (auto& [key, value] : flags)
    if (auto err = apply(c, key, value, "command line"))
      return err;
  if (c.http.port == c.ws.port && c.http.host == c.ws.host)
    return bad("ws.port", "must differ from http.port");
  if (auto err = check_cluster(c.cluster))
    return err;
  if (c.cluster.enabled() && (c.cluster.port == c.http.port || c.cluster.port == c.ws.port))
    return bad("cluster.port", "must differ from http.port and ws.port");
  // The API bounds a call at three call timeouts: a callback query must
  // time out before that, or the user sees TIMEOUT instead of its answer.
  if (c.bots.callback_timeout_s * 1000 >= 3 * c.actors.call_timeout_ms)
    return bad("bots.callback_timeout_s", "must be below 3 × actors.call_timeout_ms");
  return c;
}

std::string config_usage() {
  return "usage: actorgram [--config FILE] [--data-dir DIR] [--node-id N]\n"
         "                 [--http-port P] [--ws-port P] [--sync batch|always|none]\n"
         "                 [--cluster-port P] [--seeds HOST:PORT,...]\n"
         "       actorgram cluster status [--json] [same options]: this node's view of\n"
         "                 the cluster (members, their state, the shard map)\n"
         "Every key of config/node.yaml can also be set with ACTORGRAM_<SECTION>_<KEY>,\n"
         "e.g. ACTORGRAM_HTTP_PORT=9080 (an unknown key of a known section stops the\n"
         "node; ACTORGRAM_* variables naming no section are ignored). Flags override\n"
         "the environment, which overrides the file.\n";
}

} // namespace ag
