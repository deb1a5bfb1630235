#include <doctest/doctest.h>

#include <fstream>

#include "config/node_config.hpp"
#include "core/error.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;

namespace {

std::string error_of(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  auto c = load_config(args, env);
  REQUIRE_FALSE(c);
  return to_failure(c.error()).description;
}

} // namespace

TEST_CASE("config: defaults, then file, then environment, then flags") {
  ag::test::temp_dir dir;
  auto file = (dir.path / "node.yaml").string();
  std::ofstream{file} << "http:\n  port: 9000\n  threads: 4\nstorage:\n  sync: none\n";
  auto c = load_config({"--config", file}, {}).value();
  CHECK(c.http.port == 9000);
  CHECK(c.http.threads == 4);
  CHECK(c.storage.sync == "none");
  CHECK(c.ws.port == 8081); // default kept
  c = load_config({"--config", file},
                  {"ACTORGRAM_HTTP_PORT=9001", "ACTORGRAM_NODE_DATA_DIR=/x", "PATH=/bin"})
        .value();
  CHECK(c.http.port == 9001);
  CHECK(c.node.data_dir == "/x");
  c = load_config({"--config", file, "--http-port", "9002", "--data-dir=/y", "--node-id", "7"},
                  {"ACTORGRAM_HTTP_PORT=9001"})
        .value();
  CHECK(c.http.port == 9002);
  CHECK(c.node.data_dir == "/y");
  CHECK(c.node.id == 7);
}

TEST_CASE("config: invalid values fail fast and name the key") {
  ag::test::temp_dir dir;
  auto file = (dir.path / "bad.yaml").string();
  std::ofstream{file} << "http:\n  prot: 9000\n";
  CHECK(error_of({"--config", file}, {}).find("http.prot") != std::string::npos);
  std::ofstream{file} << "storage:\n  sync: sometimes\n";
  CHECK(error_of({"--config", file}, {}).find("storage.sync") != std::string::npos);
  std::ofstream{file} << "http: [1, 2\n";
  CHECK(error_of({"--config", file}, {}).find(file) != std::string::npos);
  CHECK(error_of({"--node-id", "1024"}, {}).find("node.id") != std::string::npos);
  CHECK(error_of({"--http-port", "0"}, {}).find("http.port") != std::string::npos);
  CHECK(error_of({"--http-port", "80x"}, {}).find("http.port") != std::string::npos);
  CHECK(error_of({}, {"ACTORGRAM_WS_PORT=-1"}).find("ws.port") != std::string::npos);
  // A typo in the key of a known section: the error says how to fix it.
  auto typo = error_of({}, {"ACTORGRAM_HTTP_PROT=9000"});
  CHECK(typo.find("ACTORGRAM_HTTP_PROT") != std::string::npos);
  CHECK(typo.find("http.prot") != std::string::npos);
  CHECK(typo.find("port") != std::string::npos); // the keys http has
  CHECK(typo.find("unset") != std::string::npos);
  CHECK(error_of({}, {"ACTORGRAM_WS=1"}).find("ACTORGRAM_WS") != std::string::npos);
  CHECK(error_of({"--frobnicate"}, {}).find("--frobnicate") != std::string::npos);
  CHECK(error_of({"--http-port"}, {}).find("needs a value") != std::string::npos);
  CHECK(error_of({"--config", "/nonexistent.yaml"}, {}).find("does not exist")
        != std::string::npos);
  CHECK(error_of({"--http-port", "8081"}, {}).find("ws.port") != std::string::npos);
  // A callback query must time out before the API's bound on the call.
  CHECK(error_of({}, {"ACTORGRAM_BOTS_CALLBACK_TIMEOUT_S=15"}).find("bots.callback_timeout_s")
        != std::string::npos);
  CHECK(error_of({}, {"ACTORGRAM_BOTS_CALLBACK_TIMEOUT_S=0"}).find("bots.callback_timeout_s")
        != std::string::npos);
}

TEST_CASE("config: ACTORGRAM_ variables that name no config section are ignored") {
  // A wrapper script's ACTORGRAM_BIN, or any other program's variables.
  auto c = load_config({}, {"ACTORGRAM_BIN=/usr/local/bin/actorgram", "ACTORGRAM_BOGUS_KEY=1",
                            "ACTORGRAM_=x", "ACTORGRAM_HTTPS_PORT=1", "ACTORGRAM_WS_PORT=9081"});
  REQUIRE(c);
  CHECK(c->ws.port == 9081); // real keys still apply
  CHECK(c->http.port == node_config{}.http.port);
}

TEST_CASE("config: the shipped node.yaml holds exactly the defaults") {
  auto shipped =
    load_config({"--config", std::string{ACTORGRAM_SOURCE_DIR} + "/config/node.yaml"}, {});
  REQUIRE(shipped);
  node_config d;
  CHECK(shipped->http.port == d.http.port);
  CHECK(shipped->ws.port == d.ws.port);
  CHECK(shipped->storage.sync == d.storage.sync);
  CHECK(shipped->status.ttl_s == d.status.ttl_s);
  CHECK(shipped->http.threads == d.http.threads);
  CHECK(shipped->auth.password_memlimit_kib == d.auth.password_memlimit_kib);
  CHECK(shipped->limits.messages_per_second == d.limits.messages_per_second);
  CHECK(shipped->ws.max_message_bytes == d.ws.max_message_bytes);
  CHECK(shipped->http.keep_alive_timeout_s == d.http.keep_alive_timeout_s);
  CHECK(shipped->auth.token_key_file.empty());
  CHECK(shipped->http.max_header_bytes == d.http.max_header_bytes);
  CHECK(shipped->http.max_headers == d.http.max_headers);
  CHECK(shipped->ws.max_connections_per_ip == d.ws.max_connections_per_ip);
  CHECK(shipped->ws.auth_timeout_s == d.ws.auth_timeout_s);
}

TEST_CASE("config: the shipped node.yaml sets every key to its default") {
  auto shipped =
    load_config({"--config", std::string{ACTORGRAM_SOURCE_DIR} + "/config/node.yaml"}, {});
  REQUIRE(shipped);
  node_config d; // section by section, so a failure names the section
  CHECK(shipped->node == d.node);
  CHECK(shipped->http == d.http);
  CHECK(shipped->ws == d.ws);
  CHECK(shipped->storage == d.storage);
  CHECK(shipped->status == d.status);
  CHECK(shipped->actors == d.actors);
  CHECK(shipped->limits == d.limits);
  CHECK(shipped->auth == d.auth);
  CHECK(shipped->media == d.media);
  CHECK(shipped->mail == d.mail);
  CHECK(shipped->cluster == d.cluster);
  CHECK(shipped->bots == d.bots);
}

TEST_CASE("config: the cluster keys") {
  CHECK_FALSE(node_config{}.cluster.enabled()); // a single node unless a port is set
  auto c = load_config({"--cluster-port", "7001", "--seeds", "127.0.0.1:7001, 10.0.0.2:7001"},
                       {"ACTORGRAM_CLUSTER_SECRET_FILE=/etc/actorgram/secret"})
             .value();
  CHECK(c.cluster.enabled());
  CHECK(c.cluster.port == 7001);
  CHECK(c.cluster.advertised_host() == "127.0.0.1"); // the bind address
  CHECK(c.cluster.seeds == "127.0.0.1:7001, 10.0.0.2:7001");
  // Without a secret a node could not prove membership: refused.
  CHECK(error_of({"--cluster-port", "7001"}, {}).find("cluster.secret_file") != std::string::npos);
  const std::vector<std::string> secret = {"ACTORGRAM_CLUSTER_SECRET_FILE=/s"};
  for (auto seeds : {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ":7001", "a b:1", "h:1,h:1",
                     "h:1,,h:2", "h:x"})
    CHECK_MESSAGE(
      error_of({"--cluster-port", "7001", "--seeds", seeds}, secret).find("cluster.seeds")
        != std::string::npos,
      seeds);
  CHECK(error_of({"--cluster-port", "8080"}, secret).find("cluster.port") != std::string::npos);
  CHECK(error_of({"--cluster-port", "7001"},
                 {"ACTORGRAM_CLUSTER_SECRET_FILE=/s", "ACTORGRAM_CLUSTER_SUSPECT_MS=5000"})
          .find("down_ms")
        != std::string::npos);
}
