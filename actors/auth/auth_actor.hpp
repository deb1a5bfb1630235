#pragma once
/// auth: accounts and authorizations, one per node.
///
///   sign_up_request -> auth_result     USERNAME_OCCUPIED, USERNAME_INVALID, ...
///   sign_in_request -> auth_result     PASSWORD_HASH_INVALID, FLOOD_WAIT
///   (check_atom, string token, actor session) -> token_owner
///                                      AUTH_KEY_UNREGISTERED if forged/revoked;
///                                      a non-null session is kicked on revoke
///   (revoke_atom, uint64 auth_session) -> bool   logs that authorization out
///   (users_atom, vector<uint64>) -> vector<user_info>   unknown ids are skipped
///   (resolve_atom, string username) -> user_info        USERNAME_NOT_OCCUPIED
///
/// Password hashing (Argon2id) runs on a small pool of detached hasher
/// actors, never on a scheduler thread.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_auth(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
