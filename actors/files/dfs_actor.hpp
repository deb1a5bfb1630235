#pragma once
/// dfs: the node's file store, one per node. Upload parts arrive, are
/// committed to the `files` family (blob files) and can be listed to resume;
/// a finished upload becomes a stored file, deduplicated by content; uploads
/// untouched for 24 h are deleted, and stored files no live message carries
/// are purged a day after their last upload (every 10 minutes, 2,000 a
/// tick; not in a cluster, where references live on their readers' nodes).
/// Rules: core/rules/upload_rules.hpp. Every upload's part sizes are
/// kept in memory (a few bytes per part), so checks and listings never read
/// bytes.
#include <caf/typed_actor.hpp>
#include <cstddef>
#include <cstdint>

#include "actors/files/dfs_protocol.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

using dfs_actor = caf::typed_actor<
  /// Stores one part; answers the bytes of the upload stored so far, once the
  /// part is durable. FILE_ID_INVALID, FILE_PART_INVALID,
  /// FILE_PART_SIZE_INVALID, FILE_PARTS_INVALID, UPLOADS_TOO_MANY.
  caf::replies_to<save_part>::with<std::uint64_t>,
  /// Finishes an upload into a stored file (an equal one if the content is
  /// stored already). FILE_ID_INVALID, FILE_PARTS_INVALID,
  /// MD5_CHECKSUM_INVALID, STORAGE_FAILURE.
  caf::replies_to<finish_upload>::with<stored_file>,
  /// The parts of (owner, file_id) stored so far. FILE_ID_INVALID.
  caf::replies_to<parts_atom, user_id, upload_id>::with<uploaded_parts>,
  /// Expires abandoned uploads now; answers how many.
  caf::replies_to<expire_atom>::with<std::size_t>,
  /// Purges now every stored file no live message carries, last uploaded
  /// over a day ago; answers how many. STORAGE_FAILURE.
  caf::replies_to<purge_atom>::with<std::size_t>>;

dfs_actor spawn_dfs(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
