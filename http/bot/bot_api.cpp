#include "http/bot/bot_api.hpp"

#include <functional>
#include <unordered_map>

#include "actors/services/account_service.hpp"
#include "core/codec/ascii.hpp"
#include "core/rules/bot_rules.hpp"
#include "http/bot/bot_args.hpp"

namespace ag {

namespace {

/// A method's arguments bound to what it runs.
using bot_method = rpc_run (*)(const bot_args& args);

rpc_run get_me(const bot_args&) {
  return [](const call_env& env, const rpc_done& done) {
    account_service::get_users(
      env, {env.who.user}, [done](caf::expected<std::vector<user_info>> users) {
        if (!users)
          return done(failure_outcome(users.error()));
        if (users->empty())
          return done(failure_outcome(make_error(errc::auth_key_unregistered, "the bot is gone")));
        rpc_outcome o;
        o.ok = true;
        o.result = bot_render::me(users->front());
        done(std::move(o));
      });
  };
}

/// By lower-case name: the official server's names are case-insensitive.
const std::unordered_map<std::string, bot_method>& methods() {
  static const std::unordered_map<std::string, bot_method> t = {
    {"getme", get_me},
  };
  return t;
}

bot_reply from(const bot_render::bot_error& e) {
  return bot_reply{e.status, e.body, e.retry_after};
}

} // namespace

bot_reply bot_api::serve(const std::string& token, const std::string& method,
                         const std::string& content_type, const std::string& query,
                         const std::string& body) {
  if (!bot_rules::parse_token(token))
    return from(bot_render::error(401, "Unauthorized: invalid token specified"));
  auto it = methods().find(ascii::lower(method));
  // The token first, as the official server: a bad token never learns
  // which methods exist.
  auto who = bridge_.authenticate_bot(token);
  if (auto* f = std::get_if<rpc_failure>(&who))
    return from(f->code == errc::auth_key_unregistered ? bot_render::error(401, "Unauthorized")
                                                       : bot_render::error(*f));
  if (it == methods().end())
    return from(bot_render::error(404, "Not Found: method not found"));
  auto args = read_bot_args(content_type, query, body);
  if (auto* e = std::get_if<bot_args_error>(&args))
    return from(bot_render::error(e->status, e->description));
  rpc_request req;
  req.method = method;
  req.run = it->second(std::get<bot_args>(args));
  auto outcome = bridge_.call_as(std::get<caller>(who), std::move(req));
  if (!outcome.ok)
    return from(bot_render::error(outcome.failure));
  return bot_reply{200, bot_render::ok(outcome.result), 0};
}

} // namespace ag
