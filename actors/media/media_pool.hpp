#pragma once
/// media: a small pool of detached actors doing image work, so a
/// slow or hostile image never holds the dfs actor, a gateway or a
/// scheduler thread, and one bad file only costs its own request.
///
///   (photo_atom, string bytes) -> processed_photo
///       PHOTO_INVALID, PHOTO_INVALID_DIMENSIONS (actors/media/codec/photo.hpp)
///   describe_media -> message_media     (actors/media/media_describe.hpp)
#include <caf/actor.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_media_pool(caf::actor_system& sys, std::size_t workers, node_context_ptr ctx);

} // namespace ag
