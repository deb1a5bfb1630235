#pragma once
/// A pool of detached actors hashing and verifying passwords (Argon2id).
///
///   (hash_atom, string password) -> string      libsodium's encoded hash
///   (verify_atom, string hash, string password) -> bool
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_hasher_pool(caf::actor_system& sys, const actor_settings& s);

} // namespace ag
