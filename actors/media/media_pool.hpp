#pragma once
/// media: a small pool of detached actors doing image and video work, so a
/// slow or hostile file never holds the dfs actor, a gateway or a scheduler
/// thread, and one bad file only costs its own request. Requests go round
/// robin to `media.workers` workers, one OpenCV thread each.
#include <caf/typed_actor.hpp>
#include <cstddef>
#include <string>

#include "actors/media/codec/photo.hpp"
#include "actors/media/media_protocol.hpp"
#include "actors/node/context_fwd.hpp"
#include "actors/protocol/atoms.hpp"

namespace ag {

using media_actor = caf::typed_actor<
  /// What a stored file is as a photo, document or video, with its
  /// renditions stored (actors/media/media_describe.hpp). PHOTO_INVALID,
  /// PHOTO_INVALID_DIMENSIONS, MEDIA_INVALID, LOCATION_INVALID,
  /// STORAGE_FAILURE.
  caf::replies_to<describe_media>::with<message_media>,
  /// The sizes of a photo given as bytes (actors/media/codec/photo.hpp).
  /// PHOTO_INVALID, PHOTO_INVALID_DIMENSIONS.
  caf::replies_to<photo_atom, std::string>::with<processed_photo>>;

media_actor spawn_media_pool(caf::actor_system& sys, std::size_t workers, node_context_ptr ctx);

} // namespace ag
