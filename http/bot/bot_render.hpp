#pragma once
/// The Bot API's answers (core.telegram.org/bots/api#making-requests):
/// `{"ok":true,"result":…}`, or `{"ok":false,"error_code":N,
/// "description":"<Reason>: …","parameters":{"retry_after":N}}` with HTTP
/// status N; and its objects, written from actorgram's.
#include <string>
#include <vector>

#include "actors/services/results.hpp"
#include "core/codec/json_writer.hpp"
#include "core/error.hpp"
#include "core/model/update.hpp"
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

/// A User (id, is_bot, first_name, last_name, username).
void user(json_writer& w, const user_info& u);
/// The Chat of a dialog: a private chat has the other user's id and names,
/// a group the chat id negated and its title.
void chat(json_writer& w, const peer& to, const named_refs& refs);
/// A Message of the bot's box, with its sender and chat from `refs`.
void message(json_writer& w, const ag::message& m, const named_refs& refs);
std::string message(const ag::message& m, const named_refs& refs);
/// getUpdates' array of Update: message, edited_message or callback_query
/// (its id the update's pts), update_id from pts.
std::string updates(const std::vector<update>& ups, const named_refs& refs);

} // namespace ag::bot_render
