#include "core/error.hpp"

#include <array>
#include <caf/sec.hpp>

namespace ag {

namespace {

constexpr std::array<error_info, 69> table = {{
  {errc::none, 200, "OK", "ok"},
  {errc::input_request_invalid, 400, "INPUT_REQUEST_INVALID", "the request is malformed"},
  {errc::method_invalid, 404, "METHOD_INVALID", "no such method"},
  {errc::auth_key_unregistered, 401, "AUTH_KEY_UNREGISTERED",
   "sign in first: the token is missing, forged or revoked"},
  {errc::auth_required, 401, "AUTH_REQUIRED", "sign in first"},
  {errc::peer_id_invalid, 400, "PEER_ID_INVALID", "no such peer"},
  {errc::user_id_invalid, 400, "USER_ID_INVALID", "no such user"},
  {errc::message_too_long, 400, "MESSAGE_TOO_LONG", "at most 4096 characters"},
  {errc::message_empty, 400, "MESSAGE_EMPTY", "the message is empty"},
  {errc::username_invalid, 400, "USERNAME_INVALID",
   "a username has 5-32 characters a-z, 0-9 and _, starting with a letter"},
  {errc::username_occupied, 400, "USERNAME_OCCUPIED", "that username is taken"},
  {errc::username_not_occupied, 400, "USERNAME_NOT_OCCUPIED", "no user has that username"},
  {errc::password_hash_invalid, 400, "PASSWORD_HASH_INVALID", "wrong password"},
  {errc::password_too_weak, 400, "PASSWORD_TOO_WEAK", "a password has 8-256 bytes"},
  {errc::name_invalid, 400, "NAME_INVALID", "a name has 1-64 characters"},
  {errc::limit_invalid, 400, "LIMIT_INVALID", "a limit or list size is out of range"},
  {errc::random_id_duplicate, 400, "RANDOM_ID_DUPLICATE", "random_id was used for another message"},
  {errc::reply_message_invalid, 400, "REPLY_MESSAGE_INVALID",
   "reply_to names no message of this dialog"},
  {errc::chat_id_invalid, 400, "CHAT_ID_INVALID", "no such chat"},
  {errc::chat_admin_required, 400, "CHAT_ADMIN_REQUIRED",
   "only the creator or an admin may do this"},
  {errc::chat_title_invalid, 400, "CHAT_TITLE_INVALID",
   "the title must be 1-128 characters of valid UTF-8"},
  {errc::chat_not_modified, 400, "CHAT_NOT_MODIFIED", "the change changes nothing"},
  {errc::user_already_participant, 400, "USER_ALREADY_PARTICIPANT", "the user is already a member"},
  {errc::user_not_participant, 400, "USER_NOT_PARTICIPANT", "the user is not a member"},
  {errc::users_too_much, 400, "USERS_TOO_MUCH", "the chat is full"},
  {errc::message_id_invalid, 400, "MESSAGE_ID_INVALID", "no such message"},
  {errc::message_author_required, 403, "MESSAGE_AUTHOR_REQUIRED", "only the author may do this"},
  {errc::message_delete_forbidden, 403, "MESSAGE_DELETE_FORBIDDEN",
   "you may not delete this message"},
  {errc::message_not_modified, 400, "MESSAGE_NOT_MODIFIED", "the edit changes nothing"},
  {errc::pinned_dialogs_too_much, 400, "PINNED_DIALOGS_TOO_MUCH", "at most 5 pinned dialogs"},
  {errc::search_query_empty, 400, "SEARCH_QUERY_EMPTY", "the query is empty"},
  {errc::user_blocked, 403, "USER_BLOCKED", "the user blocked you"},
  {errc::email_invalid, 400, "EMAIL_INVALID", "not an email address this node accepts"},
  {errc::email_occupied, 400, "EMAIL_OCCUPIED", "another account has this email"},
  {errc::email_required, 400, "EMAIL_REQUIRED", "this node signs up with an email code only"},
  {errc::email_code_invalid, 400, "EMAIL_CODE_INVALID", "wrong code"},
  {errc::email_code_expired, 400, "EMAIL_CODE_EXPIRED", "no live code: send a new one"},
  {errc::hash_invalid, 400, "HASH_INVALID", "no such authorization"},
  {errc::input_user_deactivated, 400, "INPUT_USER_DEACTIVATED", "the user deleted their account"},
  {errc::bot_invalid, 400, "BOT_INVALID", "no such bot of yours"},
  {errc::bots_too_much, 400, "BOTS_TOO_MUCH", "a user may make at most 20 bots"},
  {errc::bot_conflict, 409, "CONFLICT", "another request took the bot's updates"},
  {errc::entity_bounds_invalid, 400, "ENTITY_BOUNDS_INVALID",
   "an entity is outside the text, or there are over 100"},
  {errc::reply_markup_invalid, 400, "REPLY_MARKUP_INVALID", "the keyboard breaks the rules"},
  {errc::bot_dialog_forbidden, 403, "BOT_DIALOG_FORBIDDEN",
   "a bot may write only to users who wrote to it"},
  {errc::data_invalid, 400, "DATA_INVALID", "no button of this message has this callback data"},
  {errc::bot_response_timeout, 400, "BOT_RESPONSE_TIMEOUT",
   "the bot did not answer the callback query in time"},
  {errc::query_id_invalid, 400, "QUERY_ID_INVALID",
   "query is too old and response timeout expired or query ID is invalid"},
  {errc::file_id_invalid, 400, "FILE_ID_INVALID", "no such upload"},
  {errc::file_part_invalid, 400, "FILE_PART_INVALID", "part numbers run from 0 to 3999"},
  {errc::file_part_size_invalid, 400, "FILE_PART_SIZE_INVALID", "a part has the wrong size"},
  {errc::file_parts_invalid, 400, "FILE_PARTS_INVALID",
   "parts are missing, or a part is past the end"},
  {errc::md5_checksum_invalid, 400, "MD5_CHECKSUM_INVALID",
   "the content does not match md5_checksum"},
  {errc::uploads_too_many, 400, "UPLOADS_TOO_MANY", "too many unfinished uploads"},
  {errc::photo_invalid, 400, "PHOTO_INVALID", "not a JPEG or PNG that decodes"},
  {errc::photo_invalid_dimensions, 400, "PHOTO_INVALID_DIMENSIONS",
   "the photo is over 50 megapixels"},
  {errc::media_invalid, 400, "MEDIA_INVALID", "no usable media"},
  {errc::location_invalid, 404, "LOCATION_INVALID", "no file at this location for you"},
  {errc::offset_invalid, 400, "OFFSET_INVALID", "offset is past the end of the file"},
  {errc::payload_too_large, 413, "PAYLOAD_TOO_LARGE", "the request body is too large"},
  {errc::flood_wait, 420, "FLOOD_WAIT", "too many requests: retry later"},
  {errc::too_many_connections, 429, "TOO_MANY_CONNECTIONS", "too many connections: retry later"},
  {errc::internal, 500, "INTERNAL", "internal error"},
  {errc::storage_failure, 500, "STORAGE_FAILURE", "the node could not read or write its storage"},
  {errc::unavailable, 503, "UNAVAILABLE", "the node is unavailable: retry later"},
  {errc::timeout, 504, "TIMEOUT", "the node did not answer in time"},
  {errc::headers_too_large, 431, "HEADERS_TOO_LARGE", "the request head is too large"},
  {errc::uri_too_long, 414, "URI_TOO_LONG", "the request line is too long"},
  {errc::request_timeout, 408, "REQUEST_TIMEOUT", "the request did not arrive in time"},
}};
static_assert(table.size() == static_cast<std::size_t>(errc::count_));

/// The table is keyed by code: entry i describes errc i.
constexpr bool keyed_by_code() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].code) != i)
      return false;
  return true;
}
static_assert(keyed_by_code(), "core/error.cpp: the table's order differs from errc's");

} // namespace

const error_info& info(errc code) {
  auto i = static_cast<std::size_t>(code);
  return i < table.size() ? table[i] : table[static_cast<std::size_t>(errc::internal)];
}

caf::error make_error(errc code) {
  return make_error(code, std::string{info(code).description});
}

caf::error make_error(errc code, std::string description, std::int32_t retry_after) {
  return caf::error{static_cast<std::uint8_t>(code), error_category,
                    caf::make_message(std::move(description), retry_after)};
}

rpc_failure to_failure(const caf::error& err) {
  rpc_failure f;
  if (err.category() == error_category) {
    f.code = static_cast<errc>(err.code());
    auto& ctx = err.context();
    if (ctx.match_elements<std::string, std::int32_t>()) {
      f.description = ctx.get_as<std::string>(0);
      f.retry_after = ctx.get_as<std::int32_t>(1);
    }
    return f;
  }
  if (err.category() == caf::atom("system")) {
    auto s = static_cast<caf::sec>(err.code());
    if (s == caf::sec::request_timeout) {
      f.code = errc::timeout;
      f.description = "the node did not answer in time";
      return f;
    }
    if (s == caf::sec::request_receiver_down) {
      f.code = errc::unavailable;
      f.description = "the service is restarting; retry";
      return f;
    }
  }
  f.code = errc::internal;
  f.description = "internal error";
  return f;
}

std::string render_error(std::uint8_t code, const caf::message& context) {
  std::string out{info(static_cast<errc>(code)).name};
  if (context.match_elements<std::string, std::int32_t>()) {
    out += ": ";
    out += context.get_as<std::string>(0);
  }
  return out;
}

} // namespace ag
