#pragma once
/// The bots.* use cases (docs/bots.md): a signed-in user makes bot
/// accounts, lists them and replaces their tokens, as with BotFather.
#include <string>
#include <vector>

#include "actors/auth/auth_protocol.hpp"
#include "actors/services/results.hpp"

namespace ag::bots_service {

struct create_args {
  std::string username{}, first_name{};
};
/// A bot owned by the caller and its token `<bot_id>:<secret>` (shown only
/// here and by revoke_token). USERNAME_INVALID (a bot's ends in "bot"),
/// USERNAME_OCCUPIED, NAME_INVALID, BOTS_TOO_MUCH, FLOOD_WAIT.
void create_bot(const call_env& env, create_args a, reply<bot_created> done);

/// The caller's bots.
void get_bots(const call_env& env, reply<std::vector<user_info>> done);

/// A new token for the caller's bot; the old one stops at once.
/// BOT_INVALID (not the caller's), FLOOD_WAIT.
void revoke_token(const call_env& env, user_id bot, reply<bot_created> done);

} // namespace ag::bots_service
