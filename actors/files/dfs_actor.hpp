#pragma once
/// dfs: the node's file store, one per node. This part holds
/// uploads: parts arrive, are committed to the `files` family (blob files),
/// and can be listed to resume; uploads untouched for 24 h are deleted.
///
///   save_part -> uint64            bytes of the upload stored so far, once
///                                  the part is durable. FILE_ID_INVALID,
///                                  FILE_PART_INVALID, FILE_PART_SIZE_INVALID,
///                                  FILE_PARTS_INVALID, UPLOADS_TOO_MANY
///   (parts_atom, owner, file_id) -> uploaded_parts     FILE_ID_INVALID
///   expire_atom -> size_t          expires abandoned uploads now (also
///                                  every 10 minutes); answers how many
///   purge_atom -> size_t           purges every stored file no live message
///                                  carries, last uploaded over a day ago
///                                  (every 10 minutes: 2,000 files a tick)
///
/// Rules: core/rules/upload_rules.hpp. Every upload's part sizes are kept in
/// memory (a few bytes per part), so checks and listings never read bytes.
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_dfs(caf::actor_system& sys, node_context_ptr ctx);

} // namespace ag
