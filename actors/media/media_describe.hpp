#pragma once
/// What a stored file is as a photo, document or video, worked out
/// on a media actor: reads the file, makes its renditions (photo sizes or a
/// thumbnail), stores them as files of their own and remembers the result
/// per (file, kind), so content sent twice is processed once. Blocking:
/// call it from a media actor's own thread only.
#include <caf/expected.hpp>

#include "actors/media/media_protocol.hpp"
#include "actors/node/node_context.hpp"

namespace ag {

/// Photos are read whole to be decoded: larger ones go as documents.
constexpr std::uint64_t max_photo_bytes = 10u << 20;

/// LOCATION_INVALID if the sender may not read the file; PHOTO_INVALID,
/// PHOTO_INVALID_DIMENSIONS for bad photos; MEDIA_INVALID for videos that do
/// not decode. Documents never fail on content (a broken image just gets
/// no thumbnail).
caf::expected<message_media> describe(node_context& ctx, const describe_media& req);

} // namespace ag
