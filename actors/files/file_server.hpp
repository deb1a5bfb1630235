#pragma once
/// file_server: this node's stored files and readers' rights, for the other
/// nodes of a cluster (one per node). A file is stored on the node whose
/// idgen made its id (snowflake::node_of), with its renditions; a reader's
/// right to it (an uploader's grant, a live copy's access key) is the
/// reader's record, on the reader's home node. A node serving a download
/// asks the file's node for the record and the bytes and the reader's node
/// for the right (file_fetch.hpp); this actor answers those. What it reads
/// is committed and a read is one part at most, so it reads in its handlers.
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"
#include "core/model/file.hpp"
#include "core/model/ids.hpp"

namespace ag {

/// The most bytes one read from another node carries (two parts of the
/// largest size: a download asks one part at a time).
constexpr std::uint64_t max_remote_read = 1u << 20;

using file_server_actor = caf::typed_actor<
  /// The record of file `fid`, stored here. LOCATION_INVALID when it is not.
  caf::replies_to<file_atom, std::uint64_t>::with<stored_file>,
  /// Whether user `uid` (living here) may read original `root` and its
  /// renditions.
  caf::replies_to<access_atom, user_id, std::uint64_t>::with<bool>,
  /// Bytes [offset, offset + length) of file `f`, stored here; length at
  /// most max_remote_read. LIMIT_INVALID, OFFSET_INVALID, STORAGE_FAILURE.
  caf::replies_to<read_atom, stored_file, std::uint64_t, std::uint64_t>::with<std::string>>;

file_server_actor spawn_file_server(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
