#pragma once
/// A decoded RPC call, transport-independent: the HTTP and WebSocket
/// gateways both decode JSON into this and render results the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/model.hpp"

namespace ag {

/// Every parameter any method takes; each method checks the ones it needs
/// (absent required ones are INPUT_REQUEST_INVALID). Unknown keys are ignored.
struct rpc_params {
  std::optional<std::string> username, password, first_name, last_name, token, message;
  std::optional<std::string> title, action, q;
  std::optional<std::string> email, code, new_password, purpose, device;
  std::optional<peer> to;        ///< "peer"
  std::optional<peer> from_peer; ///< "from_peer"
  std::optional<std::vector<std::uint64_t>> ids, user_ids, random_ids;
  std::optional<std::uint64_t> random_id, reply_to, offset_id, pts, max_id, min_id, id;
  std::optional<std::uint64_t> chat_id, user_id, hash;
  std::optional<std::uint64_t> file_id, file_part, file_total_parts;
  std::optional<std::string> bytes; ///< "bytes": base64 in JSON; raw from HTTP PUT
  std::optional<std::string> media, file_name, mime_type, md5_checksum;
  std::optional<std::uint64_t> location, offset; ///< upload.getFile
  std::optional<std::int64_t> add_offset, limit, offset_date;
  std::optional<bool> offline, revoke, pinned, is_admin;
  // Set by execute() from the transport, never decoded from JSON:
  std::string client_address, client_agent;
};

struct rpc_request {
  std::string method;
  rpc_params params;
  std::string client; ///< the client's address (recorded with authorizations)
  std::string agent;  ///< its User-Agent, when the transport has one
};

/// Who is calling: an authenticated user and authorization, or nobody.
struct caller {
  std::uint64_t user = 0;
  std::uint64_t auth_session = 0;
  bool authenticated() const { return user != 0; }
};

} // namespace ag
