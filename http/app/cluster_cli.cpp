#include "http/app/cluster_cli.hpp"

#include <caf/io/all.hpp>
#include <iostream>

#include "actors/cluster/links.hpp"
#include "actors/cluster/membership_actor.hpp"
#include "actors/protocol/type_ids.hpp"
#include "config/node_config.hpp"
#include "core/codec/json_writer.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

constexpr auto answer_timeout = std::chrono::seconds{3};

std::string status_json(const cluster_status& s) {
  json_writer w;
  w.begin_object().field("self", static_cast<std::uint64_t>(s.self));
  w.field("map_version", s.map_version).key("members").begin_array();
  for (auto& m : s.members)
    w.begin_object()
      .field("id", static_cast<std::uint64_t>(m.member.id))
      .field("host", m.member.host)
      .field("port", static_cast<std::uint64_t>(m.member.port))
      .field("state", cluster::to_string(m.member.state))
      .field("incarnation", m.member.incarnation)
      .field("shards", static_cast<std::uint64_t>(m.shards))
      .field("linked", m.linked)
      .end_object();
  w.end_array().key("problems").begin_array();
  for (auto& p : s.problems)
    w.value(p);
  w.end_array().key("owners").begin_array();
  for (auto o : s.owners)
    w.value(static_cast<std::uint64_t>(o));
  w.end_array().end_object();
  return w.str();
}

std::string status_text(const cluster_status& s) {
  std::string out = "shard map version " + std::to_string(s.map_version)
                    + (s.map_version == 0 ? " (not formed yet)" : "") + "\n";
  for (auto& m : s.members) {
    out += "node " + std::to_string(m.member.id) + (m.member.id == s.self ? " (this node)" : "")
           + "  " + m.member.host + ":" + std::to_string(m.member.port) + "  "
           + cluster::to_string(m.member.state) + "  shards " + std::to_string(m.shards)
           + "  incarnation " + std::to_string(m.member.incarnation)
           + (m.linked ? "" : "  (no connection)") + "\n";
  }
  for (auto& p : s.problems)
    out += "problem: " + p + "\n";
  return out;
}

std::string report_json(const handoff_report& r) {
  json_writer w;
  w.begin_object()
    .field("shards", static_cast<std::uint64_t>(r.shards))
    .field("records", r.records)
    .field("bytes", r.bytes)
    .field("users", r.users)
    .field("frozen_ms", static_cast<std::uint64_t>(r.frozen_ms))
    .field("total_ms", static_cast<std::uint64_t>(r.total_ms))
    .field("map_version", r.map_version)
    .end_object();
  return w.str();
}

std::string report_text(const handoff_report& r) {
  if (r.shards == 0)
    return "nothing to move (shard map version " + std::to_string(r.map_version) + ")\n";
  return "moved " + std::to_string(r.shards) + " shards: " + std::to_string(r.records)
         + " records (" + std::to_string(r.bytes) + " bytes, " + std::to_string(r.users)
         + " users) in " + std::to_string(r.total_ms) + " ms, each shard frozen at most "
         + std::to_string(r.frozen_ms) + " ms; shard map version " + std::to_string(r.map_version)
         + "\n";
}

constexpr auto handoff_answer_timeout = std::chrono::minutes{15};

constexpr const char* usage =
  "usage: actorgram cluster status [--json] [--config FILE] [flags]\n"
  "       actorgram cluster add NODE [--json] [--config FILE] [flags]\n"
  "       actorgram cluster drain NODE [--json] [--config FILE] [flags]\n";

} // namespace

int run_cluster_command(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  bool moves = !args.empty() && (args[0] == "add" || args[0] == "drain");
  if (args.empty() || (args[0] != "status" && !moves)) {
    std::cerr << usage;
    return 2;
  }
  cluster::node_number node = 0;
  std::size_t first = 1;
  if (moves) {
    std::size_t used = 0;
    try {
      if (args.size() > 1)
        node = static_cast<cluster::node_number>(std::stoul(args[1], &used));
    } catch (const std::exception&) {
      used = 0;
    }
    if (node == 0 || used != args[1].size()) {
      std::cerr << "actorgram: cluster " << args[0] << " needs a node number (its node.id)\n"
                << usage;
      return 2;
    }
    first = 2;
  }
  bool json = false;
  std::vector<std::string> rest;
  for (std::size_t i = first; i < args.size(); ++i)
    if (args[i] == "--json")
      json = true;
    else
      rest.push_back(args[i]);
  auto cfg = load_config(rest, env);
  if (!cfg) {
    std::cerr << "actorgram: " << to_failure(cfg.error()).description << "\n";
    return 2;
  }
  if (!cfg->cluster.enabled()) {
    std::cerr << "actorgram: this config has no cluster (cluster.port is 0)\n";
    return 2;
  }
  auto secret = read_cluster_secret(cfg->cluster.secret_file);
  if (!secret) {
    std::cerr << "actorgram: " << to_failure(secret.error()).description << "\n";
    return 2;
  }
  auto host = cfg->cluster.advertised_host();
  if (host == "0.0.0.0" || host == "::")
    host = "127.0.0.1";
  caf::actor_system_config sc;
  sc.set("logger.verbosity", caf::atom("quiet"));
  sc.load<caf::io::middleman>();
  announce_types(sc);
  caf::actor_system sys{sc};
  auto remote = dial_node(sys, host, cfg->cluster.port, *secret, handshake_timeout);
  if (!remote) {
    std::cerr << "actorgram: " << to_failure(remote.error()).description << "\n";
    return 1;
  }
  caf::scoped_actor self{sys};
  int rc = 1;
  if (moves) {
    auto show = [&](const handoff_report& r) {
      std::cout << (json ? report_json(r) + "\n" : report_text(r));
      rc = 0;
    };
    auto fail = [&](const caf::error& err) {
      std::cerr << "actorgram: cluster " << args[0] << " " << node
                << " failed: " << to_failure(err).description << "\n";
    };
    auto membership = caf::actor_cast<membership_actor>(*remote);
    if (args[0] == "add")
      self->request(membership, handoff_answer_timeout, add_atom_v, node).receive(show, fail);
    else
      self->request(membership, handoff_answer_timeout, drain_atom_v, node).receive(show, fail);
    return rc;
  }
  self->request(caf::actor_cast<membership_actor>(*remote), answer_timeout, members_atom_v)
    .receive(
      [&](const cluster_status& s) {
        std::cout << (json ? status_json(s) + "\n" : status_text(s));
        rc = 0;
      },
      [&](const caf::error& err) {
        std::cerr << "actorgram: the node did not answer: " << to_failure(err).description << "\n";
      });
  return rc;
}

} // namespace ag
