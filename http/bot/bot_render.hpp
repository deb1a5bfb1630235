#pragma once
/// The Bot API's answers (core.telegram.org/bots/api#making-requests):
/// `{"ok":true,"result":…}`, or `{"ok":false,"error_code":N,
/// "description":"<Reason>: …","parameters":{"retry_after":N}}` with HTTP
/// status N; and its objects, written from actorgram's.
#include <string>

#include "core/error.hpp"
#include "core/model/user.hpp"

namespace ag::bot_render {

std::string ok(const std::string& result_json);

/// An error answer: the description starts with the status's reason as the
/// official server words it ("Bad Request: ", "Unauthorized", "Not Found: ",
/// "Too Many Requests: retry after N", …).
struct bot_error {
  int status = 400;
  std::string body;
  int retry_after = 0; ///< > 0: also the Retry-After header
};
bot_error error(int status, const std::string& description, int retry_after = 0);
/// actorgram's failure as the Bot API says it.
bot_error error(const rpc_failure& f);

/// getMe's User: the bot itself, with the bot-only fields.
std::string me(const user_info& bot);

} // namespace ag::bot_render
