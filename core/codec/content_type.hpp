#pragma once
/// The MIME type of common file formats from their first bytes, for files
/// whose sender named none (a photo sent without mime_type).
#include <string_view>

namespace ag {

/// "image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4",
/// "video/webm", "application/pdf", "application/zip" or "" when unknown.
std::string_view sniff_mime(std::string_view head);

} // namespace ag
