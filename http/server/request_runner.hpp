#pragma once
/// cpp-httplib's Server as a router only: routes are registered on it as
/// usual, but it never listens. run() parses one complete request from
/// memory (request_stream), routes it and collects the response; the
/// reactor (http/server/reactor.hpp) owns every socket.
#include <atomic>
#include <httplib.h>
#include <memory>
#include <optional>

#include "http/server/deferred_reply.hpp"
#include "http/server/request_job.hpp"

namespace ag {

class request_runner : public httplib::Server {
public:
  /// Responses over `max_buffered` bytes are written by the worker itself,
  /// with `write_timeout_ms` for each bit of progress.
  request_runner(std::size_t max_buffered, int write_timeout_ms);

  /// On a worker thread: answers the request. Sends what the socket takes
  /// at once and leaves the rest to the reactor. Nothing when the handler
  /// deferred its answer (defer()).
  std::optional<request_done> run(request_job job);

  /// Inside a route handler run by run(): the request will be answered
  /// later through the reply returned; whatever the handler puts in its
  /// response is dropped. Late answers go to `sink`.
  std::shared_ptr<deferred_reply> defer(const httplib::Request& req);
  void set_late_sink(std::shared_ptr<late_sink> sink) { sink_ = std::move(sink); }

  /// Streams still writing fail at their next write; so do later ones.
  void stop();

private:
  std::size_t max_buffered_;
  int write_timeout_ms_;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<late_sink> sink_;
};

} // namespace ag
