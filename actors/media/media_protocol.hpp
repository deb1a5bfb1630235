#pragma once
/// The messages the media pool takes (media_pool.hpp).
#include <caf/actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ids.hpp"
#include "core/model/message.hpp"

namespace ag {

/// API → media pool: what `file` is as a photo, document or video, with its
/// renditions stored (PHOTO_INVALID, PHOTO_INVALID_DIMENSIONS, MEDIA_INVALID).
struct describe_media {
  user_id owner{}; ///< the sender
  file_id file{};
  media_kind kind = media_kind::document;
  std::string mime_type;
  std::string file_name;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, describe_media& x) {
  return f(caf::meta::type_name("describe_media"), x.owner, x.file, x.kind, x.mime_type,
           x.file_name);
}

} // namespace ag
