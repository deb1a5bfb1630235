#pragma once
/// The group chat use cases (docs/api.md, "Chats"), for any transport.
#include <optional>
#include <string>
#include <vector>

#include "actors/services/results.hpp"

namespace ag::chats_service {

struct create_args {
  std::string title{};
  std::optional<std::vector<user_id>> user_ids{}; ///< the other members (required: checked
                                                  ///< after the title)
};
/// CHAT_TITLE_INVALID, USER_ID_INVALID, USERS_TOO_MUCH, INPUT_REQUEST_INVALID
/// (duplicates), INPUT_USER_DEACTIVATED.
void create_chat(const call_env& env, create_args a, reply<chat_started> done);

struct member_args {
  ag::chat_id chat_id{};
  ag::user_id user_id{};
};
/// CHAT_ID_INVALID, CHAT_ADMIN_REQUIRED, USER_ID_INVALID,
/// USER_ALREADY_PARTICIPANT, USERS_TOO_MUCH.
void add_user(const call_env& env, member_args a, reply<chat_changed> done);
/// The caller's own id: leave. CHAT_ID_INVALID, CHAT_ADMIN_REQUIRED,
/// USER_ID_INVALID, USER_NOT_PARTICIPANT.
void delete_user(const call_env& env, member_args a, reply<chat_changed> done);

struct admin_args {
  ag::chat_id chat_id{};
  ag::user_id user_id{};
  bool is_admin = false;
};
/// Creator only. CHAT_ID_INVALID, CHAT_ADMIN_REQUIRED, USER_NOT_PARTICIPANT,
/// CHAT_NOT_MODIFIED.
void edit_admin(const call_env& env, admin_args a, reply<chat_changed> done);

struct title_args {
  ag::chat_id chat_id{};
  std::string title{};
};
/// CHAT_ID_INVALID, CHAT_ADMIN_REQUIRED, CHAT_TITLE_INVALID, CHAT_NOT_MODIFIED.
void edit_title(const call_env& env, title_args a, reply<chat_changed> done);

/// The chats among `ids` the caller belongs or belonged to. LIMIT_INVALID.
void get_chats(const call_env& env, std::vector<chat_id> ids, reply<std::vector<chat_view>> done);

/// CHAT_ID_INVALID (not a member).
void get_full_chat(const call_env& env, chat_id chat, reply<full_chat> done);

} // namespace ag::chats_service
