#include "http/server/request_runner.hpp"

#include <cerrno>
#include <sys/socket.h>

#include "http/server/request_stream.hpp"

namespace ag {

request_runner::request_runner(std::size_t max_buffered, int write_timeout_ms)
  : max_buffered_(max_buffered), write_timeout_ms_(write_timeout_ms) {
  // cpp-httplib's content providers (downloads) stop writing once this is
  // INVALID_SOCKET, its sign of a stopping server. There is no listening
  // socket here; any other value means "serving".
  svr_sock_ = 0;
}

void request_runner::stop() {
  stopping_ = true;
  svr_sock_ = INVALID_SOCKET;
}

request_done request_runner::run(request_job job) {
  request_done done{job.connection, job.fd, {}, false};
  request_stream strm{
    job.bytes, job.fd, std::move(job.remote_ip), job.remote_port,
    stream_options{max_buffered_, write_timeout_ms_, &stopping_, job.continue_sent}};
  bool closed = false;
  bool ok = false;
  try {
    ok = process_request(strm, job.last, closed, nullptr);
  } catch (...) {
    // Handler exceptions are answered by the exception handler; anything
    // else (allocation) ends the connection without an answer.
    return done;
  }
  if (strm.failed())
    return done;
  done.keep_alive = ok && !closed && !job.last;
  done.unsent = strm.take_output();
  // Most answers fit the socket's buffer: send them from here and spare
  // the reactor thread the copy; it writes whatever is left.
  std::size_t sent = 0;
  while (sent < done.unsent.size()) {
    auto n = ::send(job.fd, done.unsent.data() + sent, done.unsent.size() - sent,
                    MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0)
      sent += static_cast<std::size_t>(n);
    else if (n < 0 && errno == EINTR)
      continue;
    else
      break; // full (the reactor waits for room) or failed (the reactor sees it)
  }
  done.unsent.erase(0, sent);
  return done;
}

} // namespace ag
