#pragma once
/// A stored file (an upload finished and deduplicated by content).
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace ag {

struct stored_file {
  std::uint64_t id = 0;
  std::uint64_t owner = 0;     ///< the first uploader
  std::uint64_t src_owner = 0; ///< where the parts live: (src_owner, src_file_id)
  std::uint64_t src_file_id = 0;
  std::uint64_t size = 0;
  std::uint32_t part_size = 0; ///< every part but the last
  std::uint32_t parts = 0;
  std::string sha256; ///< 32 raw bytes
  std::int64_t created = 0;
  std::uint32_t refs = 1;   ///< uploads holding it
  std::uint64_t parent = 0; ///< a rendition (photo size, thumbnail) of this file
  std::string mime_type{};  ///< as the first sender named it ("" : unknown)
  std::string file_name{};
  std::int64_t touched = 0; ///< last upload of this content (Unix s): purges wait a day after it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stored_file& x) {
  return f(caf::meta::type_name("stored_file"), x.id, x.owner, x.src_owner, x.src_file_id, x.size,
           x.part_size, x.parts, x.sha256, x.created, x.refs, x.parent, x.mime_type, x.file_name,
           x.touched);
}

} // namespace ag
