#include "http/server/chunked_body.hpp"

#include <algorithm>
#include <charconv>

namespace ag {

namespace {

constexpr std::size_t max_line = 1024; ///< a chunk-size line with its extensions

} // namespace

chunked_scanner::state chunked_scanner::scan(std::string_view body) {
  for (;;) {
    switch (part_) {
    case part::size_line: {
      // The framing read so far (not the buffer: pipelined requests may
      // follow the body).
      if (pos_ > 2 * max_data_ + 4096)
        return state::too_large;
      auto eol = body.find("\r\n", pos_);
      if (eol == std::string_view::npos)
        return body.size() - pos_ > max_line ? state::bad : state::incomplete;
      if (eol - pos_ > max_line)
        return state::bad;
      std::uint64_t size = 0;
      auto line = body.substr(pos_, eol - pos_);
      auto r = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      // After the digits only chunk extensions (";name=value") or spaces.
      if (r.ec != std::errc{}
          || (r.ptr != line.data() + line.size() && *r.ptr != ';' && *r.ptr != ' '
              && *r.ptr != '\t'))
        return state::bad;
      pos_ = eol + 2;
      if (size == 0) {
        part_ = part::last_line;
        break;
      }
      if (size > max_data_ - std::min<std::uint64_t>(data_, max_data_))
        return state::too_large;
      data_ += size;
      remaining_ = size;
      part_ = part::data;
      break;
    }
    case part::data: {
      auto take = std::min<std::uint64_t>(remaining_, body.size() - pos_);
      pos_ += take;
      remaining_ -= take;
      if (remaining_ > 0)
        return state::incomplete;
      part_ = part::data_end;
      break;
    }
    case part::data_end:
    case part::last_line:
      // Both end in CRLF. After the last chunk cpp-httplib 0.11.4 reads no
      // trailer fields: the blank line must follow at once.
      if (body.size() - pos_ < 2)
        return state::incomplete;
      if (body.substr(pos_, 2) != "\r\n")
        return state::bad;
      pos_ += 2;
      if (part_ == part::last_line) {
        part_ = part::done;
        return state::complete;
      }
      part_ = part::size_line;
      break;
    case part::done:
      return state::complete;
    }
  }
}

} // namespace ag
