#include "actors/cluster/handoff.hpp"

#include <caf/blocking_actor.hpp>
#include <future>
#include <iostream>
#include <map>

#include "actors/cluster/routes.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "storage/box/outbox_repo.hpp"
#include "storage/cluster/shard_records.hpp"
#include "storage/kv/key_tags.hpp"

namespace ag {

namespace {

using cluster::node_number;
using cluster::shard_map;
using cluster::shard_move;
using shard_bits = std::vector<bool>; // by shard
/// By shard: 0, or the map version in force when this node froze it. A
/// frozen shard stays refused while the map is that version (the freeze)
/// and while another node owns it (the grace after the switch); a shard
/// that came back since, in a newer map, is written again.
using fence_bases = std::vector<std::uint64_t>;

constexpr auto step_timeout = std::chrono::seconds{30};
/// A chunk of records sent to a target in one message.
constexpr std::size_t chunk_bytes = 1 << 20;
/// How long the source still refuses writes to the shards it gave away:
/// longer than any call that looked the shard up before the switch may
/// take to reach the commit queue (a sign-in's password hash, a remote call).
constexpr auto fence_grace = std::chrono::seconds{30};
/// A target lets go of shards it holds for a hand-off that never ended.
constexpr auto target_lease = std::chrono::seconds{120};

/// Families a hand-off streams (sequences and meta are the node's own).
constexpr cf streamed[] = {cf::users,   cf::auth,   cf::dialogs, cf::messages,
                           cf::updates, cf::outbox, cf::chats,   cf::files};

void log(const std::string& line) {
  std::cerr << "actorgram: cluster: " << line << std::endl;
}

bool holds(const shard_bits& bits, std::uint64_t id) {
  return id != 0 && bits[cluster::shard_of(id)];
}

shard_bits bits_of(const std::vector<std::uint32_t>& shards) {
  shard_bits b(cluster::shard_count, false);
  for (auto s : shards)
    b[s % cluster::shard_count] = true;
  return b;
}

/// Refuses every batch that writes a record of a shard `frozen` holds.
commit_queue::fence_fn fence_of(std::shared_ptr<const fence_bases> frozen,
                                std::shared_ptr<routes> r) {
  return [frozen, r](const write_batch& b) -> caf::error {
    auto t = r->snapshot();
    auto refused = [&](std::uint64_t id) {
      if (id == 0)
        return false;
      auto s = cluster::shard_of(id);
      auto base = (*frozen)[s];
      return base != 0 && !(t->map.owner(s) == t->self && t->map.version() > base);
    };
    for (auto& op : b.ops) {
      auto h = shard_records::of_key(op.family, op.key);
      if (refused(h.first) || refused(h.second))
        return moving_error();
    }
    return {};
  };
}

/// Waits until everything queued before it is committed.
caf::error barrier(commit_queue& writer) {
  std::promise<caf::error> done;
  auto f = done.get_future();
  writer.submit(write_batch{}, [&done](const caf::error& err) { done.set_value(err); });
  return f.get();
}

template <class R, class Handle, class... Ts>
caf::expected<R> call(caf::blocking_actor* b, const Handle& h, Ts&&... xs) {
  caf::expected<R> out{caf::error{}};
  b->request(h, step_timeout, std::forward<Ts>(xs)...)
    .receive([&](R& r) { out = std::move(r); }, [&](caf::error& err) { out = std::move(err); });
  return out;
}

/// What a source streams: every record a moving shard holds goes to the
/// shard's new owner; the source deletes what no shard it keeps holds.
struct stream_plan {
  shard_map after;
  shard_bits moving;
  std::map<node_number, std::vector<std::uint32_t>> by_target;
  std::map<node_number, handoff_actor> targets;
};

caf::expected<stream_plan> plan_of(const node_context& ctx, const std::vector<shard_move>& moves) {
  auto t = ctx.routes->snapshot();
  if (!t || t->map.version() == 0)
    return unavailable_error(placement{}); // not formed
  stream_plan p{t->map, shard_bits(cluster::shard_count, false), {}, {}};
  for (auto& m : moves) {
    if (m.from != t->self || !p.after.apply(m))
      return make_error(errc::input_request_invalid, "shard " + std::to_string(m.shard)
                                                       + " is not node " + std::to_string(t->self)
                                                       + "'s to move");
    auto up = t->up.find(m.to);
    if (up == t->up.end() || m.to == t->self || !up->second.handoff)
      return node_down_error(m.to);
    p.moving[m.shard] = true;
    p.by_target[m.to].push_back(m.shard);
    p.targets[m.to] = up->second.handoff;
  }
  return p;
}

struct streamer {
  caf::blocking_actor* self;
  const stream_plan& plan;
  node_number me;
  handoff_report report{};
  std::map<node_number, std::pair<std::vector<stored_record>, std::size_t>> chunks;
  write_batch deletes;
  caf::error failed;

  bool flush(node_number to) {
    auto& [records, bytes] = chunks[to];
    if (records.empty())
      return true;
    auto ok = call<bool>(self, plan.targets.at(to), handoff_atom_v, std::move(records));
    records.clear();
    bytes = 0;
    if (!ok) {
      failed = ok.error();
      return false;
    }
    return true;
  }

  bool take(cf f, std::string_view key, std::string_view value) {
    auto h = shard_records::of_record(f, key, value);
    if (h.empty() || !(holds(plan.moving, h.first) || holds(plan.moving, h.second)))
      return true;
    for (auto id : {h.first, h.second}) {
      if (!holds(plan.moving, id))
        continue;
      auto to = plan.after.owner_of(id);
      auto& [records, bytes] = chunks[to];
      if (!records.empty() && records.back().key == key
          && records.back().family == static_cast<std::uint8_t>(f))
        continue; // both holders go to one node
      records.push_back({static_cast<std::uint8_t>(f), std::string{key}, std::string{value}});
      bytes += key.size() + value.size();
      if (bytes >= chunk_bytes && !flush(to))
        return false;
    }
    ++report.records;
    report.bytes += key.size() + value.size();
    if (f == cf::users && key[0] == key_tags::users::user)
      ++report.users;
    auto kept = [&](std::uint64_t id) {
      return id != 0 && plan.after.owner_of(id) == me;
    };
    if (!kept(h.first) && !kept(h.second))
      deletes.erase(f, std::string{key});
    return true;
  }
};

/// The source's side, start to end, on a thread of its own (it blocks on
/// scans, commits and the targets' answers).
caf::expected<handoff_report> run_source(caf::blocking_actor* self, const node_context_ptr& ctx,
                                         const membership_actor& membership,
                                         const std::vector<shard_move>& moves,
                                         std::shared_ptr<const fence_bases> frozen,
                                         std::shared_ptr<const fence_bases> prior) {
  auto started = std::chrono::steady_clock::now();
  auto plan = plan_of(*ctx, moves);
  if (!plan)
    return plan.error();
  std::vector<std::uint32_t> shards;
  for (auto& m : moves)
    shards.push_back(m.shard);
  auto me = ctx->routes->snapshot()->self;
  // Freeze: nobody here looks the shards up, nothing writes them, their
  // actors stop (their callers get UNAVAILABLE and retry).
  if (auto held = call<bool>(self, membership, moving_atom_v, shards, true); !held)
    return held.error();
  ctx->writer.set_fence(fence_of(frozen, ctx->routes));
  auto fail = [&](caf::error err) -> caf::expected<handoff_report> {
    for (auto& [to, target] : plan->targets)
      caf::anon_send(target, handoff_atom_v, abort_atom_v, plan->by_target[to]);
    ctx->writer.set_fence(prior ? fence_of(prior, ctx->routes) : commit_queue::fence_fn{});
    caf::anon_send(membership, moving_atom_v, shards, false);
    return err;
  };
  if (auto err = barrier(ctx->writer))
    return fail(err);
  auto frozen_at = std::chrono::steady_clock::now();
  caf::anon_send(ctx->directory, moving_atom_v, shards);
  for (auto& [to, target] : plan->targets)
    if (auto ok = call<bool>(self, target, handoff_atom_v, begin_atom_v, plan->by_target[to]); !ok)
      return fail(ok.error());
  streamer s{self, *plan, me, {}, {}, {}, {}};
  for (auto f : streamed) {
    auto err = ctx->db.scan(
      f, "", "", false, [&](std::string_view k, std::string_view v) { return s.take(f, k, v); });
    if (s.failed)
      return fail(s.failed);
    if (err)
      return fail(err);
  }
  std::vector<stored_record> sequences;
  auto err =
    ctx->db.scan(cf::sequences, "", "", false, [&](std::string_view k, std::string_view v) {
      sequences.push_back(
        {static_cast<std::uint8_t>(cf::sequences), std::string{k}, std::string{v}});
      return true;
    });
  if (err)
    return fail(err);
  for (auto& [to, target] : plan->targets) {
    if (!s.flush(to))
      return fail(s.failed);
    if (auto ok = call<bool>(self, target, handoff_atom_v, end_atom_v, sequences); !ok)
      return fail(ok.error());
  }
  // The switch: the new map and the deletion of what this node no longer
  // holds, in one write. Before it the shards are this node's; after it,
  // the targets' (which have every record already).
  auto bytes = plan->after.encode();
  meta_repo::put(s.deletes, shard_map_key, bytes);
  if (auto err = ctx->db.write(s.deletes, true))
    return fail(err);
  auto version = call<std::uint64_t>(self, membership, map_atom_v, bytes);
  if (!version)
    log("the new shard map is stored but not spread yet: "
        + to_failure(version.error()).description);
  auto now = std::chrono::steady_clock::now();
  s.report.shards = static_cast<std::uint32_t>(shards.size());
  s.report.frozen_ms =
    std::chrono::duration_cast<std::chrono::milliseconds>(now - frozen_at).count();
  s.report.total_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count();
  s.report.map_version = plan->after.version();
  return s.report;
}

/// Target: drops what this node holds only for shards it does not own and
/// some of `incoming` holds (left by an earlier hand-off that failed).
caf::error purge(node_context& ctx, const shard_bits& incoming) {
  auto t = ctx.routes->snapshot();
  if (!t)
    return make_error(errc::unavailable, "not in a cluster");
  write_batch b;
  for (auto f : streamed) {
    auto err = ctx.db.scan(f, "", "", false, [&](std::string_view k, std::string_view v) {
      auto h = shard_records::of_record(f, k, v);
      auto ours = [&](std::uint64_t id) {
        return id != 0 && t->map.owner_of(id) == t->self;
      };
      if ((holds(incoming, h.first) || holds(incoming, h.second)) && !ours(h.first)
          && !ours(h.second))
        b.erase(f, std::string{k});
      return true;
    });
    if (err)
      return err;
  }
  return b.empty() ? caf::error{} : ctx.db.write(b, true);
}

/// Target: raises this node's sequences past the source's bounds.
void raise_sequences(const node_context_ptr& ctx, const std::vector<stored_record>& bounds) {
  for (auto& r : bounds)
    if (auto v = records::decode_u64(r.value))
      caf::anon_send(ctx->idgen, sequence_atom_v, r.key, *v);
}

struct handoff_state {
  std::shared_ptr<const fence_bases> fenced; ///< what this node refuses to write, as a source
  std::uint64_t fence_generation = 0;
  std::shared_ptr<const fence_bases> fencing; ///< the same with the hand-off under way
  std::optional<caf::typed_response_promise<handoff_report>> running; ///< the source's
  std::uint64_t lease = 0; ///< target: the hand-off being taken
  static inline const char* name = "handoff";
};

using handoff_impl = handoff_actor::extend<
  caf::reacts_to<handoff_atom, end_atom, handoff_report>,
  caf::reacts_to<handoff_atom, end_atom, caf::error>,
  caf::reacts_to<handoff_atom, expire_atom, std::uint64_t>,
  caf::reacts_to<handoff_atom, expire_atom, std::uint64_t, std::vector<std::uint32_t>>>;

} // namespace

handoff_actor spawn_handoff(caf::actor_system& sys, node_context_ptr ctx,
                            membership_actor membership) {
  // A target's purge scans the database on this actor (rare, and brief).
  return sys.spawn([ctx, membership](handoff_impl::stateful_pointer<handoff_state> self)
                     -> handoff_impl::behavior_type {
    auto finished = [self]() {
      // The fence outlives the switch by a grace period.
      auto gen = ++self->state.fence_generation;
      self->delayed_send(self, fence_grace, handoff_atom_v, expire_atom_v, gen);
    };
    return {
      [=](handoff_atom, std::vector<shard_move>& moves) -> caf::result<handoff_report> {
        if (self->state.running)
          return make_error(errc::unavailable, "a hand-off is under way on this node",
                            unavailable_retry_after_s);
        auto rp = self->make_response_promise<handoff_report>();
        self->state.running = rp;
        // The fence covers these shards and those of an earlier hand-off
        // still in its grace period.
        auto prior = self->state.fenced;
        auto frozen = prior ? std::make_shared<fence_bases>(*prior)
                            : std::make_shared<fence_bases>(cluster::shard_count, 0);
        auto version = ctx->routes->snapshot()->map.version();
        for (auto& m : moves)
          (*frozen)[m.shard % cluster::shard_count] = version;
        self->state.fencing = frozen;
        auto me = caf::actor_cast<caf::actor>(self);
        self->spawn([=](caf::blocking_actor* b) {
          auto r = run_source(b, ctx, membership, moves, frozen, prior);
          if (r)
            caf::anon_send(me, handoff_atom_v, end_atom_v, *r);
          else
            caf::anon_send(me, handoff_atom_v, end_atom_v, r.error());
        });
        return rp;
      },
      [=](handoff_atom, end_atom, handoff_report& r) {
        if (auto rp = std::exchange(self->state.running, std::nullopt))
          rp->deliver(r);
        self->state.fenced = std::exchange(self->state.fencing, nullptr);
        finished();
        log("moved " + std::to_string(r.shards) + " shards (" + std::to_string(r.records)
            + " records, " + std::to_string(r.users) + " users) in " + std::to_string(r.total_ms)
            + " ms; map version " + std::to_string(r.map_version));
      },
      [=](handoff_atom, end_atom, caf::error& err) {
        if (auto rp = std::exchange(self->state.running, std::nullopt))
          rp->deliver(err);
        self->state.fencing = nullptr; // the worker put the earlier fence back
        log("a hand-off failed: " + to_failure(err).description);
      },
      [=](handoff_atom, expire_atom, std::uint64_t gen) {
        if (gen != self->state.fence_generation || self->state.running)
          return;
        ctx->writer.set_fence({});
        self->state.fenced = nullptr;
      },
      [=](handoff_atom, begin_atom, std::vector<std::uint32_t>& shards) -> caf::result<bool> {
        if (auto err = purge(*ctx, bits_of(shards)))
          return err;
        auto lease = ++self->state.lease;
        self->delayed_send(self, target_lease, handoff_atom_v, expire_atom_v, lease, shards);
        return self->delegate(membership, moving_atom_v, std::move(shards), true);
      },
      [=](handoff_atom, std::vector<stored_record>& records) -> caf::result<bool> {
        write_batch b;
        for (auto& r : records)
          if (r.family < static_cast<std::uint8_t>(cf::count_))
            b.put(static_cast<cf>(r.family), std::move(r.key), std::move(r.value));
        if (auto err = ctx->db.write(b, true))
          return err;
        return true;
      },
      [=](handoff_atom, end_atom, std::vector<stored_record>& bounds) -> bool {
        raise_sequences(ctx, bounds);
        return true;
      },
      [=](handoff_atom, abort_atom, std::vector<std::uint32_t>& shards) {
        ++self->state.lease;
        caf::anon_send(membership, moving_atom_v, std::move(shards), false);
      },
      [=](handoff_atom, expire_atom, std::uint64_t lease, std::vector<std::uint32_t>& shards) {
        // The map arrived long ago (its shards are no longer held), or the
        // source never ended: let go either way.
        if (lease == self->state.lease)
          caf::anon_send(membership, moving_atom_v, std::move(shards), false);
      },
    };
  });
}

} // namespace ag
