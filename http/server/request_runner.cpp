#include "http/server/request_runner.hpp"

#include <cerrno>
#include <sys/socket.h>

#include "core/codec/ascii.hpp"
#include "http/server/request_stream.hpp"

namespace ag {

namespace {

/// The job run() is processing on this thread, for defer().
struct current_job {
  const request_job* job = nullptr;
  bool deferred = false;
};
thread_local current_job* current = nullptr;

/// Whether the connection stays open after this request (RFC 9112 §9.3).
bool keeps_alive(const httplib::Request& req, bool last) {
  if (last)
    return false;
  auto connection = req.get_header_value("Connection");
  if (ascii::iequals(connection, "close"))
    return false;
  return req.version == "HTTP/1.1" || ascii::iequals(connection, "keep-alive");
}

} // namespace

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

std::shared_ptr<deferred_reply> request_runner::defer(const httplib::Request& req) {
  current->deferred = true;
  const auto& job = *current->job;
  return std::make_shared<deferred_reply>(
    request_done{job.connection, job.fd, {}, keeps_alive(req, job.last)}, sink_);
}

std::optional<request_done> request_runner::run(request_job job) {
  request_done done{job.connection, job.fd, {}, false};
  current_job here{&job, false};
  current = &here;
  struct reset {
    ~reset() { current = nullptr; }
  } reset_current;
  request_stream strm{
    job.bytes, job.fd, std::move(job.remote_ip), job.remote_port,
    stream_options{max_buffered_, write_timeout_ms_, &stopping_, job.continue_sent}};
  bool closed = false;
  bool ok = false;
  try {
    ok = process_request(strm, job.last, closed, nullptr);
  } catch (...) {
    // Handler exceptions are answered by the exception handler; anything
    // else (allocation) ends the connection without an answer, unless a
    // deferred reply owns it now.
    if (here.deferred)
      return std::nullopt;
    return done;
  }
  if (here.deferred)
    return std::nullopt;
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
