#pragma once
/// Finding the end of a chunked request body (RFC 9112 §7.1) as its bytes
/// arrive, so the reactor hands a worker the whole request and nothing
/// more. cpp-httplib decodes the chunks again on the worker; this only
/// frames them and bounds their size.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ag {

class chunked_scanner {
public:
  enum class state { incomplete, complete, too_large, bad };

  /// `max_data` bounds the decoded body (http.max_body_bytes). The framing
  /// around it may add as much again plus 4 KiB: a client that sends one
  /// byte per chunk is refused rather than buffered at six times the size.
  explicit chunked_scanner(std::size_t max_data) : max_data_(max_data) {}

  /// `body` holds the body from its first byte; it only grows between
  /// calls. Once complete, end() is the offset just past the last CRLF.
  state scan(std::string_view body);
  std::size_t end() const { return pos_; }

  /// The decoded bytes seen so far.
  std::uint64_t data_bytes() const { return data_; }

private:
  enum class part { size_line, data, data_end, last_line, done };
  std::size_t max_data_;
  part part_ = part::size_line;
  std::size_t pos_ = 0;         ///< where scanning resumes
  std::uint64_t remaining_ = 0; ///< of the current chunk's data
  std::uint64_t data_ = 0;
};

} // namespace ag
