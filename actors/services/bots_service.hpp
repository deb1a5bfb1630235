#pragma once
/// The bots.* use cases (docs/bots.md): a signed-in user makes bot
/// accounts, lists them and replaces their tokens, as with BotFather.
#include <string>
#include <vector>

#include "actors/auth/auth_protocol.hpp"
#include "actors/services/results.hpp"
#include "actors/user/user_protocol.hpp"

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

struct callback_args {
  peer to;
  box_id id{};      ///< the bot's message, in the caller's box
  std::string data; ///< the pressed button's callback_data
};
/// messages.getBotCallbackAnswer: the caller presses an inline button of
/// a bot's message; the bot gets a callback query and its
/// answerCallbackQuery is the answer. MESSAGE_ID_INVALID (no such message
/// in that dialog), DATA_INVALID (no such button), BOT_RESPONSE_TIMEOUT
/// (bots.callback_timeout_s), FLOOD_WAIT.
void get_bot_callback_answer(const call_env& env, callback_args a, reply<callback_answer> done);

/// answerCallbackQuery, as the bot: the query logged at `pts`.
/// QUERY_ID_INVALID when it is not waiting.
void answer_callback(const call_env& env, callback_reply r, reply<bool> done);

} // namespace ag::bots_service
