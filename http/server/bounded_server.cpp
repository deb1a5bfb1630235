#include "http/server/bounded_server.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ag {

namespace {

int to_ms(time_t sec, time_t usec) {
  return static_cast<int>(sec * 1000 + usec / 1000);
}

/// poll() for `events`: > 0 ready, 0 timed out, < 0 failed.
int wait_for(socket_t sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  int n = 0;
  do
    n = ::poll(&p, 1, timeout_ms);
  while (n < 0 && errno == EINTR);
  return n;
}

ssize_t receive(socket_t sock, char* ptr, std::size_t size, int flags = 0) {
  ssize_t n = 0;
  do
    n = ::recv(sock, ptr, size, flags);
  while (n < 0 && errno == EINTR);
  return n;
}

void ip_and_port(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
  if (addr.ss_family == AF_INET)
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  else if (addr.ss_family == AF_INET6)
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  else
    return;
  char host[NI_MAXHOST];
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), nullptr, 0,
                    NI_NUMERICHOST)
      == 0)
    ip = host;
}

enum class head { ok, closed, too_large };

/// The connection as cpp-httplib's Stream: first what read_head() buffered,
/// then the socket (what cpp-httplib's own SocketStream does, with poll()).
class head_stream final : public httplib::Stream {
public:
  head_stream(socket_t sock, int read_ms, int write_ms)
    : sock_(sock), read_ms_(read_ms), write_ms_(write_ms) {}

  /// Waits for the next request: true once bytes are there, false after
  /// `keep_alive_s` of silence or when the server stops.
  bool await_request(const std::atomic<socket_t>& server, time_t keep_alive_s) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_s);
    while (server != INVALID_SOCKET) {
      if (off_ < buf_.size())
        return true;
      auto ready = wait_for(sock_, POLLIN, 50);
      if (ready != 0)
        return ready > 0;
      if (std::chrono::steady_clock::now() >= deadline)
        return false;
    }
    return false;
  }

  /// Reads until the buffer holds the next request's whole head (request
  /// line, header fields, blank line); bytes past it stay buffered for the
  /// body or the next request. A head cut short (timeout, end of stream) is
  /// handed on as it is: cpp-httplib answers 400 as it always did.
  head read_head(const head_limits& l) {
    buf_.erase(0, off_);
    off_ = 0;
    std::size_t line = 0; // where the line being read starts
    std::size_t fields = 0;
    bool request_line = true;
    for (;;) {
      for (auto eol = buf_.find("\r\n", line); eol != std::string::npos;
           eol = buf_.find("\r\n", line)) {
        if (eol + 2 > l.max_bytes)
          return head::too_large;
        if (eol == line && !request_line)
          return head::ok;
        if (!request_line && (++fields > l.max_fields || eol + 2 - line > l.max_field_bytes))
          return head::too_large;
        request_line = false;
        line = eol + 2;
      }
      if (buf_.size() > l.max_bytes || (!request_line && buf_.size() - line > l.max_field_bytes))
        return head::too_large;
      if (wait_for(sock_, POLLIN, read_ms_) <= 0) {
        exhausted_ = true;
        return buf_.empty() ? head::closed : head::ok;
      }
      char chunk[4096];
      auto n = receive(sock_, chunk, sizeof(chunk));
      if (n <= 0) {
        exhausted_ = true;
        return buf_.empty() ? head::closed : head::ok;
      }
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  /// The connection cannot carry another request (it timed out or ended).
  bool exhausted() const { return exhausted_; }

  /// Answers 431 with `body`, then reads and drops what the client is still
  /// sending for a moment: closing with unread input resets the connection,
  /// which can destroy the answer before the client reads it.
  void refuse(const std::string& body) {
    auto answer = "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                  "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t at = 0; at < answer.size();) {
      auto n = write(answer.data() + at, answer.size() - at);
      if (n <= 0)
        return;
      at += static_cast<std::size_t>(n);
    }
    ::shutdown(sock_, SHUT_WR);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    std::size_t dropped = 0;
    char chunk[4096];
    while (dropped < (1u << 20) && std::chrono::steady_clock::now() < until
           && wait_for(sock_, POLLIN, 100) > 0) {
      auto n = receive(sock_, chunk, sizeof(chunk));
      if (n <= 0)
        return;
      dropped += static_cast<std::size_t>(n);
    }
  }

  bool is_readable() const override {
    return off_ < buf_.size() || (!exhausted_ && wait_for(sock_, POLLIN, read_ms_) > 0);
  }

  bool is_writable() const override {
    if (wait_for(sock_, POLLOUT, write_ms_) <= 0)
      return false;
    // Alive unless the peer closed: readable with nothing to read.
    char probe;
    return wait_for(sock_, POLLIN, 0) == 0 || receive(sock_, &probe, 1, MSG_PEEK) > 0;
  }

  ssize_t read(char* ptr, std::size_t size) override {
    if (off_ < buf_.size()) {
      auto n = std::min(size, buf_.size() - off_);
      std::memcpy(ptr, buf_.data() + off_, n);
      off_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!is_readable())
      return -1;
    return receive(sock_, ptr, size);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable())
      return -1;
    ssize_t n = 0;
    do
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      ip_and_port(addr, len, ip, port);
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      ip_and_port(addr, len, ip, port);
  }

  socket_t socket() const override { return sock_; }

private:
  socket_t sock_;
  int read_ms_;
  int write_ms_;
  std::string buf_;     ///< read ahead by read_head()
  std::size_t off_ = 0; ///< what cpp-httplib has read of buf_
  bool exhausted_ = false;
};

} // namespace

bounded_server::bounded_server(head_limits limits, std::string refusal)
  : limits_(limits), refusal_(std::move(refusal)) {}

// The loop of cpp-httplib's process_server_socket (keep-alive count and
// timeout, stop on shutdown), with the head read first.
bool bounded_server::process_and_close_socket(socket_t sock) {
  head_stream strm{sock, to_ms(read_timeout_sec_, read_timeout_usec_),
                   to_ms(write_timeout_sec_, write_timeout_usec_)};
  bool ret = false;
  for (auto left = keep_alive_max_count_;
       left > 0 && strm.await_request(svr_sock_, keep_alive_timeout_sec_); --left) {
    auto h = strm.read_head(limits_);
    if (h == head::closed)
      break;
    if (h == head::too_large) {
      strm.refuse(refusal_);
      ret = false;
      break;
    }
    bool connection_closed = false;
    ret = process_request(strm, left == 1, connection_closed, nullptr);
    if (!ret || connection_closed || strm.exhausted())
      break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

} // namespace ag
