#pragma once
/// Video probing for the media actors (issue 4): dimensions, duration and a
/// first-frame thumbnail through OpenCV's FFmpeg backend, in-process (no
/// ffmpeg child). OpenCV opens files by name, so the caller streams the
/// stored file to a private temporary file first.
#include <caf/expected.hpp>
#include <string>

#include "actors/photo.hpp"

namespace ag {

struct processed_video {
  int width = 0;
  int height = 0;
  int duration_ms = 0;
  processed_photo thumb; ///< m size and stripped thumbnail of the first frame
};

/// MEDIA_INVALID when the file does not open as a video or has no frame;
/// PHOTO_INVALID_DIMENSIONS over 50 megapixels per frame.
caf::expected<processed_video> process_video(const std::string& path);

} // namespace ag
