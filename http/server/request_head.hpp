#pragma once
/// Finding and framing one HTTP/1.1 request head in a connection's buffer,
/// for the reactor (http/server/reactor.hpp): it must know where a request
/// ends before it hands the request to a worker, and refuse what is too
/// large without reading it. cpp-httplib parses the head again on the
/// worker; this only bounds it and reads the fields that frame the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/settings.hpp"

namespace ag {

struct head_limits {
  /// Request line and header fields, CRLFs included (http.max_header_bytes).
  std::size_t max_bytes = http_settings{}.max_header_bytes;
  std::size_t max_fields = http_settings{}.max_headers; ///< header fields (http.max_headers)
  std::size_t max_field_bytes = 8192; ///< one header line (cpp-httplib's own limit)
};

/// Looks for the end of a request head as bytes arrive. Resumes where the
/// last call stopped, so a head trickled in one byte at a time costs linear
/// time, not quadratic.
class head_scanner {
public:
  enum class state { incomplete, complete, too_large };

  explicit head_scanner(head_limits limits) : limits_(limits) {}

  /// `buf` holds the request from its first byte; it only grows between
  /// calls. Once complete, end() is the offset just past the blank line.
  state scan(std::string_view buf);
  std::size_t end() const { return end_; }

private:
  head_limits limits_;
  std::size_t line_ = 0;    ///< where the line being read starts
  std::size_t scanned_ = 0; ///< bytes already searched for a CRLF
  std::size_t fields_ = 0;
  bool request_line_ = true;
  std::size_t end_ = 0;
};

/// What frames a request's body, read from a complete head. A head whose
/// framing is ambiguous is refused (`error` set): request smuggling lives in
/// the gap between two parsers that read the same bytes differently.
struct request_framing {
  bool head_method = false;     ///< HEAD: answers carry no body
  bool chunked = false;         ///< Transfer-Encoding: chunked
  std::uint64_t length = 0;     ///< Content-Length (0 when absent or chunked)
  bool expect_continue = false; ///< Expect: 100-continue
  std::string error;            ///< why the framing is refused (400), else empty
};

/// `head` is a complete head as head_scanner found it.
request_framing frame_request(std::string_view head);

} // namespace ag
