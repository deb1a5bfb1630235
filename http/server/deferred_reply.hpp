#pragma once
/// An answer a route handler gives later. A handler on a worker that has
/// no answer yet (a Bot API call running in an actor, a long poll) takes a
/// deferred_reply and returns; the worker is free at once, the connection
/// waits in the reactor, and whoever holds the reply sends it from any
/// thread. A reply never sent leaves the connection waiting until the
/// server stops, so every path must send exactly once.
#include <httplib.h>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "http/server/request_job.hpp"

namespace ag {

/// Where late answers go: the reactor while it runs, nowhere once the
/// server stops (closed before the reactor is destroyed).
class late_sink {
public:
  explicit late_sink(std::function<void(request_done)> finish) : finish_(std::move(finish)) {}
  void deliver(request_done done);
  void close();

private:
  std::mutex mutex_;
  std::function<void(request_done)> finish_;
};

class deferred_reply {
public:
  deferred_reply(request_done target, std::shared_ptr<late_sink> sink)
    : target_(std::move(target)), sink_(std::move(sink)) {}
  /// A reply dropped unsent (its holder failed) answers 500, so that no
  /// connection waits for ever.
  ~deferred_reply();
  deferred_reply(const deferred_reply&) = delete;
  deferred_reply& operator=(const deferred_reply&) = delete;

  /// Writes the whole response (status line, Content-Type, Content-Length,
  /// `extra` header lines each ending in CRLF, body) and hands it to the
  /// reactor. Only the first call sends.
  void send(int status, std::string_view content_type, std::string_view body,
            std::string_view extra = {});

private:
  request_done target_;
  std::shared_ptr<late_sink> sink_;
  std::once_flag sent_;
};

/// The reason phrase of a status code (RFC 9110), "Unknown" for others.
const char* reason_phrase(int status);

} // namespace ag
