#include "core/error.hpp"

#include <array>
#include <caf/sec.hpp>

namespace ag {

namespace {

constexpr std::array<error_info, 59> table = {{
  {200, "OK"},
  {400, "INPUT_REQUEST_INVALID"},
  {404, "METHOD_INVALID"},
  {401, "AUTH_KEY_UNREGISTERED"},
  {401, "AUTH_REQUIRED"},
  {400, "PEER_ID_INVALID"},
  {400, "USER_ID_INVALID"},
  {400, "MESSAGE_TOO_LONG"},
  {400, "MESSAGE_EMPTY"},
  {400, "USERNAME_INVALID"},
  {400, "USERNAME_OCCUPIED"},
  {400, "USERNAME_NOT_OCCUPIED"},
  {400, "PASSWORD_HASH_INVALID"},
  {400, "PASSWORD_TOO_WEAK"},
  {400, "NAME_INVALID"},
  {400, "LIMIT_INVALID"},
  {400, "RANDOM_ID_DUPLICATE"},
  {400, "REPLY_MESSAGE_INVALID"},
  {400, "CHAT_ID_INVALID"},
  {400, "CHAT_ADMIN_REQUIRED"},
  {400, "CHAT_TITLE_INVALID"},
  {400, "CHAT_NOT_MODIFIED"},
  {400, "USER_ALREADY_PARTICIPANT"},
  {400, "USER_NOT_PARTICIPANT"},
  {400, "USERS_TOO_MUCH"},
  {400, "MESSAGE_ID_INVALID"},
  {403, "MESSAGE_AUTHOR_REQUIRED"},
  {403, "MESSAGE_DELETE_FORBIDDEN"},
  {400, "MESSAGE_NOT_MODIFIED"},
  {400, "PINNED_DIALOGS_TOO_MUCH"},
  {400, "SEARCH_QUERY_EMPTY"},
  {403, "USER_BLOCKED"},
  {400, "EMAIL_INVALID"},
  {400, "EMAIL_OCCUPIED"},
  {400, "EMAIL_REQUIRED"},
  {400, "EMAIL_CODE_INVALID"},
  {400, "EMAIL_CODE_EXPIRED"},
  {400, "HASH_INVALID"},
  {400, "INPUT_USER_DEACTIVATED"},
  {400, "FILE_ID_INVALID"},
  {400, "FILE_PART_INVALID"},
  {400, "FILE_PART_SIZE_INVALID"},
  {400, "FILE_PARTS_INVALID"},
  {400, "MD5_CHECKSUM_INVALID"},
  {400, "UPLOADS_TOO_MANY"},
  {400, "PHOTO_INVALID"},
  {400, "PHOTO_INVALID_DIMENSIONS"},
  {400, "MEDIA_INVALID"},
  {404, "LOCATION_INVALID"},
  {400, "OFFSET_INVALID"},
  {413, "PAYLOAD_TOO_LARGE"},
  {420, "FLOOD_WAIT"},
  {429, "TOO_MANY_CONNECTIONS"},
  {500, "INTERNAL"},
  {500, "STORAGE_FAILURE"},
  {503, "UNAVAILABLE"},
  {504, "TIMEOUT"},
  {431, "HEADERS_TOO_LARGE"},
  {414, "URI_TOO_LONG"},
}};
static_assert(table.size() == static_cast<std::size_t>(errc::count_));

} // namespace

const error_info& info(errc code) {
  auto i = static_cast<std::size_t>(code);
  return i < table.size() ? table[i] : table[static_cast<std::size_t>(errc::internal)];
}

caf::error make_error(errc code) {
  return caf::error{static_cast<std::uint8_t>(code), error_category};
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
