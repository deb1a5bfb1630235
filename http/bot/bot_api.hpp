#pragma once
/// The Bot API (docs/bots.md): `GET|POST /bot<token>/<method>` on the HTTP
/// port, as the official server takes and answers it — arguments from the
/// query string and any body (http/bot/bot_args.hpp), method names in any
/// case, 401 for a bad token, 404 for an unknown method, the Bot API's
/// envelope (http/bot/bot_render.hpp). Each method runs as the bot, through
/// the same services as actorgram's own API.
#include <string>

#include "http/bot/bot_render.hpp"
#include "http/rpc/rpc_bridge.hpp"

namespace ag {

struct bot_reply {
  int status = 200;
  std::string body;
  int retry_after = 0;
};

class bot_api {
public:
  explicit bot_api(rpc_bridge& bridge) : bridge_(bridge) {}

  /// Answers one request; `content_type`, `query` (raw, undecoded) and
  /// `body` as received.
  bot_reply serve(const std::string& token, const std::string& method,
                  const std::string& content_type, const std::string& query,
                  const std::string& body);

private:
  rpc_bridge& bridge_;
};

} // namespace ag
