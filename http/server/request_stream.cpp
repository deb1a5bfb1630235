#include "http/server/request_stream.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>

#include "http/server/socket_address.hpp"

namespace ag {

namespace {

constexpr std::string_view interim_continue = "HTTP/1.1 100 Continue\r\n\r\n";

} // namespace

request_stream::request_stream(std::string_view request, int fd, std::string remote_ip,
                               int remote_port, stream_options options)
  : request_(request), fd_(fd), remote_ip_(std::move(remote_ip)), remote_port_(remote_port),
    options_(options) {}

bool request_stream::is_writable() const {
  return !failed_ && !(options_.stopping && options_.stopping->load());
}

ssize_t request_stream::read(char* ptr, std::size_t size) {
  // The end of the request is the end of the stream: cpp-httplib never
  // reads into the next request (the reactor keeps those bytes).
  auto n = std::min(size, request_.size() - at_);
  std::memcpy(ptr, request_.data() + at_, n);
  at_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t request_stream::write(const char* ptr, std::size_t size) {
  if (failed_)
    return -1;
  if (options_.continue_sent && std::string_view{ptr, size} == interim_continue) {
    options_.continue_sent = false;
    return static_cast<ssize_t>(size);
  }
  if (!direct_ && out_.size() + size <= options_.max_buffered) {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  if (!direct_) {
    direct_ = true;
    auto head = std::move(out_);
    out_.clear();
    if (!send_all(head.data(), head.size()))
      return -1;
  }
  return send_all(ptr, size) ? static_cast<ssize_t>(size) : -1;
}

bool request_stream::send_all(const char* data, std::size_t size) {
  using clock = std::chrono::steady_clock;
  auto patience = std::chrono::milliseconds(options_.write_timeout_ms);
  auto deadline = clock::now() + patience;
  while (size > 0) {
    if (!is_writable()) {
      failed_ = true;
      return false;
    }
    auto n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      size -= static_cast<std::size_t>(n);
      deadline = clock::now() + patience; // a timeout per bit of progress
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      failed_ = true;
      return false;
    }
    if (clock::now() >= deadline) {
      failed_ = true;
      return false;
    }
    // Short waits, so that a stopping server is noticed soon.
    pollfd p{fd_, POLLOUT, 0};
    ::poll(&p, 1, 100);
  }
  return true;
}

void request_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void request_stream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    ip_and_port(addr, ip, port);
}

} // namespace ag
