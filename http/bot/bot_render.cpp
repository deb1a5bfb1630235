#include "http/bot/bot_render.hpp"

#include "core/codec/json_writer.hpp"

namespace ag::bot_render {

namespace {

std::string_view reason(int status) {
  switch (status) {
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 409:
    return "Conflict";
  case 413:
    return "Request Entity Too Large";
  case 429:
    return "Too Many Requests";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  default:
    return "Internal Server Error";
  }
}

} // namespace

std::string ok(const std::string& result_json) {
  std::string out = "{\"ok\":true,\"result\":";
  out += result_json;
  out += '}';
  return out;
}

bot_error error(int status, const std::string& description, int retry_after) {
  json_writer w;
  w.begin_object().field("ok", false).field("error_code", static_cast<std::int64_t>(status));
  w.field("description", description);
  if (retry_after > 0)
    w.key("parameters")
      .begin_object()
      .field("retry_after", static_cast<std::int64_t>(retry_after))
      .end_object();
  w.end_object();
  return bot_error{status, w.take(), retry_after};
}

bot_error error(const rpc_failure& f) {
  auto status = info(f.code).http_status;
  auto word = std::string(reason(status));
  if (status == 429)
    return error(status, word + ": retry after " + std::to_string(f.retry_after), f.retry_after);
  if (status == 401)
    return error(status, word);
  auto text = f.description.empty() ? std::string(info(f.code).description) : f.description;
  return error(status, word + ": " + text, f.retry_after);
}

std::string me(const user_info& bot) {
  json_writer w;
  w.begin_object()
    .field("id", bot.id)
    .field("is_bot", true)
    .field("first_name", bot.first_name)
    .field("username", bot.username)
    .field("can_join_groups", true)
    .field("can_read_all_group_messages", false)
    .field("supports_inline_queries", false)
    .end_object();
  return w.take();
}

} // namespace ag::bot_render
