#pragma once
/// Base64 (RFC 4648) in the standard and the URL-safe unpadded alphabets.
#include <optional>
#include <string>
#include <string_view>

namespace ag {

std::string base64_encode(std::string_view in, bool url_safe = false);
/// Returns nullopt on any character outside the alphabet or a bad length.
std::optional<std::string> base64url_decode(std::string_view in);
/// The standard alphabet with `=` padding (length a multiple of 4).
std::optional<std::string> base64_decode(std::string_view in);

} // namespace ag
