#include "http/server/request_head.hpp"

#include <algorithm>
#include <charconv>
#include <strings.h>

namespace ag {

head_scanner::state head_scanner::scan(std::string_view buf) {
  for (;;) {
    // A CRLF may straddle the previous end of the buffer.
    auto from = std::max(line_, scanned_ > 0 ? scanned_ - 1 : 0);
    auto eol = buf.find("\r\n", from);
    if (eol == std::string_view::npos) {
      scanned_ = buf.size();
      break;
    }
    if (eol + 2 > limits_.max_bytes)
      return state::too_large;
    if (eol == line_ && !request_line_) {
      end_ = eol + 2;
      return state::complete;
    }
    if (!request_line_
        && (++fields_ > limits_.max_fields || eol + 2 - line_ > limits_.max_field_bytes))
      return state::too_large;
    request_line_ = false;
    line_ = eol + 2;
    scanned_ = line_;
  }
  if (buf.size() > limits_.max_bytes
      || (!request_line_ && buf.size() - line_ > limits_.max_field_bytes))
    return state::too_large;
  return state::incomplete;
}

namespace {

std::string_view trim(std::string_view s) {
  auto ows = [](char c) {
    return c == ' ' || c == '\t';
  };
  while (!s.empty() && ows(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && ows(s.back()))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

request_framing frame_request(std::string_view head) {
  request_framing f;
  auto eol = head.find("\r\n");
  f.head_method = head.substr(0, head.find(' ')) == "HEAD";
  bool has_length = false;
  bool has_coding = false;
  for (auto at = eol + 2; at < head.size(); at = eol + 2) {
    eol = head.find("\r\n", at);
    if (eol == std::string_view::npos || eol == at)
      break;
    auto line = head.substr(at, eol - at);
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      continue; // cpp-httplib refuses it (400) on the worker
    auto name = line.substr(0, colon);
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      std::uint64_t n = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || r.ec != std::errc{} || r.ptr != value.data() + value.size()) {
        f.error = "Content-Length is not a decimal number";
        return f;
      }
      if (has_length && n != f.length) {
        f.error = "two different Content-Length values";
        return f;
      }
      has_length = true;
      f.length = n;
    } else if (iequals(name, "Transfer-Encoding")) {
      // cpp-httplib decodes chunked alone; anything else it would treat as
      // a body without length, which a request cannot have.
      if (has_coding || !iequals(value, "chunked")) {
        f.error = "only the chunked transfer coding is supported";
        return f;
      }
      has_coding = true;
    } else if (iequals(name, "Expect")) {
      f.expect_continue = iequals(value, "100-continue");
    }
  }
  if (has_length && has_coding) {
    f.error = "a request may not carry both Content-Length and Transfer-Encoding";
    return f;
  }
  f.chunked = has_coding;
  return f;
}

} // namespace ag
