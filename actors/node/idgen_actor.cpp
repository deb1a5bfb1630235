#include "actors/node/idgen_actor.hpp"

#include "actors/cluster/routes.hpp"
#include "core/error.hpp"

#include "actors/node/node_context.hpp"

#include <unordered_map>

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/codec/id_source.hpp"
#include "core/error.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag {

namespace {

constexpr std::string_view clock_floor_key = "snowflake.ms_floor";
constexpr std::int64_t clock_reserve_ms = 10'000;

struct sequence {
  std::uint64_t next = 1;
  std::uint64_t bound = 0; // values < bound are reserved on disk
};

/// With its clock tick, which is no one else's business.
using idgen_impl = idgen_actor::extend<caf::reacts_to<tick_atom>>;

struct idgen_state {
  std::unordered_map<std::string, sequence> sequences;
  static inline const char* name = "idgen";
};

// A synced write of our own small record: idgen writes rarely (once per
// sequence_step values or 10 s of ids), so it writes directly.
caf::error write_now(node_context& ctx, write_batch b) {
  return ctx.db.write(b, true);
}

} // namespace

caf::expected<idgen_actor> spawn_idgen(caf::actor_system& sys, node_context_ptr ctx) {
  meta_repo meta{ctx->db};
  auto floor = meta.get(clock_floor_key);
  if (!floor)
    return floor.error();
  std::int64_t floor_ms = 0;
  if (*floor) {
    auto v = records::decode_u64(**floor);
    if (!v)
      return storage_error("corrupt Snowflake clock floor");
    floor_ms = static_cast<std::int64_t>(*v);
  }
  // Never hand out an id below what an earlier run may have reserved.
  // (The clock copies now_ms: capturing ctx would make ctx own itself via ids.)
  auto clock = [now = ctx->now_ms, floor_ms] {
    return std::max(now(), floor_ms);
  };
  auto ids = std::make_shared<id_source>(ctx->settings.node.id, clock);
  // Stores a new durable bound before any id at or past the old one exists.
  auto reserve = [ctx, ids](std::int64_t from_ms) -> caf::error {
    auto bound = from_ms + clock_reserve_ms;
    write_batch b;
    meta_repo::put(b, clock_floor_key, records::encode_u64(static_cast<std::uint64_t>(bound)));
    if (auto err = write_now(*ctx, std::move(b)))
      return err;
    ids->set_bound(bound);
    return {};
  };
  if (auto err = reserve(std::max(ctx->now_ms(), floor_ms)))
    return err;
  ctx->ids = ids;
  return sys.spawn([ctx, ids, reserve](
                     idgen_impl::stateful_pointer<idgen_state> self) -> idgen_impl::behavior_type {
    self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
    return {
      [=](next_id_atom) -> caf::result<std::uint64_t> {
        auto id = ids->next_unbounded();
        auto ms = snowflake::unix_ms_of(id);
        if (ms >= ids->bound())
          if (auto err = reserve(ms))
            return err;
        return id;
      },
      [=](tick_atom) {
        // Keep the bound ahead of the clock so the shared fast path never stalls.
        auto newest = std::max(ctx->now_ms(), ids->last_ms());
        if (newest + clock_reserve_ms / 2 >= ids->bound())
          (void) reserve(newest);
        self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
      },
      [=](sequence_atom, const std::string& name, std::uint64_t floor) {
        auto bound = meta_repo{ctx->db}.sequence_bound(name);
        if (!bound)
          return;
        if (*bound < floor) {
          write_batch b;
          meta_repo::set_sequence_bound(b, name, floor);
          if (write_now(*ctx, std::move(b)))
            return;
        }
        if (auto i = self->state.sequences.find(name); i != self->state.sequences.end()) {
          i->second.next = std::max(i->second.next, floor);
          i->second.bound = std::max(i->second.bound, floor);
        }
      },
      [=](sequence_atom, const std::string& name) -> caf::result<std::uint64_t> {
        auto& seqs = self->state.sequences;
        auto i = seqs.find(name);
        if (i == seqs.end()) {
          auto bound = meta_repo{ctx->db}.sequence_bound(name);
          if (!bound)
            return bound.error();
          // Values below the stored bound may have been handed out already.
          i = seqs.emplace(name, sequence{std::max<std::uint64_t>(*bound, 1), *bound}).first;
        }
        auto& s = i->second;
        // In a cluster, only values whose shard this node owns: ownership is
        // exclusive, so no two nodes hand out one id (and the new user or
        // chat lives here).
        auto routes = ctx->routes ? ctx->routes->snapshot() : nullptr;
        if (routes && routes->map.version() == 0)
          return unavailable_error(placement{}); // no owner: not formed
        if (routes && routes->map.count(routes->self) == 0)
          return make_error(errc::unavailable, "this node owns no shards yet: retry later",
                            unavailable_retry_after_s);
        while (true) {
          if (s.next >= s.bound) {
            write_batch b;
            meta_repo::set_sequence_bound(b, name, s.next + sequence_step);
            if (auto err = write_now(*ctx, std::move(b)))
              return err;
            s.bound = s.next + sequence_step;
          }
          auto v = s.next++;
          if (!routes || routes->map.owner_of(v) == routes->self)
            return v;
        }
      },
    };
  });
}

} // namespace ag
