#include "actors/cluster/membership_actor.hpp"

#include <caf/blocking_actor.hpp>
#include <iostream>
#include <map>
#include <set>

#include "actors/cluster/handoff.hpp"
#include "actors/cluster/links.hpp"
#include "actors/node/node_context.hpp"
#include "actors/node/services.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/cluster/endpoint.hpp"
#include "core/error.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag {

namespace {

using cluster::endpoint;
using cluster::member;
using cluster::member_state;
using cluster::node_number;
using cluster::shard_map;

constexpr auto hello_timeout = std::chrono::seconds{3};

/// The same on every node (std::hash need not be).
std::uint64_t digest_of(std::string_view bytes) {
  return cluster::key_id(bytes);
}

struct membership_state {
  std::unique_ptr<cluster::membership> members;
  shard_map map;
  std::uint64_t digest = 0;
  std::vector<endpoint> seeds;
  endpoint self_at;
  std::map<node_number, membership_actor> links;
  std::map<node_number, node_services> services; ///< what each linked member lends
  std::set<node_number> published_up;            ///< the nodes up in the last routes
  std::map<caf::actor_addr, node_number> by_addr;
  std::set<endpoint> dialing;
  std::map<endpoint, node_number> met;         ///< seeds (and others) heard from, by address
  std::map<std::string, std::string> problems; ///< by topic: each shows once
  handoff_actor handoff;
  std::set<std::uint32_t> moving; ///< shards in a hand-off here (routes.hpp)
  bool coordinating = false;      ///< an add or drain runs from this node
  static inline const char* name = "membership";
};

/// The contract plus what it sends itself: its ticks and its dials' results.
using membership_impl = membership_actor::extend<
  caf::reacts_to<tick_atom>, caf::reacts_to<check_atom>,
  caf::reacts_to<link_atom, std::string, std::uint16_t, caf::actor, std::string>>;
using self_ptr = membership_impl::stateful_pointer<membership_state>;

void log(const std::string& line) {
  std::cerr << "actorgram: cluster: " << line << std::endl;
}

std::string node_name(const member& m) {
  return "node " + std::to_string(m.id) + " (" + m.host + ":" + std::to_string(m.port) + ")";
}

node_services own_services(self_ptr self, const node_context& ctx) {
  return node_services{static_cast<node_number>(ctx.settings.node.id),
                       ctx.directory,
                       ctx.auth,
                       ctx.status,
                       ctx.dfs,
                       ctx.media,
                       ctx.files,
                       ctx.dialog_shards,
                       self->state.handoff};
}

/// Tells every actor of the node where shards live now: this node and the
/// members that are linked and not down.
void publish(self_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  auto t = std::make_shared<route_table>();
  t->self = st.members->self().id;
  t->map = st.map;
  t->moving = st.moving;
  t->up.emplace(t->self, own_services(self, *ctx));
  for (auto& [id, s] : st.services)
    if (st.links.count(id) > 0 && st.members->up(id))
      t->up.emplace(id, s);
  // A node that came up (or a map to find them with) lets the deliveries
  // owed to its shards go out again.
  std::set<node_number> up;
  for (auto& [id, s] : t->up)
    up.insert(id);
  bool newly_up = t->map.version() != 0 && std::any_of(up.begin(), up.end(), [&](node_number id) {
                    return st.published_up.count(id) == 0;
                  });
  if (t->map.version() != 0)
    st.published_up = std::move(up);
  ctx->routes->publish(std::move(t));
  if (newly_up)
    if (auto sent = replay_pending(*ctx); !sent)
      log("cannot read the pending deliveries: " + to_failure(sent.error()).description);
}

cluster_view view_of(self_ptr self) {
  auto& st = self->state;
  return cluster_view{st.members->self(), st.members->view(), st.map.version(), st.digest};
}

void adopt_map(self_ptr self, const node_context_ptr& ctx, const shard_map& map, const char* how) {
  auto& st = self->state;
  auto bytes = map.encode();
  st.digest = digest_of(bytes);
  auto before = std::exchange(st.map, map);
  st.problems.erase("map");
  // Shards that changed owner are no longer in a hand-off here; those that
  // came to this node bring their pending deliveries along.
  bool gained = false;
  for (std::uint32_t s = 0; s < cluster::shard_count; ++s)
    if (before.owner(s) != map.owner(s)) {
      st.moving.erase(s);
      gained = gained || map.owner(s) == st.members->self().id;
    }
  write_batch b;
  meta_repo::put(b, shard_map_key, std::move(bytes));
  ctx->writer.submit(std::move(b), [](const caf::error& err) {
    if (err)
      log("cannot store the shard map: " + to_failure(err).description);
  });
  publish(self, ctx);
  if (gained && before.version() != 0)
    if (auto sent = replay_pending(*ctx); !sent)
      log("cannot read the pending deliveries: " + to_failure(sent.error()).description);
  log(std::string{how} + " shard map version " + std::to_string(st.map.version()) + " ("
      + std::to_string(st.map.nodes().size()) + " nodes own shards)");
}

/// The founding seeds deal the first map once they have all met; the same
/// on each of them, so no vote is needed.
void try_form(self_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  if (st.map.version() != 0 || st.seeds.empty())
    return;
  if (std::find(st.seeds.begin(), st.seeds.end(), st.self_at) == st.seeds.end())
    return; // a node that is not a seed takes the map from a peer
  std::vector<node_number> founders;
  for (auto& s : st.seeds) {
    if (s == st.self_at) {
      founders.push_back(st.members->self().id);
      continue;
    }
    auto i = st.met.find(s);
    if (i == st.met.end())
      return;
    founders.push_back(i->second);
  }
  adopt_map(self, ctx, shard_map::initial(founders), "formed the cluster:");
}

/// A peer holds a newer map: fetch it. Same version, other contents: a
/// misconfiguration to report (seeds listed differently), never merged.
void compare_maps(self_ptr self, const node_context_ptr& ctx, const membership_actor& peer,
                  const cluster_view& v) {
  auto& st = self->state;
  if (v.map_version == st.map.version()) {
    if (v.map_version != 0 && v.map_digest != st.digest)
      st.problems["map"] = "node " + std::to_string(v.from.id) + " holds another shard map at "
                           + "version " + std::to_string(v.map_version)
                           + " (are cluster.seeds the same on every node?)";
    return;
  }
  if (v.map_version < st.map.version())
    return;
  self->request(peer, hello_timeout, map_atom_v)
    .then(
      [=](const std::string& bytes) {
        auto m = shard_map::decode(bytes);
        if (!m) {
          log("node " + std::to_string(v.from.id) + " sent a shard map that does not decode");
          return;
        }
        if (m->version() > self->state.map.version())
          adopt_map(self, ctx, *m, "took");
      },
      [](const caf::error&) {});
}

void take_view(self_ptr self, const node_context_ptr& ctx, const membership_actor& peer,
               const cluster_view& v) {
  auto& st = self->state;
  auto now = ctx->now_ms();
  auto state_of = [&](node_number id) {
    auto* m = st.members->find(id);
    return m != nullptr ? m->state : member_state::down;
  };
  auto was = state_of(v.from.id);
  bool changed = st.members->heard(v.from, now);
  if (changed)
    log(node_name(v.from) + " restarted or came back (incarnation "
        + std::to_string(v.from.incarnation) + ")");
  else if (was != member_state::alive && state_of(v.from.id) == member_state::alive)
    log(node_name(v.from) + " is alive");
  changed = changed || was != state_of(v.from.id);
  for (auto& m : st.members->merge(v.members, now)) {
    changed = true;
    if (m.id != st.members->self().id && m.id != v.from.id)
      log("heard of " + node_name(m) + ": " + cluster::to_string(m.state));
  }
  st.met[endpoint{v.from.host, v.from.port}] = v.from.id;
  compare_maps(self, ctx, peer, v);
  try_form(self, ctx);
  if (changed)
    publish(self, ctx);
}

/// A connection to `peer` (either way): remember it and what it lends, watch
/// it, and take its view.
void linked(self_ptr self, const node_context_ptr& ctx, const membership_actor& peer,
            const cluster_view& v, const node_services& lent) {
  auto& st = self->state;
  st.services[v.from.id] = lent;
  st.problems.erase("dial " + endpoint{v.from.host, v.from.port}.text());
  auto& slot = st.links[v.from.id];
  if (slot != peer) {
    if (slot)
      st.by_addr.erase(slot.address());
    slot = peer;
    st.by_addr[peer.address()] = v.from.id;
    self->monitor(peer);
  }
  take_view(self, ctx, peer, v);
  publish(self, ctx); // the link and what it lends are new
}

void dial(self_ptr self, const std::string& secret, const endpoint& to) {
  if (!self->state.dialing.insert(to).second)
    return;
  auto me = caf::actor_cast<caf::actor>(self);
  self->spawn([=](caf::blocking_actor* b) {
    auto r = dial_node(b->system(), to.host, to.port, secret, handshake_timeout);
    if (r)
      caf::anon_send(me, link_atom_v, to.host, to.port, caf::actor_cast<caf::actor>(*r),
                     std::string{});
    else
      caf::anon_send(me, link_atom_v, to.host, to.port, caf::actor{},
                     to_failure(r.error()).description);
  });
}

/// Silences turn into suspect and down. Checked four times a heartbeat, so
/// a failure is seen within down_ms plus a quarter of a heartbeat.
void check_silences(self_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  auto changed = st.members->tick(ctx->now_ms());
  for (auto& m : changed)
    log(node_name(m) + " is " + cluster::to_string(m.state) + " (silent)");
  if (!changed.empty())
    publish(self, ctx);
}

/// Heartbeats, and dials of members and seeds without a link.
void tick(self_ptr self, const node_context_ptr& ctx, const std::string& secret) {
  auto& st = self->state;
  check_silences(self, ctx);
  auto v = view_of(self);
  for (auto& [id, peer] : st.links)
    self->send(peer, heartbeat_atom_v, v);
  for (auto& m : st.members->others())
    if (st.links.count(m.id) == 0)
      dial(self, secret, endpoint{m.host, m.port});
  for (auto& s : st.seeds) {
    auto i = st.met.find(s);
    if (s != st.self_at && (i == st.met.end() || st.links.count(i->second) == 0))
      dial(self, secret, s);
  }
  try_form(self, ctx); // a lone seed forms its cluster by itself
  self->delayed_send(self, std::chrono::milliseconds{ctx->settings.cluster.heartbeat_ms},
                     tick_atom_v);
}

constexpr auto handoff_timeout = std::chrono::minutes{10};

/// Runs the moves of one source node after the other (each source freezes,
/// streams and switches its own shards) and answers with their sum.
void run_moves(self_ptr self, std::vector<std::vector<cluster::shard_move>> groups, std::size_t i,
               handoff_report sum, caf::typed_response_promise<handoff_report> rp) {
  auto& st = self->state;
  if (i == groups.size()) {
    st.coordinating = false;
    sum.map_version = st.map.version();
    rp.deliver(sum);
    return;
  }
  auto from = groups[i].front().from;
  handoff_actor source = st.handoff;
  if (from != st.members->self().id) {
    auto s = st.services.find(from);
    if (s == st.services.end() || st.links.count(from) == 0 || !st.members->up(from)) {
      st.coordinating = false;
      rp.deliver(node_down_error(from));
      return;
    }
    source = s->second.handoff;
  }
  self->request(source, handoff_timeout, handoff_atom_v, groups[i])
    .then(
      [=](const handoff_report& r) mutable {
        sum.shards += r.shards;
        sum.records += r.records;
        sum.bytes += r.bytes;
        sum.users += r.users;
        sum.frozen_ms = std::max(sum.frozen_ms, r.frozen_ms);
        sum.total_ms += r.total_ms;
        run_moves(self, std::move(groups), i + 1, sum, rp);
      },
      [=](caf::error& err) mutable {
        self->state.coordinating = false;
        rp.deliver(std::move(err));
      });
}

caf::result<handoff_report> coordinate(self_ptr self,
                                       const std::vector<cluster::shard_move>& moves) {
  auto& st = self->state;
  if (st.coordinating)
    return make_error(errc::unavailable, "an add or drain is under way from this node",
                      unavailable_retry_after_s);
  if (moves.empty())
    return handoff_report{0, 0, 0, 0, 0, 0, st.map.version()};
  std::map<node_number, std::vector<cluster::shard_move>> by_source;
  for (auto& m : moves)
    by_source[m.from].push_back(m);
  std::vector<std::vector<cluster::shard_move>> groups;
  for (auto& [from, ms] : by_source)
    groups.push_back(std::move(ms));
  st.coordinating = true;
  auto rp = self->make_response_promise<handoff_report>();
  run_moves(self, std::move(groups), 0, handoff_report{}, rp);
  return rp;
}

/// Why `n` cannot take or give shards now, if it cannot.
caf::error not_ready(self_ptr self, node_number n) {
  auto& st = self->state;
  if (st.map.version() == 0)
    return unavailable_error(placement{}); // not formed
  if (n == st.members->self().id)
    return {};
  if (st.members->find(n) == nullptr)
    return make_error(errc::input_request_invalid, "node " + std::to_string(n) + " is no member");
  if (!st.members->up(n) || st.links.count(n) == 0)
    return node_down_error(n);
  return {};
}

cluster_status status_of(self_ptr self) {
  auto& st = self->state;
  cluster_status out;
  out.self = st.members->self().id;
  out.map_version = st.map.version();
  for (auto& m : st.members->view()) {
    auto linked = m.id == out.self || st.links.count(m.id) > 0;
    out.members.push_back(member_status{m, static_cast<std::uint32_t>(st.map.count(m.id)), linked});
  }
  std::stable_partition(out.members.begin(), out.members.end(),
                        [&](const member_status& m) { return m.member.id == out.self; });
  for (auto& [topic, text] : st.problems)
    out.problems.push_back(text);
  for (std::uint32_t s = 0; s < cluster::shard_count; ++s)
    out.owners.push_back(st.map.owner(s));
  if (st.map.version() == 0)
    for (auto& s : st.seeds)
      if (s != st.self_at && st.met.count(s) == 0)
        out.problems.push_back("waiting for seed " + s.text() + " to form the cluster");
  return out;
}

} // namespace

caf::expected<membership_actor> spawn_membership(caf::actor_system& sys, node_context_ptr ctx,
                                                 std::string secret) {
  auto& cs = ctx->settings.cluster;
  auto seeds = cluster::parse_endpoints(cs.seeds);
  if (!seeds)
    return make_error(errc::input_request_invalid, "config key 'cluster.seeds' is malformed");
  auto stored = meta_repo{ctx->db}.get(shard_map_key);
  if (!stored)
    return stored.error();
  shard_map map;
  if (*stored) {
    auto m = shard_map::decode(**stored);
    if (!m)
      return make_error(errc::storage_failure, "the stored shard map (meta 'cluster.map') does "
                                               "not decode");
    map = *m;
  }
  member me{static_cast<node_number>(ctx->settings.node.id), cs.advertised_host(), cs.port,
            static_cast<std::uint64_t>(ctx->now_ms()),       member_state::alive,  0};
  cluster::timing t{cs.heartbeat_ms, cs.suspect_ms, cs.down_ms};
  auto actor = sys.spawn(
    [=, seeds = std::move(*seeds)](self_ptr self) mutable -> membership_impl::behavior_type {
      auto& st = self->state;
      st.members = std::make_unique<cluster::membership>(me, t);
      st.seeds = std::move(seeds);
      st.self_at = endpoint{me.host, me.port};
      st.map = map;
      st.digest = st.map.version() == 0 ? 0 : digest_of(st.map.encode());
      st.handoff = spawn_handoff(self->system(), ctx, caf::actor_cast<membership_actor>(self));
      self->link_to(st.handoff);
      self->set_down_handler([self, ctx](caf::down_msg& m) {
        auto& st = self->state;
        auto i = st.by_addr.find(m.source);
        if (i == st.by_addr.end())
          return;
        auto id = i->second;
        st.by_addr.erase(i);
        if (auto l = st.links.find(id); l != st.links.end() && l->second.address() == m.source) {
          st.links.erase(l);
          st.services.erase(id);
          publish(self, ctx);
        }
        log("lost the connection to node " + std::to_string(id));
      });
      publish(self, ctx);
      self->send(self, tick_atom_v);
      self->send(self, check_atom_v);
      return {
        [=](hello_atom, cluster_view& v,
            node_services& lent) -> caf::result<cluster_view, node_services> {
          if (v.from.id == self->state.members->self().id || v.from.id == 0) {
            self->state.problems["id"] =
              "a node at " + v.from.host + ":" + std::to_string(v.from.port)
              + " claims this node's number " + std::to_string(v.from.id);
            return make_error(errc::input_request_invalid,
                              "node id " + std::to_string(v.from.id) + " is taken");
          }
          auto peer = caf::actor_cast<membership_actor>(self->current_sender());
          if (peer)
            linked(self, ctx, peer, v, lent);
          return {view_of(self), own_services(self, *ctx)};
        },
        [=](heartbeat_atom, cluster_view& v) {
          auto peer = caf::actor_cast<membership_actor>(self->current_sender());
          if (v.from.id == self->state.members->self().id || !peer)
            return;
          if (self->state.links.count(v.from.id) == 0)
            return; // not introduced yet (its hello is under way)
          take_view(self, ctx, peer, v);
        },
        [=](map_atom) { return self->state.map.encode(); },
        [=](map_atom, const std::string& bytes) -> caf::result<std::uint64_t> {
          auto m = shard_map::decode(bytes);
          if (!m)
            return make_error(errc::input_request_invalid, "the shard map does not decode");
          auto& st = self->state;
          if (m->version() > st.map.version()) {
            adopt_map(self, ctx, *m, "took");
            // From this node's own hand-off: every member hears at once.
            auto from = self->current_sender();
            if (from && from->node() == self->node())
              for (auto& [id, peer] : st.links)
                self->request(peer, hello_timeout, map_atom_v, bytes)
                  .then([](std::uint64_t) {}, [](caf::error&) {});
          }
          return st.map.version();
        },
        [=](moving_atom, const std::vector<std::uint32_t>& shards, bool hold) {
          auto& st = self->state;
          for (auto s : shards)
            if (hold)
              st.moving.insert(s % cluster::shard_count);
            else
              st.moving.erase(s % cluster::shard_count);
          publish(self, ctx);
          return true;
        },
        [=](add_atom, node_number n) -> caf::result<handoff_report> {
          if (auto err = not_ready(self, n))
            return err;
          return coordinate(self, self->state.map.plan_add(n));
        },
        [=](drain_atom, node_number n) -> caf::result<handoff_report> {
          if (auto err = not_ready(self, n))
            return err;
          auto moves = self->state.map.plan_drain(n);
          if (moves.empty() && self->state.map.count(n) > 0)
            return make_error(errc::input_request_invalid,
                              "node " + std::to_string(n) + " is the only one owning shards");
          return coordinate(self, moves);
        },
        [=](members_atom) { return status_of(self); },
        [=](tick_atom) { tick(self, ctx, secret); },
        [=](check_atom) {
          check_silences(self, ctx);
          self->delayed_send(
            self, std::chrono::milliseconds{std::max<std::int64_t>(1, cs.heartbeat_ms / 4)},
            check_atom_v);
        },
        [=](link_atom, const std::string& host, std::uint16_t port, const caf::actor& remote,
            const std::string& why) {
          endpoint to{host, port};
          self->state.dialing.erase(to);
          if (!remote) {
            auto& p = self->state.problems["dial " + to.text()];
            if (p.empty())
              log("cannot reach " + to.text() + ": " + why);
            p = "cannot reach " + to.text() + ": " + why;
            return;
          }
          self->state.problems.erase("dial " + to.text());
          auto peer = caf::actor_cast<membership_actor>(remote);
          self->request(peer, hello_timeout, hello_atom_v, view_of(self), own_services(self, *ctx))
            .then([=](cluster_view& v, node_services& lent) { linked(self, ctx, peer, v, lent); },
                  [=](caf::error& err) {
                    self->state.problems["dial " + to.text()] =
                      to.text() + " refused this node: " + to_failure(err).description;
                  });
        },
      };
    });
  return actor;
}

} // namespace ag
