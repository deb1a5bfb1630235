#pragma once
/// `application/x-www-form-urlencoded` and URL query strings: `a=1&b=x+y`,
/// percent escapes decoded, `+` a space (WHATWG URL, "application/
/// x-www-form-urlencoded parsing"). The Bot API's query strings and form
/// bodies (http/bot/).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ag {

/// Percent-decodes `text` (`+` as a space when `plus_is_space`); nullopt on
/// a `%` not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);

/// The name/value pairs in order, names and values decoded; a pair without
/// `=` has an empty value; empty pairs (`a=1&&b=2`) are skipped. Nullopt on a
/// malformed escape.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view text);

} // namespace ag
