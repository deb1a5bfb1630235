#pragma once
/// session: one per connected WebSocket device. It decodes the device's
/// JSON-RPC frames (with the gateway's decoder), runs the calls, answers by
/// id, subscribes to the user's updates once authenticated and pushes them
/// ("not me": a device's own sends come back as results, not pushes).
///
///   (ws_in_atom, string frame)     a text message from the device
///   session_push                   updates from the user actor
///   (ping_atom)                    the device pinged: it is still online
///   (kick_atom)                    the authorization was revoked: close
///   exit (from the gateway)        the connection closed: go offline, stop
///
/// Frames to the device go to the gateway as (ws_out_atom, uint64 conn, string)
/// and (ws_close_atom, uint64 conn, uint16 code).
#include <caf/actor.hpp>
#include <memory>
#include <string>
#include <variant>

#include "actors/node/node_context.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/services/api.hpp"
#include "core/error.hpp"
#include "core/rules/keyed_limiter.hpp"
#include "core/settings.hpp"

namespace ag {

/// A decoded JSON-RPC request: its id (as JSON text, echoed back) and call.
struct jsonrpc_call {
  std::string id_json;
  rpc_request request;
};

/// A frame that could not be decoded: answered with `failure` under `id_json`.
struct jsonrpc_reject {
  std::string id_json = "null";
  rpc_failure failure;
};

/// Turns frame text into calls; implemented by the gateway (simdjson).
/// Must be safe to call from several threads at once.
class rpc_decoder {
public:
  virtual ~rpc_decoder() = default;
  virtual std::variant<jsonrpc_call, jsonrpc_reject> decode(std::string_view frame) const = 0;
};

struct session_options {
  std::size_t max_in_flight = ws_settings{}.max_in_flight; ///< concurrent calls per connection
  std::string client;                                      ///< the peer's address
  /// Authentication attempts per address, shared with HTTP (may be null).
  std::shared_ptr<address_limiter> auth_attempts;
};

/// Whether the node refuses a new call: past limits.calls_in_flight, or
/// (for a node slower than that count assumes, e.g. storage.sync: always)
/// while recent calls took over a quarter of the call timeout and many are
/// in flight. Refusing now is cheap; queueing behind thousands of calls
/// until they time out is not: an overloaded node keeps delivering. The
/// gateway asks before a frame goes to its session (the cheapest refusal),
/// the session again before it runs the call.
bool node_busy(const node_context& ctx);

/// The answer to a call refused because the node is busy.
rpc_failure busy_refusal();

/// `gateway` receives this session's output; `conn` names the connection there.
/// `token` (may be empty) is the `?token=` of the upgrade request.
caf::actor spawn_session(caf::actor_system& sys, node_context_ptr ctx,
                         std::shared_ptr<const rpc_decoder> decoder, caf::actor gateway,
                         std::uint64_t conn, std::string token, session_options opts = {});

} // namespace ag
