#pragma once
/// The use cases the Bot API runs as the bot (docs/bots.md): its updates,
/// and messages with the users and chats they name (a Bot API Message
/// carries its sender and chat whole).
#include <cstdint>
#include <vector>

#include "actors/services/messages_service.hpp"
#include "actors/services/results.hpp"

namespace ag::bot_api_service {

struct updates_args {
  std::int64_t offset = 0;
  std::int64_t limit = 100; ///< clamped to 1-100, as the official server does
  std::int64_t timeout = 0; ///< seconds, clamped to 0-50
};

struct update_list {
  std::vector<update> updates; ///< by pts
  named_refs refs;
};

/// getUpdates: waits up to the timeout for a first update. CONFLICT (409)
/// when a newer poll of the bot arrives meanwhile.
void get_updates(const call_env& env, updates_args a, reply<update_list> done);

/// deleteWebhook's drop_pending_updates: confirms every update there is.
void drop_pending(const call_env& env, reply<bool> done);

struct sent_with_refs {
  message msg;
  named_refs refs;
};

/// `m` with the users and chats it names (a Bot API Message shows them whole).
void with_refs(const call_env& env, message m, reply<sent_with_refs> done);

/// sendMessage: messages.sendMessage as the bot, with what the message names.
void send_message(const call_env& env, messages_service::send_args a, reply<sent_with_refs> done);

/// The private chat of `@username` (a user or bot), as chat_id may name it.
void resolve_chat(const call_env& env, std::string username, reply<peer> done);

} // namespace ag::bot_api_service
