#pragma once
/// One client connection as the reactor keeps it between events. It holds
/// no thread: an idle keep-alive connection costs this struct and the
/// kernel's socket (its buffers are released between requests).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "http/server/chunked_body.hpp"
#include "http/server/request_head.hpp"

namespace ag {

using reactor_clock = std::chrono::steady_clock;

struct connection {
  /// Where the connection is; each phase has its own deadline.
  enum class phase {
    idle,       ///< waiting for a request's first byte (http.keep_alive_timeout_s)
    head,       ///< reading a head (http.header_timeout_s from its first byte)
    body,       ///< reading a body (http.body_timeout_s and the minimum rate)
    dispatched, ///< a worker has the request; no deadline here (the worker's own)
    writing,    ///< writing a response (http.timeout_s without progress)
    draining,   ///< answered and closing: reading what the client still sends
  };

  connection(int fd_, std::uint64_t id_, head_limits limits) : fd(fd_), id(id_), head(limits) {}

  int fd;
  std::uint64_t id;   ///< unique for the reactor's life (a closed fd's number comes back)
  std::string ip_key; ///< counted against http.max_connections_per_ip; empty if not counted
  std::string ip;
  int port = 0;

  phase at = phase::idle;
  reactor_clock::time_point deadline;

  std::string in; ///< read, not yet handed on: the request being read, then pipelined ones
  head_scanner head;
  std::size_t head_end = 0; ///< once the head is whole
  request_framing framing;
  std::optional<chunked_scanner> chunks;
  reactor_clock::time_point body_started;
  bool continue_sent = false;
  std::size_t requests = 0; ///< handed to workers so far

  std::string out; ///< the response being written
  std::size_t sent = 0;
  bool keep_alive = false; ///< after `out`: wait for the next request, or drain and close
  std::size_t drained = 0;
  reactor_clock::time_point linger_until; ///< draining ends by then whatever comes
};

} // namespace ag
