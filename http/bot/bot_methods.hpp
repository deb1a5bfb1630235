#pragma once
/// The Bot API's methods (docs/bots.md, "Methods"): each reads its
/// arguments as the official server does (missing optional ones take
/// their defaults, unknown ones are ignored), runs as the bot through the
/// services and renders the Bot API's result.
#include <chrono>
#include <optional>
#include <string_view>

#include "actors/services/api.hpp"
#include "http/bot/bot_args.hpp"

namespace ag {

struct bot_method {
  /// Binds the arguments; the call answers a Bot API result or failure
  /// (descriptions as the official server words them).
  rpc_run (*bind)(const bot_args& args) = nullptr;
  /// How much longer than other calls it may take (getUpdates' timeout).
  std::chrono::seconds (*extra_time)(const bot_args& args) = nullptr;
};

/// By name in any case; nullopt: no such method.
std::optional<bot_method> find_bot_method(std::string_view name);

} // namespace ag
