#pragma once
/// actorgram's JSON API: one table of methods (docs/api.md), each with how
/// its parameters are read, the service it calls, how its result is
/// rendered, and whether it is public or an authentication attempt. Both
/// gateways (HTTP and WebSocket) decode through this table.
#include <cstdint>
#include <string>
#include <string_view>

#include "actors/services/api.hpp"
#include "http/rpc/params.hpp"

namespace ag {

/// A call of `method` with `params`: the bound service, or (unknown method)
/// a request whose `run` is empty. Parameter errors are answered when the
/// call runs, after the caller is checked, as INPUT_REQUEST_INVALID naming
/// the parameter.
[[nodiscard]] rpc_request bind_method(std::string_view method, const rpc_params& params);

/// upload.saveFilePart with raw bytes (PUT /upload/<file_id>/<part>).
[[nodiscard]] rpc_request bind_save_part(std::uint64_t file_id, std::uint64_t part,
                                         std::uint64_t total_parts, std::string bytes);

/// Every method of the table, in table order (for tests and docs checks).
[[nodiscard]] std::vector<std::string_view> method_names();

} // namespace ag
