#pragma once
/// The HTTP server's front: one epoll thread owns the listening socket and
/// every connection. It reads each request whole (head, then body) under a
/// deadline, refuses what breaks a bound at once (400, 408, 413, 429, 431,
/// 503, each with the JSON error envelope), hands complete requests to a
/// worker, writes the answers back and keeps idle keep-alive connections,
/// all without a thread per connection: a slow or silent client costs
/// memory, never a worker. docs/architecture.md ("The HTTP reactor") says
/// why and what was measured.
///
/// A request may wait without a thread: a worker that has no answer yet can
/// return and let anyone call finish() later; the connection waits in the
/// reactor meanwhile (the Bot API's long polls need this).
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <sys/socket.h>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/settings.hpp"
#include "http/server/connection.hpp"
#include "http/server/request_job.hpp"

namespace ag {

struct reactor_settings {
  head_limits head;
  std::size_t max_body_bytes = http_settings{}.max_body_bytes;
  std::size_t keep_alive_max = http_settings{}.keep_alive_max;
  std::size_t max_connections = http_settings{}.max_connections;
  std::size_t max_connections_per_ip = http_settings{}.max_connections_per_ip;
  std::chrono::milliseconds keep_alive_timeout{http_settings{}.keep_alive_timeout_s * 1000};
  std::chrono::milliseconds header_timeout{http_settings{}.header_timeout_s * 1000};
  std::chrono::milliseconds body_timeout{http_settings{}.body_timeout_s * 1000};
  std::size_t body_min_rate = http_settings{}.body_min_rate_bytes; ///< bytes per second
  std::chrono::milliseconds write_timeout{http_settings{}.timeout_s * 1000};

  static reactor_settings from(const http_settings& s);
};

class reactor {
public:
  /// `dispatch` is called on the reactor thread with each complete request;
  /// it must not block (it queues the job for a worker).
  reactor(reactor_settings settings, std::function<void(request_job)> dispatch);
  ~reactor(); ///< closes every socket left

  /// Binds and listens; false if that failed. Port 0 picks a free port.
  bool listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const { return port_; }

  /// The event loop, on the calling thread, until stop().
  void run();

  /// From any thread: the worker is done with a request (write `unsent`,
  /// then keep or close the connection).
  void finish(request_done done);

  /// From any thread: run() returns soon, having closed every connection a
  /// worker does not hold. Those are closed by the destructor, which must
  /// run after the workers have stopped.
  void stop();

  /// Connections open now (tests, metrics).
  std::size_t connections() const { return open_.load(); }

private:
  enum class io { progress, wait, closed };

  void accept_all();
  void admit(int fd, const sockaddr_storage& addr);
  void take_finished();
  /// Acts on passed deadlines, a batch at a time: true if more are due.
  bool sweep();

  /// Moves the connection on as far as it can go without waiting: parses
  /// what is buffered, reads, dispatches, writes. False once it is closed.
  bool advance(connection& c);
  /// Parses the buffered input: true if the phase moved on.
  bool parse(connection& c);
  void begin_body(connection& c);
  void dispatch(connection& c, std::size_t end);
  void refuse(connection& c, errc code, std::string description);
  io read_in(connection& c);
  io write_out(connection& c);
  io drain(connection& c);
  void after_write(connection& c);
  void close(connection& c);
  void to_idle(connection& c);

  reactor_settings settings_;
  std::function<void(request_job)> dispatch_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1; ///< eventfd: finish() and stop() wake the loop
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_{0};

  std::unordered_map<int, connection> connections_; ///< by socket
  std::unordered_map<std::string, std::size_t> per_ip_;
  std::uint64_t next_id_ = 0;
  reactor_clock::time_point now_;
  reactor_clock::time_point accept_paused_until_{}; ///< out of descriptors: retry then
  bool accepting_ = true;

  std::vector<char> scratch_; ///< every read lands here first: idle connections keep no buffer

  std::mutex finished_mutex_;
  std::vector<request_done> finished_;
};

} // namespace ag
