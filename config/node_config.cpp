#include "config/node_config.hpp"

#include <charconv>
#include <filesystem>
#include <functional>
#include <yaml-cpp/yaml.h>

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

template <class T>
key_spec integer(std::string name, T node_config::*field, T min, T max) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            T x{};
            if (!parse_number(v, x) || x < min || x > max)
              return bad(name, "expected an integer in [" + std::to_string(min) + ", "
                                 + std::to_string(max) + "], got '" + v + "'");
            c.*field = x;
            return {};
          }};
}

key_spec real(std::string name, double node_config::*field, double min, double max) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            double x = 0;
            if (!parse_double(v, x) || x < min || x > max)
              return bad(name, "expected a number in [" + std::to_string(min) + ", "
                                 + std::to_string(max) + "], got '" + v + "'");
            c.*field = x;
            return {};
          }};
}

key_spec text(std::string name, std::string node_config::*field, bool allow_empty,
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
            c.*field = v;
            return {};
          }};
}

key_spec boolean(std::string name, bool node_config::*field) {
  return {name, [=](node_config& c, const std::string& v) -> caf::error {
            if (v == "true" || v == "1" || v == "yes")
              c.*field = true;
            else if (v == "false" || v == "0" || v == "no")
              c.*field = false;
            else
              return bad(name, "expected true or false, got '" + v + "'");
            return {};
          }};
}

const std::vector<key_spec>& specs() {
  using C = node_config;
  static const std::vector<key_spec> all = {
    integer<std::uint64_t>("node.id", &C::node_id, 0, 1023),
    text("node.data_dir", &C::data_dir, false),
    text("http.host", &C::http_host, false),
    integer<std::uint16_t>("http.port", &C::http_port, 1, 65535),
    integer<std::size_t>("http.threads", &C::http_threads, 1, 1024),
    integer<std::size_t>("http.max_downloads", &C::http_max_downloads, 1, 1024),
    integer<std::size_t>("http.max_body_bytes", &C::http_max_body_bytes, 1024, 64 << 20),
    integer<std::size_t>("http.max_header_bytes", &C::http_max_header_bytes, 8192, 16 << 20),
    integer<std::size_t>("http.max_headers", &C::http_max_headers, 8, 10000),
    integer<std::size_t>("http.keep_alive_max", &C::http_keep_alive_max, 1, 10'000'000),
    integer<std::int64_t>("http.timeout_s", &C::http_timeout_s, 1, 3600),
    integer<std::int64_t>("http.keep_alive_timeout_s", &C::http_keep_alive_timeout_s, 1, 3600),
    text("ws.host", &C::ws_host, false),
    integer<std::uint16_t>("ws.port", &C::ws_port, 1, 65535),
    integer<std::size_t>("ws.max_message_bytes", &C::ws_max_message_bytes, 1024, 16 << 20),
    integer<std::size_t>("ws.max_connections", &C::ws_max_connections, 1, 1'000'000),
    integer<std::size_t>("ws.max_connections_per_ip", &C::ws_max_connections_per_ip, 1, 1'000'000),
    integer<std::int64_t>("ws.auth_timeout_s", &C::ws_auth_timeout_s, 1, 86400),
    integer<std::int64_t>("ws.handshake_timeout_s", &C::ws_handshake_timeout_s, 1, 600),
    integer<std::int64_t>("ws.idle_timeout_s", &C::ws_idle_timeout_s, 5, 86400),
    integer<std::size_t>("ws.max_write_buffer_bytes", &C::ws_max_write_buffer_bytes, 4096,
                         64 << 20),
    integer<std::size_t>("ws.max_in_flight", &C::ws_max_in_flight, 1, 10000),
    text("storage.sync", &C::storage_sync, false, {"batch", "always", "none"}),
    integer<std::size_t>("storage.block_cache_mb", &C::storage_block_cache_mb, 8, 1 << 20),
    integer<std::size_t>("storage.write_buffer_mb", &C::storage_write_buffer_mb, 1, 4096),
    integer<std::int64_t>("status.ttl_s", &C::status_ttl_s, 5, 86400),
    integer<std::int64_t>("actors.idle_stop_s", &C::actors_idle_stop_s, 2, 86400),
    integer<std::int64_t>("actors.call_timeout_ms", &C::actors_call_timeout_ms, 100, 600000),
    integer<std::size_t>("actors.scheduler_threads", &C::actors_scheduler_threads, 0, 256),
    integer<std::size_t>("actors.dialog_shards", &C::actors_dialog_shards, 1, 4096),
    real("limits.messages_per_second", &C::limits_messages_per_second, 0.1, 1e6),
    real("limits.messages_burst", &C::limits_messages_burst, 1, 1e6),
    real("limits.writes_per_second", &C::limits_writes_per_second, 0.1, 1e6),
    real("limits.writes_burst", &C::limits_writes_burst, 1, 1e6),
    real("limits.typing_per_second", &C::limits_typing_per_second, 0.1, 1e6),
    real("limits.typing_burst", &C::limits_typing_burst, 1, 1e6),
    integer<std::size_t>("limits.chat_members", &C::limits_chat_members, 2, 100000),
    real("limits.auth_per_ip_per_second", &C::limits_auth_per_ip_per_second, 0.1, 1e6),
    real("limits.auth_per_ip_burst", &C::limits_auth_per_ip_burst, 1, 1e6),
    integer<std::size_t>("auth.password_opslimit", &C::auth_password_opslimit, 1, 20),
    integer<std::size_t>("auth.password_memlimit_kib", &C::auth_password_memlimit_kib, 8, 4 << 20),
    integer<std::size_t>("auth.hash_workers", &C::auth_hash_workers, 1, 64),
    integer<std::size_t>("media.workers", &C::media_workers, 1, 64),
    text("auth.token_key_file", &C::auth_token_key_file, true),
    boolean("auth.require_email", &C::auth_require_email),
    text("mail.smtp_url", &C::mail_smtp_url, true),
    text("mail.smtp_user", &C::mail_smtp_user, true),
    text("mail.smtp_password", &C::mail_smtp_password, true),
    text("mail.from", &C::mail_from, false),
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

} // namespace

caf::expected<node_config> load_config(const std::vector<std::string>& args,
                                       const std::vector<std::string>& env) {
  node_config c;
  // Flags first pass: find --config.
  std::string file;
  std::vector<std::pair<std::string, std::string>> flags;
  static const std::map<std::string, std::string> flag_keys = {
    {"--data-dir", "node.data_dir"}, {"--node-id", "node.id"},   {"--http-port", "http.port"},
    {"--ws-port", "ws.port"},        {"--sync", "storage.sync"},
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
  if (c.http_port == c.ws_port && c.http_host == c.ws_host)
    return bad("ws.port", "must differ from http.port");
  return c;
}

std::string config_usage() {
  return "usage: actorgram [--config FILE] [--data-dir DIR] [--node-id N]\n"
         "                 [--http-port P] [--ws-port P] [--sync batch|always|none]\n"
         "Every key of config/node.yaml can also be set with ACTORGRAM_<SECTION>_<KEY>,\n"
         "e.g. ACTORGRAM_HTTP_PORT=9080 (an unknown key of a known section stops the\n"
         "node; ACTORGRAM_* variables naming no section are ignored). Flags override\n"
         "the environment, which overrides the file.\n";
}

} // namespace ag
