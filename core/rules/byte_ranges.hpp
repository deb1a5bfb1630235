#pragma once
/// HTTP Range requests (RFC 9110 §14) against a representation of a known
/// size, without I/O: GET /file answers from this. cpp-httplib's own range
/// handling sends a wrong Content-Range with 416, so the node does it here.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ag::ranges {

/// At most this many ranges per request; more are served as the whole file
/// (a server may ignore Range, and many tiny ranges are a known abuse).
constexpr std::size_t max_ranges = 16;

struct byte_range {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
  friend bool operator==(const byte_range&, const byte_range&) = default;
};

enum class outcome {
  whole,         ///< no usable Range: 200 with everything
  partial,       ///< 206 with `ranges`
  unsatisfiable, ///< 416 with Content-Range: bytes */size
};

struct plan {
  outcome kind = outcome::whole;
  std::vector<byte_range> ranges;
};

/// Plans the answer to `header` (the Range value; empty when absent) for a
/// body of `size` bytes. Syntax errors and other units are ignored (whole);
/// ranges that start past the end are dropped; none left is unsatisfiable.
plan plan_ranges(std::string_view header, std::uint64_t size);

/// "bytes first-last/size"
std::string content_range(const byte_range& r, std::uint64_t size);

/// An HTTP-date (IMF-fixdate) for Unix seconds, and back (-1 if malformed).
std::string http_date(std::int64_t unix_s);
std::int64_t parse_http_date(std::string_view s);

/// Whether an If-None-Match / If-Match list names `etag` (or is "*"). Weak
/// comparison for If-None-Match, strong for If-Match.
bool etag_listed(std::string_view header, std::string_view etag, bool weak);

} // namespace ag::ranges
