#pragma once
/// UTF-8 validation and length in code points (limits count code points).
#include <cstddef>
#include <string_view>

namespace ag {

/// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid
/// (overlong forms, surrogates and code points over U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

bool valid_utf8(std::string_view s);

/// Number of code points; counts each invalid byte as one.
std::size_t utf8_length(std::string_view s);

} // namespace ag
