#pragma once
/// The messages.* and updates.* use cases (docs/api.md): typed arguments
/// in, typed results out, for any transport. Each function checks its
/// arguments' rules (limits, text, ids), talks to the dialog and user
/// actors, and answers `done` exactly once.
#include <optional>
#include <string>
#include <vector>

#include "actors/services/results.hpp"

namespace ag::messages_service {

struct send_args {
  peer to{};
  std::string text{};
  std::uint64_t random_id = 0;            ///< 0: none
  box_id reply_to{};                      ///< a box id of the caller's, 0: none
  std::vector<message_entity> entities{}; ///< the sender's formatting
  std::string reply_markup{};             ///< a bot's keyboard (validated JSON), bots only
  bool existing_dialog_only = false;      ///< bots: never write first
};
/// PEER_ID_INVALID, INPUT_USER_DEACTIVATED, MESSAGE_EMPTY, MESSAGE_TOO_LONG,
/// CHAT_ID_INVALID, USER_BLOCKED, RANDOM_ID_DUPLICATE, REPLY_MESSAGE_INVALID,
/// FLOOD_WAIT.
void send_message(const call_env& env, send_args a, reply<sent_message> done);

struct send_media_args {
  peer to{};
  std::string media{};                ///< photo, document or video
  std::optional<upload_id> file_id{}; ///< required: checked after `media`
  std::optional<std::uint64_t> file_total_parts{};
  std::string caption{};
  std::optional<std::string> file_name{}, mime_type{}, md5_checksum{};
  std::uint64_t random_id = 0;
  box_id reply_to{};
};
/// The errors of send_message plus MEDIA_INVALID, FILE_PARTS_INVALID,
/// FILE_ID_INVALID, MD5_CHECKSUM_INVALID, PHOTO_INVALID(_DIMENSIONS).
void send_media(const call_env& env, send_media_args a, reply<sent_message> done);

/// offset_id, max_id and min_id are bounds in the box id space (any
/// number), not ids of messages that must exist.
struct history_args {
  peer to{};
  std::uint64_t offset_id = 0;
  std::int64_t add_offset = 0;
  std::int64_t limit = 20;
  std::uint64_t max_id = 0;
  std::uint64_t min_id = 0;
};
/// LIMIT_INVALID, INPUT_REQUEST_INVALID, PEER_ID_INVALID.
void get_history(const call_env& env, history_args a, reply<message_list> done);

struct dialogs_args {
  std::int64_t offset_date = 0;
  std::int64_t limit = 100;
};
/// LIMIT_INVALID.
void get_dialogs(const call_env& env, dialogs_args a, reply<dialog_list> done);

struct difference_args {
  std::uint64_t pts = 0;
  std::int64_t limit = 100;
};
/// LIMIT_INVALID.
void get_difference(const call_env& env, difference_args a, reply<updates_difference> done);

void get_state(const call_env& env, reply<updates_state> done);

struct read_args {
  peer to{};
  box_id max_id{}; ///< 0: everything
};
/// PEER_ID_INVALID, CHAT_ID_INVALID (a chat the caller never belonged to).
void read_history(const call_env& env, read_args a, reply<affected_messages> done);

/// The live messages among box ids (up to 200). LIMIT_INVALID.
void get_messages(const call_env& env, std::vector<box_id> ids, reply<message_list> done);

struct edit_args {
  peer to{};
  box_id id{}; ///< of the caller's message
  std::string text{};
  std::vector<message_entity> entities{};
  bool replace_markup = false; ///< bots: reply_markup (validated JSON) replaces the keyboard
  std::string reply_markup{};
};
/// MESSAGE_ID_INVALID, MESSAGE_AUTHOR_REQUIRED, MESSAGE_NOT_MODIFIED,
/// MESSAGE_EMPTY, MESSAGE_TOO_LONG, CHAT_ID_INVALID.
void edit_message(const call_env& env, edit_args a, reply<sent_message> done);

struct delete_args {
  std::vector<box_id> ids{}; ///< 1-200
  bool revoke = false;       ///< for everyone
};
/// LIMIT_INVALID, MESSAGE_ID_INVALID, MESSAGE_DELETE_FORBIDDEN,
/// INPUT_REQUEST_INVALID (revoke across dialogs).
void delete_messages(const call_env& env, delete_args a, reply<affected_messages> done);

struct typing_args {
  peer to{};
  std::string action = "typing";
};
/// PEER_ID_INVALID, CHAT_ID_INVALID, INPUT_REQUEST_INVALID.
void set_typing(const call_env& env, typing_args a, reply<bool> done);

struct pin_args {
  peer to{};
  bool pinned = true;
};
/// PEER_ID_INVALID, PINNED_DIALOGS_TOO_MUCH.
void toggle_dialog_pin(const call_env& env, pin_args a, reply<affected_messages> done);

struct search_args {
  std::string q{};
  std::optional<peer> to{}; ///< absent: every dialog
  std::uint64_t offset_id = 0;
  std::int64_t limit = 20;
};
/// SEARCH_QUERY_EMPTY, LIMIT_INVALID, INPUT_REQUEST_INVALID.
void search(const call_env& env, search_args a, reply<message_list> done);

struct forward_args {
  peer from{};
  std::vector<box_id> ids{}; ///< 1-100, of messages of `from`
  peer to{};
  std::optional<std::vector<std::uint64_t>> random_ids{}; ///< one per id
};
/// MESSAGE_ID_INVALID, LIMIT_INVALID, INPUT_REQUEST_INVALID and the errors
/// of send_message.
void forward_messages(const call_env& env, forward_args a, reply<message_list> done);

} // namespace ag::messages_service
