#pragma once
/// A pool of detached actors hashing and verifying passwords (Argon2id),
/// behind one actor that hands each worker one job at a time.
///
///   (hash_atom, string password) -> string      libsodium's encoded hash
///   (verify_atom, string hash, string password) -> bool
///
/// Its queue is bounded by time: a job that would wait longer than half of
/// `call_timeout` (measured from how long jobs take) is refused at once with
/// FLOOD_WAIT and a retry_after, and a queued job whose caller has waited
/// that long is refused instead of hashed: never work that can only time out.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_hasher_pool(caf::actor_system& sys, const actor_settings& s);

} // namespace ag
