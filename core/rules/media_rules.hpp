#pragma once
/// Input rules of messages.sendMedia and upload.getFile, without I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/model/model.hpp"

namespace ag::media_rules {

constexpr std::size_t max_caption_length = 1024; ///< code points
constexpr std::size_t max_file_name_bytes = 255;
constexpr std::size_t max_mime_type_bytes = 127;
/// upload.getFile: at most this much per call. Base64 in a JSON-RPC frame
/// (171 KiB) stays under the WebSocket gateway's write buffer (256 KiB by
/// default), so a read never gets the caller disconnected as too slow;
/// GET /file is the bulk path.
constexpr std::uint64_t max_get_file_limit = 128u << 10;

/// "photo", "document" or "video".
std::optional<media_kind> parse_kind(std::string_view s);

/// Captions may be empty; otherwise valid UTF-8 of at most 1,024 code points.
errc check_caption(std::string_view caption);

/// A file name: 1–255 bytes of UTF-8, no '/', '\\' or control characters,
/// not "." or "..".
bool valid_file_name(std::string_view name);

/// A MIME type: type/subtype of RFC 6838 token characters, at most 127
/// bytes, no parameters.
bool valid_mime_type(std::string_view mime);

/// The MIME type recorded when the client gives none.
std::string_view default_mime(media_kind kind);

/// An md5 checksum as the client may give it: 32 hex digits (either case);
/// answers it lowercase, or nullopt.
std::optional<std::string> normalize_md5(std::string_view hex);

} // namespace ag::media_rules
