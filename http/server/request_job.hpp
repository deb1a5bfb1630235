#pragma once
/// What passes between the reactor and a worker: a complete request out,
/// the rest of its response back. The connection stays the reactor's; the
/// worker borrows its socket only to write a response too large to buffer.
#include <cstdint>
#include <string>

namespace ag {

struct request_job {
  std::uint64_t connection = 0; ///< the reactor's id, handed back in request_done
  int fd = -1;                  ///< the socket (non-blocking), lent until request_done
  std::string bytes;            ///< the whole request: head and body, nothing after
  std::string remote_ip;
  int remote_port = 0;
  bool last = false;          ///< the connection's last request (http.keep_alive_max)
  bool continue_sent = false; ///< the reactor answered Expect: 100-continue
};

struct request_done {
  std::uint64_t connection = 0;
  int fd = -1;
  std::string unsent;      ///< response bytes the reactor still has to write
  bool keep_alive = false; ///< false: close once `unsent` is written
};

} // namespace ag
