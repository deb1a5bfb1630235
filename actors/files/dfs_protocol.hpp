#pragma once
/// The messages the dfs actor takes (dfs_actor.hpp): upload parts, the
/// parts stored so far, finishing an upload into a stored file.
#include <caf/actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/file.hpp"
#include "core/model/ids.hpp"

namespace ag {

/// upload.saveFilePart, to dfs. `total`: the parts the client declared (0: none).
struct save_part {
  user_id owner{};
  upload_id file_id{};
  std::uint32_t index = 0;
  std::uint32_t total = 0;
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, save_part& x) {
  return f(caf::meta::type_name("save_part"), x.owner, x.file_id, x.index, x.total, x.bytes);
}

/// upload.getUploadedParts: the stored part numbers, ascending.
struct uploaded_parts {
  std::vector<std::uint32_t> parts;
  std::uint32_t part_size = 0; ///< of part 0, when stored
  std::uint64_t bytes = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, uploaded_parts& x) {
  return f(caf::meta::type_name("uploaded_parts"), x.parts, x.part_size, x.bytes);
}

/// Finishes an upload into a stored file (deduplicated by content).
/// `md5`: the client's checksum in hex, or empty.
struct finish_upload {
  user_id owner{};
  upload_id file_id{};
  std::uint32_t parts = 0;
  std::string md5;
  std::string mime_type{}; ///< recorded on a new file
  std::string file_name{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, finish_upload& x) {
  return f(caf::meta::type_name("finish_upload"), x.owner, x.file_id, x.parts, x.md5, x.mime_type,
           x.file_name);
}

/// Digests of an upload's content (raw bytes).
struct file_digest {
  std::string sha256;
  std::string md5;
  std::string mime_type; ///< sniffed from the first bytes ("" : unknown)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, file_digest& x) {
  return f(caf::meta::type_name("file_digest"), x.sha256, x.md5, x.mime_type);
}

} // namespace ag
