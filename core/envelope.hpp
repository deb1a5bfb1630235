#pragma once
/// The two wire envelopes of DESIGN.md §4: HTTP `{"ok":...}` bodies and
/// JSON-RPC 2.0 frames. `result_json`/`id_json` are already-valid JSON text.
/// Errors carry their name and description, except that a storage failure's
/// description is replaced by a generic one (its text may name server files).
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ag::envelope {

std::string http_ok(std::string_view result_json);
std::string http_error(const rpc_failure& f);

std::string rpc_result(std::string_view id_json, std::string_view result_json);
std::string rpc_error(std::string_view id_json, const rpc_failure& f);
/// A server push: {"jsonrpc":"2.0","method":"<method>","params":<params_json>}.
std::string rpc_notification(std::string_view method, std::string_view params_json);

} // namespace ag::envelope
