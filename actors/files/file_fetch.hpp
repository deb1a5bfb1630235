#pragma once
/// Stored files for a reader connected to any node of a cluster, from an
/// event-based actor: the file's record and bytes from the node storing it
/// (snowflake::node_of its id), the reader's right from the reader's home
/// node (file_server.hpp). On a single node, and for what is local, it
/// reads storage right away, without a message.
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "actors/node/context_fwd.hpp"
#include "core/model/file.hpp"

namespace ag::file_fetch {

using found_fn = std::function<void(caf::expected<std::optional<stored_file>>)>;
using bytes_fn = std::function<void(caf::expected<std::string>)>;

/// Whether file `fid` is stored on this node (always, on a single node).
bool stored_here(const node_context& ctx, std::uint64_t fid);

/// File `fid` if `uid` may read it (file_repo::readable's rules), nullopt
/// for a missing and a forbidden file alike. UNAVAILABLE when the file's
/// node or the reader's is down.
void readable(caf::event_based_actor* self, const node_context_ptr& ctx, std::uint64_t uid,
              std::uint64_t fid, found_fn done);

/// Bytes [offset, offset + length) of `f` (length at most max_remote_read
/// when `f` is stored on another node). OFFSET_INVALID, UNAVAILABLE.
void read(caf::event_based_actor* self, const node_context_ptr& ctx, const stored_file& f,
          std::uint64_t offset, std::uint64_t length, bytes_fn done);

} // namespace ag::file_fetch
