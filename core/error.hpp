#pragma once
/// The project's one error enum, registered with CAF as category "actorgram".
/// One table (error.cpp) maps each code to its HTTP status and RPC error name.
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace ag {

enum class errc : std::uint8_t {
  none = 0,
  input_request_invalid,    ///< 400 malformed JSON, wrong types, bad params
  method_invalid,           ///< 404 unknown method
  auth_key_unregistered,    ///< 401 missing, forged, expired or revoked token
  auth_required,            ///< 401 an unauthenticated socket called a non-auth method
  peer_id_invalid,          ///< 400 a peer the caller may not see or that does not exist
  user_id_invalid,          ///< 400
  message_too_long,         ///< 400 text over 4096 characters
  message_empty,            ///< 400
  username_invalid,         ///< 400
  username_occupied,        ///< 400
  username_not_occupied,    ///< 400 resolveUsername found nothing
  password_hash_invalid,    ///< 400 wrong password
  password_too_weak,        ///< 400
  name_invalid,             ///< 400 first/last name empty or too long
  limit_invalid,            ///< 400
  random_id_duplicate,      ///< 400 random_id reused with different content
  reply_message_invalid,    ///< 400 reply_to names no message of this dialog
  chat_id_invalid,          ///< 400 no such chat, or the caller is not a member
  chat_admin_required,      ///< 400 only the creator or an admin may do this
  chat_title_invalid,       ///< 400 empty, too long or not UTF-8
  chat_not_modified,        ///< 400 the change changes nothing
  user_already_participant, ///< 400
  user_not_participant,     ///< 400
  users_too_much,           ///< 400 the chat's member limit
  message_id_invalid,       ///< 400 no such message in the caller's box
  message_author_required,  ///< 403 only the author may edit
  message_delete_forbidden, ///< 403 neither author nor chat admin
  message_not_modified,     ///< 400 the edit changes nothing
  pinned_dialogs_too_much,  ///< 400
  search_query_empty,       ///< 400
  user_blocked,             ///< 403 the recipient blocked the sender
  email_invalid,            ///< 400 not an address we accept
  email_occupied,           ///< 400 another account has this email
  email_required,           ///< 400 this node signs up by email only
  email_code_invalid,       ///< 400 wrong code (attempts are counted)
  email_code_expired,       ///< 400 no live code: expired, used, never sent or too many tries
  hash_invalid,             ///< 400 no such authorization of the caller
  input_user_deactivated,   ///< 400 the user deleted their account
  bot_invalid,              ///< 400 no such bot, or not the caller's
  bots_too_much,            ///< 400 a user has made the most bots one may
  bot_conflict,             ///< 409 another getUpdates or a webhook took the bot's updates
  entity_bounds_invalid,    ///< 400 an entity outside the text, or too many
  reply_markup_invalid,     ///< 400 a keyboard that breaks the rules
  bot_dialog_forbidden,     ///< 403 a bot writes first to a user who never wrote to it
  data_invalid,             ///< 400 no button of the message has this callback data
  bot_response_timeout,     ///< 400 the bot did not answer a callback query in time
  query_id_invalid,         ///< 400 a callback query not waiting: answered, too old, unknown
  file_id_invalid,          ///< 400 no such upload or file of the caller
  file_part_invalid,        ///< 400 a part number out of range
  file_part_size_invalid,   ///< 400 a part of the wrong size
  file_parts_invalid,       ///< 400 parts missing, or a part past the end
  md5_checksum_invalid,     ///< 400 the content does not match the client's md5
  uploads_too_many,         ///< 400 too many unfinished uploads
  photo_invalid,            ///< 400 not a whole JPEG/PNG, or does not decode
  photo_invalid_dimensions, ///< 400 over 50 megapixels
  media_invalid,            ///< 400 no usable media: an undecodable video, a bad kind
  location_invalid,         ///< 404 no file here the caller may read
  offset_invalid,           ///< 400 upload.getFile offset past the end or unaligned
  payload_too_large,        ///< 413
  flood_wait,               ///< 420 rate limited; carries retry_after seconds
  too_many_connections,     ///< 429
  internal,                 ///< 500
  storage_failure,          ///< 500 RocksDB refused a read or write
  unavailable,              ///< 503 the node is starting or stopping
  timeout,                  ///< 504 an actor did not answer in time
  headers_too_large,        ///< 431 a request head over the HTTP server's bounds
  uri_too_long,             ///< 414 an HTTP request line over 8 KiB
  request_timeout,          ///< 408 an HTTP request head or body that came too slowly
  count_,                   ///< number of codes (not an error)
};

/// Static facts about one error code.
struct error_info {
  errc code;
  int http_status;
  std::string_view name;        ///< the RPC error name (Telegram's where one exists)
  std::string_view description; ///< said to clients when the caller gives none
};

const error_info& info(errc code);

constexpr caf::atom_value error_category = caf::atom("actorgram");

/// An error with the code's default description.
[[nodiscard]] caf::error make_error(errc code);
/// An error with a human-readable description and (for flood_wait) retry_after.
[[nodiscard]] caf::error make_error(errc code, std::string description,
                                    std::int32_t retry_after = 0);

/// Describes any caf::error (ours or CAF's) as an RPC error.
struct rpc_failure {
  errc code = errc::internal;
  std::string description;
  std::int32_t retry_after = 0;
};
rpc_failure to_failure(const caf::error& err);

std::string render_error(std::uint8_t code, const caf::message& context);

} // namespace ag
