#pragma once
/// One complete request, already read by the reactor, as cpp-httplib's
/// Stream on a worker thread. Reads come from memory, so a worker never
/// waits for a client. The response is collected in memory for the reactor
/// to write; only past `max_buffered` bytes (a download) does the stream
/// write to the socket itself, waiting at most `write_timeout_ms` for each
/// bit of progress, so one slow reader holds one worker (GET /file counts
/// those against http.max_downloads).
#include <atomic>
#include <httplib.h>
#include <string>
#include <string_view>

namespace ag {

struct stream_options {
  std::size_t max_buffered = 256 << 10;
  int write_timeout_ms = 30'000;
  const std::atomic<bool>* stopping = nullptr; ///< set: direct writes fail at once
  /// The reactor already answered Expect: 100-continue; cpp-httplib's own
  /// interim answer is dropped.
  bool continue_sent = false;
};

class request_stream final : public httplib::Stream {
public:
  /// `request` must outlive the stream; `fd` is the connection's socket
  /// (non-blocking), lent by the reactor until the worker is done.
  request_stream(std::string_view request, int fd, std::string remote_ip, int remote_port,
                 stream_options options);

  bool is_readable() const override { return at_ < request_.size(); }
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  /// Not the socket: cpp-httplib's only use of it on the server side is to
  /// answer 500 when it is at least FD_SETSIZE (Debian builds it for
  /// select()), which every connection past the 1,024th would be. It
  /// never selects on a stream it did not make; BufferStream says 0 too.
  socket_t socket() const override { return 0; }

  /// What the reactor still has to write (all of the response unless the
  /// stream wrote to the socket itself).
  std::string take_output() { return std::move(out_); }
  /// A write to the socket failed or timed out: the connection is done.
  bool failed() const { return failed_; }

private:
  /// Sends all of `data`, waiting for the socket as needed.
  bool send_all(const char* data, std::size_t size);

  std::string_view request_;
  std::size_t at_ = 0;
  int fd_;
  std::string remote_ip_;
  int remote_port_;
  stream_options options_;
  std::string out_;
  bool direct_ = false; ///< past max_buffered: writes go to the socket
  bool failed_ = false;
};

} // namespace ag
