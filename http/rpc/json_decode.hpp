#pragma once
/// Strict JSON decoding (simdjson DOM) of RPC calls: an HTTP body for a
/// method named in the URL, or a JSON-RPC 2.0 frame. A malformed document
/// or a body that is not an object fails at once (INPUT_REQUEST_INVALID);
/// the method's parameters are then read through the method table
/// (http/rpc/methods.hpp).
#include <functional>
#include <optional>
#include <string_view>
#include <variant>

#include "actors/session/session_actor.hpp"
#include "core/error.hpp"
#include "http/rpc/params.hpp"

namespace ag {

/// Parses `json` (an object, or blank for no parameters) and runs `with` on
/// its parameters while the document is alive; fails on a malformed
/// document or one that is not an object.
[[nodiscard]] std::optional<rpc_failure>
with_params(std::string_view json, const std::function<void(const rpc_params&)>& with);

/// Decodes an HTTP call: `method` from the URL, `body` its JSON parameters.
std::variant<rpc_request, rpc_failure> decode_call(std::string_view method, std::string_view body);

/// The WebSocket gateway's decoder: JSON-RPC 2.0 requests.
class jsonrpc_decoder final : public rpc_decoder {
public:
  std::variant<jsonrpc_call, jsonrpc_reject> decode(std::string_view frame) const override;
};

} // namespace ag
