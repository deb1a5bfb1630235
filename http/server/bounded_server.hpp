#pragma once
/// cpp-httplib's Server with bounds on every request head. cpp-httplib
/// 0.11.4 limits each header line (8 KiB) but neither the number of header
/// fields nor their total, so a client could make a pool thread read and
/// keep megabytes of headers per request. Here each connection's loop
/// (Server::process_and_close_socket, overridden) reads the request head
/// itself, at most `max_bytes`, and only then lets cpp-httplib parse it from
/// that buffer; a head past a bound is answered 431 at once.
#include <httplib.h>
#include <string>

#include "core/settings.hpp"

namespace ag {

struct head_limits {
  /// Request line and header fields, CRLFs included (http.max_header_bytes).
  std::size_t max_bytes = http_settings{}.max_header_bytes;
  std::size_t max_fields = http_settings{}.max_headers; ///< header fields (http.max_headers)
  std::size_t max_field_bytes = 8192; ///< one header line (cpp-httplib's own limit)
};

class bounded_server : public httplib::Server {
public:
  /// `refusal` is the JSON body of the 431 answer.
  bounded_server(head_limits limits, std::string refusal);

private:
  bool process_and_close_socket(socket_t sock) override;
  head_limits limits_;
  std::string refusal_;
};

} // namespace ag
