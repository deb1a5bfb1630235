#pragma once
/// The upload.* use cases (docs/api.md, "Files"), for any transport:
/// parts go to the dfs actor of the uploader's home node (in a cluster, an
/// upload is stored where its uploader lives, wherever the parts come in);
/// reads check who may read the file, wherever it is stored.
#include <string>

#include "actors/files/dfs_actor.hpp"
#include "actors/files/dfs_protocol.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/services/results.hpp"
#include "core/rules/media_rules.hpp"

namespace ag::files_service {

/// The dfs and media actors that store and describe `env.who`'s uploads:
/// those of the caller's home node, with the timeout for calls to them.
/// UNAVAILABLE when that node is down or the caller's data is moving.
struct upload_node {
  dfs_actor dfs;
  media_actor media;
  caf::duration timeout;
};
caf::expected<upload_node> uploads_of(const call_env& env);

struct part_args {
  upload_id file_id{};
  std::uint64_t file_part = 0;
  std::uint64_t file_total_parts = 0; ///< 0: not declared
  std::string bytes{};                ///< raw
};
/// FILE_PART_INVALID, FILE_PART_SIZE_INVALID, FILE_PARTS_INVALID,
/// FILE_ID_INVALID, UPLOADS_TOO_MANY.
void save_part(const call_env& env, part_args a, reply<bool> done);

/// The parts stored so far. FILE_ID_INVALID.
void get_uploaded_parts(const call_env& env, upload_id file, reply<uploaded_parts> done);

struct chunk_args {
  file_id location{};
  std::uint64_t offset = 0;
  std::int64_t limit = static_cast<std::int64_t>(media_rules::max_get_file_limit);
};
/// LOCATION_INVALID (no file the caller may read), OFFSET_INVALID,
/// LIMIT_INVALID.
void get_file(const call_env& env, chunk_args a, reply<file_chunk> done);

} // namespace ag::files_service
