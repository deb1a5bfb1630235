#pragma once
/// auth: accounts and authorizations, one per node. In a cluster each
/// account lives on the node owning its user id's shard, and the username
/// and email index entries on the node owning the key's shard (a new
/// account is made where its username is indexed, so usually both are one
/// node); a call for data elsewhere goes to that node's auth actor
/// (docs/cluster.md). Password hashing
/// (Argon2id) runs on a small pool of detached hasher actors, never on a
/// scheduler thread; when its queue is full a call answers FLOOD_WAIT.
/// Every handler may also answer STORAGE_FAILURE.
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/auth/auth_protocol.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

using auth_actor = caf::typed_actor<
  /// A new account, signed in. USERNAME_INVALID, USERNAME_OCCUPIED,
  /// PASSWORD_TOO_WEAK, NAME_INVALID, EMAIL_REQUIRED, EMAIL_INVALID,
  /// EMAIL_OCCUPIED, EMAIL_CODE_INVALID, FLOOD_WAIT.
  caf::replies_to<sign_up_request>::with<auth_result>,
  /// A new authorization. USERNAME_NOT_OCCUPIED, PASSWORD_HASH_INVALID,
  /// FLOOD_WAIT (too many failures for the account or the address).
  caf::replies_to<sign_in_request>::with<auth_result>,
  /// Mails a code for sign-up or a password reset. EMAIL_INVALID,
  /// EMAIL_OCCUPIED, FLOOD_WAIT.
  caf::replies_to<code_request>::with<bool>,
  /// Who (token, client address) belongs to; a non-null session is bound to
  /// the authorization and kicked when it is revoked. AUTH_KEY_UNREGISTERED
  /// if forged, expired or revoked.
  caf::replies_to<check_atom, std::string, std::string, caf::actor>::with<token_owner>,
  /// Logs that authorization (of that user) out (its sessions are kicked);
  /// false if unknown.
  caf::replies_to<revoke_atom, user_id, auth_session_id>::with<bool>,
  /// The users with these ids; unknown ids are skipped.
  caf::replies_to<users_atom, std::vector<user_id>>::with<std::vector<user_info>>,
  /// The user with this username. USERNAME_NOT_OCCUPIED.
  caf::replies_to<resolve_atom, std::string>::with<user_info>,
  /// A new password by emailed code: signs in, every other authorization
  /// revoked. EMAIL_CODE_INVALID, EMAIL_CODE_EXPIRED, PASSWORD_TOO_WEAK.
  caf::replies_to<password_reset>::with<auth_result>,
  /// The changed profile. NAME_INVALID, USERNAME_INVALID, USERNAME_OCCUPIED,
  /// AUTH_KEY_UNREGISTERED (the account is gone).
  caf::replies_to<profile_change>::with<user_info>,
  /// Changes the password; answers how many other authorizations were
  /// revoked. PASSWORD_HASH_INVALID, PASSWORD_TOO_WEAK, FLOOD_WAIT.
  caf::replies_to<password_change>::with<std::uint32_t>,
  /// Deletes the account (profile kept as "deleted", every authorization
  /// revoked). PASSWORD_HASH_INVALID, AUTH_KEY_UNREGISTERED, FLOOD_WAIT.
  caf::replies_to<account_deletion>::with<bool>,
  /// Users by username or name prefix. SEARCH_QUERY_EMPTY,
  /// INPUT_REQUEST_INVALID.
  caf::replies_to<user_search>::with<std::vector<user_info>>,
  /// The user's authorizations (devices).
  caf::replies_to<sessions_atom, user_id>::with<std::vector<authorization>>,
  /// Logs out one of the user's other authorizations. HASH_INVALID.
  caf::replies_to<reset_atom, user_id, auth_session_id>::with<bool>,
  /// Between nodes: claims index entry `key` ("u:name", "e:address"; with an
  /// email, `code` is checked and used up) for `uid` on the node owning the
  /// key's shard. USERNAME_OCCUPIED, EMAIL_OCCUPIED, EMAIL_CODE_INVALID.
  caf::replies_to<claim_atom, std::string, user_id, std::string>::with<bool>,
  /// Between nodes: drops index entry `key` if it still names `uid`.
  caf::reacts_to<release_atom, std::string, user_id>,
  /// A new bot account of the owner and its token (actors/auth/bots.cpp).
  /// USERNAME_INVALID (a bot's ends in "bot"), USERNAME_OCCUPIED,
  /// NAME_INVALID, BOTS_TOO_MUCH.
  caf::replies_to<bot_create>::with<bot_created>,
  /// A new token for the owner's bot. BOT_INVALID (not the owner's).
  caf::replies_to<bot_token_reset>::with<bot_created>,
  /// The bots the user made (deleted ones left out).
  caf::replies_to<bots_atom, user_id>::with<std::vector<user_info>>,
  /// Who a bot token `<bot_id>:<secret>` belongs to (no auth session).
  /// AUTH_KEY_UNREGISTERED if forged or revoked.
  caf::replies_to<bot_atom, std::string>::with<token_owner>,
  /// Between nodes: lists `bot` among `owner`'s bots on the owner's node,
  /// before the bot is made. BOTS_TOO_MUCH.
  caf::replies_to<own_atom, user_id, user_id>::with<bool>>;

auth_actor spawn_auth(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
