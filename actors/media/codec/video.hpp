#pragma once
/// Video probing for the media actors: dimensions, duration,
/// rotation and a first-frame thumbnail, in-process through FFmpeg's
/// libraries (no ffmpeg child). The file is read in place through a reader
/// callback — from RocksDB for stored files — so a 2 GB video is never
/// copied; only the container index and the first key frame are read.
#include <caf/expected.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "actors/media/codec/photo.hpp"

namespace ag {

struct processed_video {
  int width = 0; ///< as displayed (rotation applied)
  int height = 0;
  int duration_ms = 0;
  processed_photo thumb; ///< m size and stripped thumbnail of the first frame
};

/// Copies up to `n` bytes at `offset` into `out`; answers how many (0 at
/// the end), or -1 on a read error.
using video_reader = std::function<std::int64_t(std::uint64_t offset, char* out, std::size_t n)>;

/// MEDIA_INVALID when the bytes are not a video FFmpeg decodes or have no
/// frame; PHOTO_INVALID_DIMENSIONS over 50 megapixels per frame (checked
/// before decoding).
caf::expected<processed_video> process_video(std::uint64_t size, video_reader read);

/// The same for a file on disk (benchmarks, tools).
caf::expected<processed_video> process_video_file(const std::string& path);

} // namespace ag
