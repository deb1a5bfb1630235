#pragma once
/// idgen: Snowflake ids and durable named sequences, one per node.
///
/// Sequences reserve ranges of `sequence_step` values durably before handing
/// any out, so a restart (even after kill -9) never repeats a value. The
/// Snowflake clock floor is stored the same way, so ids stay increasing even
/// if the wall clock is behind after a restart. The dialog actors take ids
/// from the shared fast path (`node_context::ids`) and ask idgen only when it
/// refuses.
#include <caf/expected.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

constexpr std::uint64_t sequence_step = 1000;

using idgen_actor = caf::typed_actor<
  /// A Snowflake id, strictly increasing. STORAGE_FAILURE when a new clock
  /// bound cannot be stored first.
  caf::replies_to<next_id_atom>::with<std::uint64_t>,
  /// The next value of sequence `name` (from 1); in a cluster the next
  /// whose shard this node owns. STORAGE_FAILURE, UNAVAILABLE (no map yet).
  caf::replies_to<sequence_atom, std::string>::with<std::uint64_t>,
  /// Raises sequence `name` so that it never hands out a value below
  /// `floor` (a shard handed to this node brings the ids its old owner gave).
  caf::reacts_to<sequence_atom, std::string, std::uint64_t>>;

/// Spawns the idgen actor; reads its durable state first (synchronously).
caf::expected<idgen_actor> spawn_idgen(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
