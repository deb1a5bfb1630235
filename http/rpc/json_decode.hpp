#pragma once
/// Strict JSON decoding (simdjson DOM) of RPC parameters and JSON-RPC frames.
/// Every malformed document, wrong type or out-of-range number is an
/// INPUT_REQUEST_INVALID failure that names the parameter.
#include <string_view>
#include <variant>

#include "actors/session/session_actor.hpp"
#include "core/error.hpp"
#include "core/rpc.hpp"

namespace ag {

/// Decodes a params object; an empty body means no parameters.
std::variant<rpc_params, rpc_failure> decode_params(std::string_view json);

/// The WebSocket gateway's decoder: JSON-RPC 2.0 requests.
class jsonrpc_decoder final : public rpc_decoder {
public:
  std::variant<jsonrpc_call, jsonrpc_reject> decode(std::string_view frame) const override;
};

} // namespace ag
