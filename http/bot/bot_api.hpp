#pragma once
/// The Bot API (docs/bots.md): `GET|POST /bot<token>/<method>` on the HTTP
/// port, as the official server takes and answers it — arguments from the
/// query string and any body (http/bot/bot_args.hpp), method names in any
/// case, 401 for a bad token, 404 for an unknown method, the Bot API's
/// envelope (http/bot/bot_render.hpp). Each call runs in one short-lived
/// actor that checks the token and then runs the method as the bot
/// (http/bot/bot_methods.hpp), through the same services as actorgram's own
/// API; no thread waits for it, so long polls cost no worker.
#include <caf/actor_system.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "actors/node/node_context.hpp"

namespace ag {

struct bot_reply {
  int status = 200;
  std::string body;
  int retry_after = 0;
};

struct bot_request {
  std::string token, method;
  std::string content_type, query, body; ///< as received (the query undecoded)
};

class bot_api {
public:
  /// `timeout`: how long a call may take before it answers 504 (a long
  /// poll: its own timeout more).
  bot_api(caf::actor_system& sys, node_context_ptr ctx, std::chrono::milliseconds timeout)
    : sys_(sys), ctx_(std::move(ctx)), timeout_(timeout) {}

  /// Answers `r` through `answer`, exactly once, on this thread or an
  /// actor's.
  void serve(bot_request r, std::function<void(bot_reply)> answer);

private:
  caf::actor_system& sys_;
  node_context_ptr ctx_;
  std::chrono::milliseconds timeout_;
};

} // namespace ag
